package io.meshward.waf.actions;

import java.util.List;
import java.util.Locale;

/** Syslog severities as SecLang writes them: a number 0-7 or a name. */
public final class Severities {
  private static final List<String> NAMES =
      List.of("EMERGENCY", "ALERT", "CRITICAL", "ERROR", "WARNING", "NOTICE", "INFO", "DEBUG");

  private Severities() {}

  /** 0 (EMERGENCY) to 7 (DEBUG). */
  public static int parse(String text) {
    String value = text.trim();
    if (value.length() == 1 && Character.isDigit(value.charAt(0))) {
      int level = value.charAt(0) - '0';
      if (level <= 7) {
        return level;
      }
    }
    int index = NAMES.indexOf(value.toUpperCase(Locale.ROOT));
    if (index < 0) {
      throw new IllegalArgumentException("unknown severity '" + text + "'; a number 0-7 or one of " + NAMES);
    }
    return index;
  }

  public static String name(int severity) {
    return severity >= 0 && severity < NAMES.size() ? NAMES.get(severity) : "";
  }
}
