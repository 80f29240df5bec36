package io.meshward.waf.operators;

import io.meshward.waf.regex.SafeRegex;
import java.util.List;

/**
 * {@code @rx}: a PCRE regular expression over the bytes of the input, compiled once (see {@link SafeRegex} for the
 * semantics and the time guarantee). A pattern with macros is {@link ExpandedRx}.
 *
 * <p>With {@code capture}, the match goes to TX.0 and groups 1-9 to TX.1-TX.9 (a group that did not take part in
 * the match captures the empty string). When an evaluation cannot be decided within its bounds, the operator reports
 * {@link OperatorContext#limitExceeded} and does not match.
 */
final class Rx implements Operator {
  private final SafeRegex regex;

  Rx(SafeRegex regex) {
    this.regex = regex;
  }

  @Override
  public boolean matches(OperatorContext context, String input) {
    boolean capturing = context.capturing();
    SafeRegex.Match match = regex.match(input, capturing ? 9 : -1);
    switch (match.outcome()) {
      case MATCH:
        if (capturing) {
          List<String> groups = match.groups();
          for (int i = 0; i < groups.size(); i++) {
            context.capture(i, groups.get(i));
          }
        }
        return true;
      case UNDECIDED:
        context.limitExceeded("@rx " + abbreviate(regex.pattern()));
        return false;
      default:
        return false;
    }
  }

  SafeRegex regex() {
    return regex;
  }

  @Override
  public SafeRegex requiredPattern() {
    return regex;
  }

  private static String abbreviate(String pattern) {
    return pattern.length() <= 64 ? pattern : pattern.substring(0, 64) + "...";
  }

  @Override
  public String toString() {
    return "@rx " + regex.pattern();
  }
}
