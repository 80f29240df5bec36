package io.meshward.waf.seclang;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SecLang text into directives. Lines are trimmed; blank lines and lines starting with {@code #} are skipped; a
 * line ending in a backslash continues on the next line (the backslash is dropped, the next line's indentation too).
 * Arguments are separated by whitespace; an argument in double (or single) quotes may hold whitespace, and a quote
 * preceded by an odd number of backslashes does not end it. Nothing else is unescaped.
 */
public final class SecLangParser {
  private SecLangParser() {}

  public static List<Directive> parse(String sourceName, String text) throws SecLangSyntaxException {
    List<Directive> directives = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    int pendingStart = 0;
    int lineNumber = 0;
    int length = text.length();
    int position = 0;
    while (position <= length) {
      int end = text.indexOf('\n', position);
      if (end < 0) {
        end = length;
      }
      lineNumber++;
      String line = text.substring(position, end).strip();
      position = end + 1;
      if (pending.length() == 0 && (line.isEmpty() || line.charAt(0) == '#')) {
        if (end == length) {
          break;
        }
        continue;
      }
      if (pending.length() == 0) {
        pendingStart = lineNumber;
      }
      if (line.endsWith("\\")) {
        pending.append(line, 0, line.length() - 1);
        if (end == length) {
          break;
        }
        continue;
      }
      pending.append(line);
      directives.add(directive(pending.toString(), new SourceLocation(sourceName, pendingStart)));
      pending.setLength(0);
      if (end == length) {
        break;
      }
    }
    if (pending.length() > 0) {
      directives.add(directive(pending.toString(), new SourceLocation(sourceName, pendingStart)));
    }
    return directives;
  }

  private static Directive directive(String text, SourceLocation location) throws SecLangSyntaxException {
    int nameEnd = 0;
    while (nameEnd < text.length() && !Character.isWhitespace(text.charAt(nameEnd))) {
      nameEnd++;
    }
    String name = text.substring(0, nameEnd);
    List<String> arguments = new ArrayList<>();
    int i = nameEnd;
    while (true) {
      while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      if (i >= text.length()) {
        break;
      }
      char c = text.charAt(i);
      if (c == '"' || c == '\'') {
        int close = closingQuote(text, i, c);
        if (close < 0) {
          throw new SecLangSyntaxException(location, name + ": unterminated " + (c == '"' ? "double" : "single")
              + " quote in argument " + (arguments.size() + 1) + ": " + abbreviate(text.substring(i)));
        }
        arguments.add(text.substring(i + 1, close));
        i = close + 1;
        if (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
          throw new SecLangSyntaxException(location, name + ": argument " + arguments.size()
              + " continues after its closing quote: " + abbreviate(text.substring(i)));
        }
      } else {
        int start = i;
        while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
          i++;
        }
        arguments.add(text.substring(start, i));
      }
    }
    return new Directive(name, arguments, location, text);
  }

  /** The index of the quote that closes the one at {@code open}: not preceded by an odd run of backslashes. */
  private static int closingQuote(String text, int open, char quote) {
    int backslashes = 0;
    for (int i = open + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        backslashes++;
        continue;
      }
      if (c == quote && backslashes % 2 == 0) {
        return i;
      }
      backslashes = 0;
    }
    return -1;
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }
}
