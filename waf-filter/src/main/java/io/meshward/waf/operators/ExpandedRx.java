package io.meshward.waf.operators;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.meshward.waf.macros.MacroString;
import io.meshward.waf.regex.RegexSyntaxException;
import io.meshward.waf.regex.SafeRegex;
import java.util.Optional;

/**
 * {@code @rx} whose pattern holds macros, as CRS v3.3's 920480 does ({@code ^%{tx.allowed_request_content_type_charset}$}):
 * libmodsecurity v3 expands the macros on each evaluation, without escaping their values, and matches the pattern that
 * results; so does this operator. (ModSecurity v2's handling has varied between releases; Coraza does not expand
 * macros in {@code @rx}.)
 *
 * <p>The expansions seen are compiled once each and kept in a small bounded cache: a pattern built from the rule set's
 * own settings expands the same way in every transaction, while one built from request data could expand a new way in
 * each and must not grow memory. An expansion longer than {@link #MAX_PATTERN_LENGTH} is not compiled: it is reported
 * as a bounded computation given up ({@link OperatorContext#limitExceeded}) and does not match. An expansion that is
 * not a valid pattern does not match, and is remembered as such, so that it is not compiled again.
 */
final class ExpandedRx implements Operator {
  /** Longer expansions are refused: compiling a pattern costs time and memory in its length. */
  static final int MAX_PATTERN_LENGTH = 4096;
  private static final int CACHED_PATTERNS = 64;

  private final MacroString pattern;
  private final Cache<String, Optional<Rx>> compiled =
      Caffeine.newBuilder().maximumSize(CACHED_PATTERNS).build();

  ExpandedRx(MacroString pattern) {
    this.pattern = pattern;
  }

  @Override
  public boolean matches(OperatorContext context, String input) {
    String expanded = pattern.expand(context);
    if (expanded.length() > MAX_PATTERN_LENGTH) {
      context.limitExceeded("@rx " + pattern.text() + ": the expanded pattern is " + expanded.length()
          + " characters long, over " + MAX_PATTERN_LENGTH);
      return false;
    }
    Optional<Rx> rx = compiled.get(expanded, ExpandedRx::compile);
    return rx.isPresent() && rx.get().matches(context, input);
  }

  private static Optional<Rx> compile(String expanded) {
    try {
      return Optional.of(new Rx(SafeRegex.compile(expanded)));
    } catch (RegexSyntaxException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "@rx " + pattern.text();
  }
}
