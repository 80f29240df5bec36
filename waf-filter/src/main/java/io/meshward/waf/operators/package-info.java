/**
 * SecLang operators ({@code @rx}, {@code @pm}, {@code @eq}, ...), built by {@link io.meshward.waf.operators.Operators}.
 * Semantics follow Coraza where it and ModSecurity differ; inputs are byte strings (one char per byte).
 * {@code @detectSQLi} / {@code @detectXSS} delegate to {@link io.meshward.waf.operators.InjectionDetectors}: our
 * libinjection-compatible detectors in {@code io.meshward.waf.sqli} and {@code io.meshward.waf.xss}.
 */
package io.meshward.waf.operators;
