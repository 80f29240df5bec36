/**
 * {@code @detectXSS}: {@link io.meshward.waf.xss.XssDetector}, compatible with libinjection's
 * {@code libinjection_xss()} and written from its documented algorithm (no upstream code): a simplified HTML5
 * tokenizer run from five start contexts, and rules over its tokens (blacklisted tags, event-handler, namespace,
 * style and URL attributes, comments old browsers interpret, DOCTYPE). The DOM event-name list is ours, in
 * {@code event-names.txt} beside these classes. Inputs are byte strings (one char per byte).
 */
package io.meshward.waf.xss;
