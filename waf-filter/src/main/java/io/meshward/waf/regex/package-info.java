/**
 * Regular expressions for {@code @rx}: PCRE semantics over byte strings, with a time bound no input can defeat.
 *
 * <ul>
 *   <li>{@link io.meshward.waf.regex.SafeRegex}: compile once, evaluate from any thread. A literal prefilter (minimum
 *       length, required strings) rejects most benign inputs in one pass; then java.util.regex runs within a
 *       {@link io.meshward.waf.regex.RegexBudget} (character reads proportional to the input, capped, plus a time
 *       cap); past it, RE2/J (linear time) decides. Patterns RE2 cannot express end {@code UNDECIDED}.
 *   <li>{@link io.meshward.waf.regex.PatternTranslator}: PCRE syntax and byte semantics to equivalent
 *       java.util.regex and RE2/J patterns (also accepts PCRE-only syntax such as a literal {@code {} or a {@code [}
 *       inside a class, which CRS v3.3 uses).
 *   <li>{@link io.meshward.waf.regex.AhoCorasick}: ASCII-case-insensitive multi-phrase search for {@code @pm} and
 *       the prefilter.
 * </ul>
 *
 * The engines' agreement is tested over every CRS v4 and v3.3 pattern and every CRS v4 regression payload
 * ({@code CrsRegexAgreementTest}); the time bound with hostile inputs ({@code HostileInputTest}).
 */
package io.meshward.waf.regex;
