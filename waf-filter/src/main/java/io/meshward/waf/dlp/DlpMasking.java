package io.meshward.waf.dlp;

import java.util.List;

/**
 * Rewrites a text with its matches masked. Letters and digits of a match become the sensor's mask character (except
 * the ones its style keeps); everything else stays, so a masked text has the same shape. In JSON, a match inside a
 * string is masked in place, escape sequences left whole; a match in a bare number (a card number sent as a JSON
 * number) replaces that number with a string of the masked digits, so that the document stays valid JSON. Only then
 * can the length change: callers fix or drop {@code content-length}. Pure function.
 */
public final class DlpMasking {
  private DlpMasking() {}

  /** {@code text} (one char per byte) with every match masked; {@code json} when the text is a JSON document. */
  public static String mask(String text, List<DlpMatch> matches, boolean json) {
    return mask(text, matches, json ? new JsonLayout.State() : null);
  }

  /**
   * Like {@link #mask(String, List, boolean)} for a part of a JSON document: {@code json} is where the part starts
   * in the document (outside or inside a string, in an escape), and is advanced to where it ends; null for text that
   * is not JSON.
   */
  static String mask(String text, List<DlpMatch> matches, JsonLayout.State json) {
    byte[] layout = json == null ? null : JsonLayout.of(text, json);
    if (matches.isEmpty()) {
      return text;
    }
    char[] out = text.toCharArray();
    boolean[] numberToQuote = json != null ? new boolean[text.length()] : null;
    for (DlpMatch match : matches) {
      String masked = match.sensor().mask().mask(text.subSequence(match.start(), match.end()));
      for (int i = match.start(); i < match.end(); i++) {
        if (layout == null || layout[i] == JsonLayout.IN_STRING) {
          out[i] = masked.charAt(i - match.start());
        } else if (layout[i] == JsonLayout.OUTSIDE && isNumberChar(text.charAt(i))) {
          out[i] = masked.charAt(i - match.start());
          numberToQuote[i] = true;
        }
      }
    }
    if (numberToQuote == null) {
      return new String(out);
    }
    return quoteMaskedNumbers(text, out, numberToQuote);
  }

  /** Wraps every number token that has a masked character in quotes. */
  private static String quoteMaskedNumbers(String text, char[] out, boolean[] masked) {
    StringBuilder result = new StringBuilder(out.length + 8);
    int i = 0;
    while (i < out.length) {
      if (!masked[i]) {
        result.append(out[i++]);
        continue;
      }
      // Back up to the start of the number token already copied, then copy the whole token quoted.
      int tokenStart = i;
      while (tokenStart > 0 && isNumberChar(text.charAt(tokenStart - 1))) {
        tokenStart--;
      }
      result.setLength(result.length() - (i - tokenStart));
      int tokenEnd = i;
      while (tokenEnd < out.length && isNumberChar(text.charAt(tokenEnd))) {
        tokenEnd++;
      }
      result.append('"').append(out, tokenStart, tokenEnd - tokenStart).append('"');
      i = tokenEnd;
    }
    return result.toString();
  }

  private static boolean isNumberChar(char c) {
    return c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
  }

  /** Where each char of a JSON text is: outside strings, inside a string, or part of an escape sequence. */
  static final class JsonLayout {
    static final byte OUTSIDE = 0;
    static final byte IN_STRING = 1;
    static final byte ESCAPE = 2;

    private JsonLayout() {}

    /** Where a part of a document starts; advanced by {@link #of(String, State)} to where it ends. */
    static final class State {
      boolean inString;
      int escapeLeft;
      char previous;
    }

    static byte[] of(String text) {
      return of(text, new State());
    }

    static byte[] of(String text, State state) {
      byte[] layout = new byte[text.length()];
      boolean inString = state.inString;
      int escapeLeft = state.escapeLeft;
      char previous = state.previous;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        char before = previous;
        previous = c;
        if (!inString) {
          layout[i] = OUTSIDE;
          if (c == '"') {
            inString = true;
          }
        } else if (escapeLeft > 0) {
          layout[i] = ESCAPE;
          escapeLeft--;
          if (escapeLeft == 0 && c == 'u' && before == '\\') {
            escapeLeft = 4;
          }
        } else if (c == '\\') {
          layout[i] = ESCAPE;
          escapeLeft = 1;
        } else if (c == '"') {
          layout[i] = OUTSIDE;
          inString = false;
        } else {
          layout[i] = IN_STRING;
        }
      }
      state.inString = inString;
      state.escapeLeft = escapeLeft;
      state.previous = previous;
      return layout;
    }
  }
}
