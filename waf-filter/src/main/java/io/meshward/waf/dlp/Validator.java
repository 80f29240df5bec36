package io.meshward.waf.dlp;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a candidate beyond its pattern, so that look-alikes (order numbers, timestamps, random ids) are not
 * reported. Pure functions of the matched text.
 */
public enum Validator {
  /** The pattern alone decides. */
  NONE {
    @Override
    public boolean valid(CharSequence match) {
      return true;
    }
  },
  /** Payment card numbers: 12 to 19 digits (separators ignored) whose Luhn checksum holds. */
  LUHN {
    @Override
    public boolean valid(CharSequence match) {
      String digits = digits(match);
      if (digits.length() < 12 || digits.length() > 19 || allSame(digits)) {
        return false;
      }
      int sum = 0;
      boolean doubled = false;
      for (int i = digits.length() - 1; i >= 0; i--) {
        int d = digits.charAt(i) - '0';
        if (doubled) {
          d *= 2;
          if (d > 9) {
            d -= 9;
          }
        }
        sum += d;
        doubled = !doubled;
      }
      return sum % 10 == 0;
    }
  },
  /**
   * US social security numbers as the SSA issues them: area 001-899 except 666, group 01-99, serial 0001-9999; and
   * not one of the numbers published in advertising (078-05-1120, 219-09-9999).
   */
  US_SSN {
    @Override
    public boolean valid(CharSequence match) {
      String digits = digits(match);
      if (digits.length() != 9) {
        return false;
      }
      int area = Integer.parseInt(digits.substring(0, 3));
      int group = Integer.parseInt(digits.substring(3, 5));
      int serial = Integer.parseInt(digits.substring(5));
      return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
          && !digits.equals("078051120") && !digits.equals("219099999");
    }
  },
  /** IBANs: a known country's length and the ISO 13616 mod-97 check (the remainder is 1). */
  IBAN {
    @Override
    public boolean valid(CharSequence match) {
      StringBuilder compact = new StringBuilder(34);
      for (int i = 0; i < match.length(); i++) {
        char c = match.charAt(i);
        if (c != ' ' && c != '-') {
          compact.append(Character.toUpperCase(c));
        }
      }
      if (compact.length() < 15 || compact.length() > 34) {
        return false;
      }
      Integer length = IBAN_LENGTHS.get(compact.substring(0, 2));
      if (length == null || length != compact.length()) {
        return false;
      }
      // Move the first four characters to the end, letters as numbers (A = 10), remainder mod 97 digit by digit.
      String rearranged = compact.substring(4) + compact.substring(0, 4);
      int remainder = 0;
      for (int i = 0; i < rearranged.length(); i++) {
        char c = rearranged.charAt(i);
        int value;
        if (c >= '0' && c <= '9') {
          value = c - '0';
          remainder = (remainder * 10 + value) % 97;
        } else if (c >= 'A' && c <= 'Z') {
          value = c - 'A' + 10;
          remainder = (remainder * 100 + value) % 97;
        } else {
          return false;
        }
      }
      return remainder == 1;
    }
  },
  /** JSON Web Tokens: three base64url parts whose first decodes to a JSON object naming an {@code alg}. */
  JWT {
    @Override
    public boolean valid(CharSequence match) {
      String text = match.toString();
      int first = text.indexOf('.');
      int second = first < 0 ? -1 : text.indexOf('.', first + 1);
      if (first <= 0 || second < 0) {
        return false;
      }
      return decodeBase64Url(text.substring(0, first))
          .map(header -> header.startsWith("{") && header.contains("\"alg\""))
          .orElse(false);
    }
  },
  /**
   * Random-looking secrets: the value (after the last {@code :} or {@code =} and quotes, when the match is an
   * assignment) has at least 3.5 bits of Shannon entropy per character, mixes letters and digits, and is not an
   * identifier of a known shape: a UUID or a hexadecimal string (hashes, ids), which are random but not secret.
   */
  HIGH_ENTROPY {
    @Override
    public boolean valid(CharSequence candidate) {
      CharSequence match = assignedValue(candidate);
      if (UUID_SHAPE.matcher(match).matches() || HEX.matcher(match).matches()) {
        return false;
      }
      boolean letters = false;
      boolean digits = false;
      int[] counts = new int[128];
      int n = 0;
      for (int i = 0; i < match.length(); i++) {
        char c = match.charAt(i);
        if (c >= 128) {
          return false;
        }
        letters |= Character.isLetter(c);
        digits |= c >= '0' && c <= '9';
        counts[c]++;
        n++;
      }
      if (!letters || !digits || n < 16) {
        return false;
      }
      double entropy = 0;
      for (int count : counts) {
        if (count > 0) {
          double p = (double) count / n;
          entropy -= p * Math.log(p) / Math.log(2);
        }
      }
      return entropy >= 3.5;
    }
  };

  public abstract boolean valid(CharSequence match);

  private static final java.util.regex.Pattern UUID_SHAPE =
      java.util.regex.Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final java.util.regex.Pattern HEX = java.util.regex.Pattern.compile("[0-9a-fA-F]+");

  /** By name as written in a sensor ({@code luhn}, {@code us-ssn}, {@code iban}, ...); empty when unknown. */
  public static Optional<Validator> byName(String name) {
    try {
      return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The value of {@code name = "value"} (what follows the first ':' or '=', quotes and spaces removed). */
  static CharSequence assignedValue(CharSequence text) {
    String s = text.toString();
    int at = -1;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == ':' || s.charAt(i) == '=') {
        at = i;
        break;
      }
    }
    if (at < 0) {
      return s;
    }
    int start = at + 1;
    while (start < s.length() && (s.charAt(start) == ' ' || s.charAt(start) == '"' || s.charAt(start) == '\'')) {
      start++;
    }
    return s.substring(start);
  }

  static String digits(CharSequence text) {
    StringBuilder digits = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        digits.append(c);
      }
    }
    return digits.toString();
  }

  private static boolean allSame(String digits) {
    for (int i = 1; i < digits.length(); i++) {
      if (digits.charAt(i) != digits.charAt(0)) {
        return false;
      }
    }
    return true;
  }

  private static Optional<String> decodeBase64Url(String part) {
    try {
      return Optional.of(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.ISO_8859_1));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** IBAN lengths by country (ISO 13616 registry). */
  private static final Map<String, Integer> IBAN_LENGTHS = Map.ofEntries(
      Map.entry("AD", 24), Map.entry("AE", 23), Map.entry("AL", 28), Map.entry("AT", 20), Map.entry("AZ", 28),
      Map.entry("BA", 20), Map.entry("BE", 16), Map.entry("BG", 22), Map.entry("BH", 22), Map.entry("BR", 29),
      Map.entry("BY", 28), Map.entry("CH", 21), Map.entry("CR", 22), Map.entry("CY", 28), Map.entry("CZ", 24),
      Map.entry("DE", 22), Map.entry("DK", 18), Map.entry("DO", 28), Map.entry("EE", 20), Map.entry("EG", 29),
      Map.entry("ES", 24), Map.entry("FI", 18), Map.entry("FO", 18), Map.entry("FR", 27), Map.entry("GB", 22),
      Map.entry("GE", 22), Map.entry("GI", 23), Map.entry("GL", 18), Map.entry("GR", 27), Map.entry("GT", 28),
      Map.entry("HR", 21), Map.entry("HU", 28), Map.entry("IE", 22), Map.entry("IL", 23), Map.entry("IQ", 23),
      Map.entry("IS", 26), Map.entry("IT", 27), Map.entry("JO", 30), Map.entry("KW", 30), Map.entry("KZ", 20),
      Map.entry("LB", 28), Map.entry("LC", 32), Map.entry("LI", 21), Map.entry("LT", 20), Map.entry("LU", 20),
      Map.entry("LV", 21), Map.entry("MC", 27), Map.entry("MD", 24), Map.entry("ME", 22), Map.entry("MK", 19),
      Map.entry("MR", 27), Map.entry("MT", 31), Map.entry("MU", 30), Map.entry("NL", 18), Map.entry("NO", 15),
      Map.entry("PK", 24), Map.entry("PL", 28), Map.entry("PS", 29), Map.entry("PT", 25), Map.entry("QA", 29),
      Map.entry("RO", 24), Map.entry("RS", 22), Map.entry("SA", 24), Map.entry("SC", 31), Map.entry("SE", 24),
      Map.entry("SI", 19), Map.entry("SK", 24), Map.entry("SM", 27), Map.entry("ST", 25), Map.entry("SV", 28),
      Map.entry("TL", 23), Map.entry("TN", 24), Map.entry("TR", 26), Map.entry("UA", 29), Map.entry("VA", 22),
      Map.entry("VG", 24), Map.entry("XK", 20));
}
