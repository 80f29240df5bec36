/**
 * SecLang operators ({@code @rx}, {@code @pm}, {@code @eq}, ...), built by {@link io.meshward.waf.operators.Operators}.
 * Semantics follow Coraza where it and ModSecurity differ; inputs are byte strings (one char per byte).
 * {@code @detectSQLi} / {@code @detectXSS} delegate to {@link io.meshward.waf.operators.InjectionDetectors}, which
 * are placeholders that never match until the libinjection-compatible detectors land.
 */
package io.meshward.waf.operators;
