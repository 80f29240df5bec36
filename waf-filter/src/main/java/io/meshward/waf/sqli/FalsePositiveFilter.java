package io.meshward.waf.sqli;

/**
 * The "not whitelist" step: short blacklisted fingerprints that are common in benign text ({@code n} followed by a
 * comment, {@code 'a' or 'b'} in prose, …) are accepted unless the surrounding evidence says otherwise.
 */
final class FalsePositiveFilter {
  private FalsePositiveFilter() {}

  /** Whether a blacklisted pass really is SQLi. */
  static boolean confirms(SqliPass pass, byte[] input) {
    int length = pass.length();
    if (length > 1 && pass.letter(length - 1) == TokenType.COMMENT && contains(input, "sp_password")) {
      // MSSQL hides statements containing sp_password from its logs; a comment after it is a tell.
      return true;
    }
    return switch (length) {
      case 2 -> confirmsTwo(pass, input);
      case 3 -> confirmsThree(pass);
      default -> true;
    };
  }

  private static boolean confirmsTwo(SqliPass pass, byte[] input) {
    Token first = pass.token(0);
    Token second = pass.token(1);
    if (second.type == TokenType.UNION) {
      return pass.tokenCount() != 2;
    }
    if (second.firstByte() == '#') {
      return false;
    }
    if (first.type == TokenType.BAREWORD && second.type == TokenType.COMMENT && second.firstByte() != '/') {
      return false;
    }
    if (first.type == TokenType.NUMBER && second.type == TokenType.COMMENT) {
      if (second.firstByte() == '/' || pass.tokenCount() > 2) {
        return true;
      }
      // "1 --", "1/*": the number is directly followed by blank or a comment opener.
      int at = first.len;
      byte next = byteAt(input, at);
      if (next <= 32) {
        return true;
      }
      byte after = byteAt(input, at + 1);
      return next == '/' && after == '*' || next == '-' && after == '-';
    }
    return !(second.len > 2 && second.firstByte() == '-');
  }

  private static boolean confirmsThree(SqliPass pass) {
    if (pass.fingerprintIs("sos") || pass.fingerprintIs("s&s")) {
      Token first = pass.token(0);
      Token last = pass.token(2);
      // Only a quote-context match ("1' or '1") is an attack; free text with two quoted words is not.
      return first.strOpen == 0 && last.strClose == 0 && first.strClose == last.strOpen;
    }
    if (pass.fingerprintIs("s&n") || pass.fingerprintIs("n&1") || pass.fingerprintIs("1&1")
        || pass.fingerprintIs("1&v") || pass.fingerprintIs("1&s")) {
      return pass.tokenCount() != 3;
    }
    Token middle = pass.token(1);
    if (middle.type == TokenType.KEYWORD) {
      return middle.len >= 5 && SqliData.upperAscii(middle.value().substring(0, 4)).equals("INTO");
    }
    return true;
  }

  /** The input byte at {@code i}, or 0 past the end (the C string terminator), signed as a C char. */
  private static byte byteAt(byte[] input, int i) {
    return i < input.length ? input[i] : 0;
  }

  private static boolean contains(byte[] input, String needle) {
    outer:
    for (int i = 0; i + needle.length() <= input.length; i++) {
      for (int j = 0; j < needle.length(); j++) {
        if (input[i + j] != needle.charAt(j)) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
