package io.meshward.waf.service.inspect;

import io.meshward.waf.MatchedData;
import io.meshward.waf.MatchedRule;

/**
 * Makes a rule's message safe to report. A CRS msg may expand macros such as {@code %{MATCHED_VAR}} into request
 * data (rule 920450: "HTTP header is restricted by policy (%{MATCHED_VAR})"), and the expanded text is all the
 * engine keeps. So every matched value and variable key of that rule that appears in the message is replaced by
 * {@code ***}; control characters become spaces; the result is cut at {@link #MAX_CHARS}. Values shorter than
 * {@link #MIN_MASKED_CHARS} are left alone: they carry next to nothing and masking them would garble the text
 * (the "10" of "Total Score: 10" is also a matched value of rule 949110).
 */
public final class MessageMask {
  public static final int MAX_CHARS = 200;
  public static final int MIN_MASKED_CHARS = 3;
  static final String MASK = "***";

  public String of(MatchedRule rule) {
    String message = rule.message() == null ? "" : rule.message();
    for (MatchedData data : rule.matches()) {
      message = mask(message, data.value());
      message = mask(message, data.key());
    }
    StringBuilder clean = new StringBuilder(Math.min(message.length(), MAX_CHARS + 3));
    for (int i = 0; i < message.length() && clean.length() < MAX_CHARS; i++) {
      char c = message.charAt(i);
      clean.append(c < 0x20 || c == 0x7f ? ' ' : c);
    }
    if (message.length() > MAX_CHARS) {
      clean.append("...");
    }
    return clean.toString();
  }

  private static String mask(String message, String value) {
    if (value == null || value.length() < MIN_MASKED_CHARS || message.isEmpty()) {
      return message;
    }
    return message.replace(value, MASK);
  }
}
