package io.meshward.waf.dlp;

/**
 * How a match is masked: every letter and digit becomes {@code maskChar} except the last {@code keepLast} of them;
 * separators (spaces, dashes, dots, ...) stay when {@code keepSeparators}. The result has the match's length, so that
 * offsets, and JSON strings, stay valid: {@code 4111 1111 1111 1234} becomes {@code **** **** **** 1234}.
 */
public record MaskStyle(char maskChar, int keepLast, boolean keepSeparators) {
  public static final MaskStyle CARD = new MaskStyle('*', 4, true);
  public static final MaskStyle FULL = new MaskStyle('*', 0, true);

  public MaskStyle {
    if (keepLast < 0 || keepLast > 8) {
      throw new IllegalArgumentException("keepLast must be between 0 and 8, got " + keepLast);
    }
    if (Character.isLetterOrDigit(maskChar) || maskChar < 0x20 || maskChar > 0x7e || maskChar == '"'
        || maskChar == '\\') {
      throw new IllegalArgumentException("the mask character must be printable ASCII punctuation other than \" and \\"
          + ", got '" + maskChar + "'");
    }
  }

  public String mask(CharSequence match) {
    int significant = 0;
    for (int i = 0; i < match.length(); i++) {
      if (Character.isLetterOrDigit(match.charAt(i))) {
        significant++;
      }
    }
    int keepFrom = significant - keepLast;
    StringBuilder out = new StringBuilder(match.length());
    int seen = 0;
    for (int i = 0; i < match.length(); i++) {
      char c = match.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        out.append(seen++ >= keepFrom ? c : maskChar);
      } else {
        out.append(keepSeparators ? c : maskChar);
      }
    }
    return out.toString();
  }

  /**
   * What reports may show of a match: masked with at most 4 characters kept, and at most 24 characters long, so that
   * no report, log line or metric ever holds enough to reconstruct a value.
   */
  public String sample(CharSequence match) {
    MaskStyle reporting = new MaskStyle(maskChar, Math.min(keepLast, Math.min(4, significant(match) / 4)),
        keepSeparators);
    String masked = reporting.mask(match);
    return masked.length() <= 24 ? masked : masked.substring(0, 11) + "..." + masked.substring(masked.length() - 10);
  }

  private static int significant(CharSequence match) {
    int count = 0;
    for (int i = 0; i < match.length(); i++) {
      if (Character.isLetterOrDigit(match.charAt(i))) {
        count++;
      }
    }
    return count;
  }
}
