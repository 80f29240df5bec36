package io.meshward.waf.crstest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * go-ftw runs every {@code data} field through Go's {@code text/template} with the sprig functions, so that a test
 * can write {@code {{ "1" | repeat 64200 }}} instead of a 64 KB literal. This evaluates the subset the CRS tests use:
 * text, comments, trim markers ({@code {{-}} / {@code -}}}), pipelines of string and integer literals, and the
 * functions {@code repeat upper lower trim cat print quote squote b64enc b64dec replace}.
 *
 * <p>Two kinds of failure differ on purpose. Text that Go itself cannot parse (an unclosed {@code {{}, a malformed
 * action) makes go-ftw send no body at all; {@link #render} returns null for it, as go-ftw does. A well-formed
 * template that calls a function outside this subset throws {@link UnsupportedOperationException}: Go might know it,
 * this runner does not, and guessing would hide a difference.
 */
final class GoTemplate {
  private GoTemplate() {}

  /**
   * The function names Go's template parser accepts in go-ftw (text/template's built-ins and sprig's text
   * functions). A name outside this list is a parse error in Go (the request goes without a body); a name in it that
   * this class does not implement is reported instead of guessed.
   */
  private static final Set<String> GO_FUNCTIONS = Set.of(("and call html index slice js len not or print printf "
      + "println urlquery eq ge gt le lt ne hello ago date date_in_zone date_modify dateInZone dateModify duration "
      + "durationRound htmlDate htmlDateInZone must_date_modify mustDateModify mustToDate now toDate unixEpoch abbrev "
      + "abbrevboth trunc trim upper lower title untitle substr repeat trimall trimAll trimSuffix trimPrefix nospace "
      + "initials randAlphaNum randAlpha randAscii randNumeric swapcase shuffle snakecase camelcase kebabcase wrap "
      + "wrapWith contains hasPrefix hasSuffix quote squote cat indent nindent replace plural sha1sum sha256sum "
      + "adler32sum toString atoi int64 int float64 seq toDecimal split splitList splitn toStrings until untilStep "
      + "add1 add sub div mod mul randInt add1f addf subf divf mulf biggest max min maxf minf ceil floor round join "
      + "sortAlpha default empty coalesce all any compact mustCompact fromJson toJson toPrettyJson toRawJson "
      + "mustFromJson mustToJson mustToPrettyJson mustToRawJson ternary deepCopy mustDeepCopy typeOf typeIs "
      + "typeIsLike kindOf kindIs deepEqual env expandenv getHostByName base dir clean ext isAbs osBase osClean osDir "
      + "osExt osIsAbs b64enc b64dec b32enc b32dec tuple list dict get set unset hasKey pluck keys pick omit merge "
      + "mergeOverwrite mustMerge mustMergeOverwrite values append push mustAppend mustPush prepend mustPrepend first "
      + "mustFirst rest mustRest last mustLast initial mustInitial reverse mustReverse uniq mustUniq without "
      + "mustWithout has mustHas mustSlice concat dig chunk mustChunk bcrypt htpasswd genPrivateKey derivePassword "
      + "buildCustomCert genCA genCAWithKey genSelfSignedCert genSelfSignedCertWithKey genSignedCert "
      + "genSignedCertWithKey encryptAES decryptAES randBytes uuidv4 semver semverCompare fail regexMatch "
      + "mustRegexMatch regexFindAll mustRegexFindAll regexFind mustRegexFind regexReplaceAll mustRegexReplaceAll "
      + "regexReplaceAllLiteral mustRegexReplaceAllLiteral regexSplit mustRegexSplit regexQuoteMeta urlParse urlJoin")
      .split(" "));

  /** Thrown for text Go's template parser rejects. */
  static final class TemplateSyntaxException extends Exception {
    TemplateSyntaxException(String message) {
      super(message);
    }
  }

  /**
   * Evaluates a go-ftw data template.
   *
   * @return the body text, or null where go-ftw would fail to parse the template and send no body
   * @throws UnsupportedOperationException for a function this runner does not implement
   */
  static String render(String template) {
    try {
      return evaluate(template);
    } catch (TemplateSyntaxException e) {
      return null;
    }
  }

  static String evaluate(String template) throws TemplateSyntaxException {
    if (!template.contains("{{")) {
      return template;
    }
    StringBuilder out = new StringBuilder(template.length());
    int i = 0;
    while (true) {
      int open = template.indexOf("{{", i);
      if (open < 0) {
        out.append(template, i, template.length());
        return out.toString();
      }
      int textEnd = open;
      int actionStart = open + 2;
      boolean trimLeft = template.startsWith("{{- ", open) || template.startsWith("{{-\t", open)
          || template.startsWith("{{-\n", open) || template.startsWith("{{-\r", open);
      if (trimLeft) {
        actionStart = open + 3;
      }
      String text = template.substring(i, textEnd);
      out.append(trimLeft ? stripTrailingSpace(text) : text);
      int close = findClose(template, actionStart);
      if (close < 0) {
        throw new TemplateSyntaxException("unclosed action");
      }
      boolean trimRight = close >= actionStart + 2 && template.charAt(close - 1) == '-'
          && isSpace(template.charAt(close - 2));
      String action = template.substring(actionStart, trimRight ? close - 1 : close).strip();
      out.append(action(action));
      i = close + 2;
      if (trimRight) {
        while (i < template.length() && isSpace(template.charAt(i))) {
          i++;
        }
      }
    }
  }

  /** The index of the {@code }}} closing the action, skipping quoted strings and comments. */
  private static int findClose(String s, int from) {
    int i = from;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (s.startsWith("/*", i)) {
        int end = s.indexOf("*/", i + 2);
        if (end < 0) {
          return -1;
        }
        i = end + 2;
      } else if (c == '"') {
        i++;
        while (i < s.length() && s.charAt(i) != '"') {
          if (s.charAt(i) == '\\') {
            i++;
          }
          if (i < s.length() && s.charAt(i) == '\n') {
            return -1;
          }
          i++;
        }
        i++;
      } else if (c == '`') {
        int end = s.indexOf('`', i + 1);
        if (end < 0) {
          return -1;
        }
        i = end + 1;
      } else if (s.startsWith("}}", i)) {
        return i;
      } else {
        i++;
      }
    }
    return -1;
  }

  private static String action(String action) throws TemplateSyntaxException {
    if (action.startsWith("/*")) {
      if (!action.endsWith("*/")) {
        throw new TemplateSyntaxException("comment ends before closing delimiter");
      }
      return "";
    }
    if (action.isEmpty()) {
      throw new TemplateSyntaxException("missing value for command");
    }
    List<List<Object>> commands = new ArrayList<>();
    List<Object> current = new ArrayList<>();
    List<Object> tokens = tokens(action);
    for (Object token : tokens) {
      if (token == Pipe.PIPE) {
        if (current.isEmpty()) {
          throw new TemplateSyntaxException("missing command");
        }
        commands.add(current);
        current = new ArrayList<>();
      } else {
        current.add(token);
      }
    }
    if (current.isEmpty()) {
      throw new TemplateSyntaxException("missing command");
    }
    commands.add(current);
    Object value = null;
    for (int c = 0; c < commands.size(); c++) {
      List<Object> command = new ArrayList<>(commands.get(c));
      if (c > 0) {
        command.add(value);
      }
      value = run(command);
    }
    return String.valueOf(value);
  }

  private enum Pipe { PIPE }

  private record Identifier(String name) {}

  private static List<Object> tokens(String s) throws TemplateSyntaxException {
    List<Object> tokens = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (isSpace(c)) {
        i++;
      } else if (c == '|') {
        tokens.add(Pipe.PIPE);
        i++;
      } else if (c == '"') {
        StringBuilder value = new StringBuilder();
        i++;
        while (true) {
          if (i >= s.length()) {
            throw new TemplateSyntaxException("unterminated quoted string");
          }
          char d = s.charAt(i);
          if (d == '"') {
            i++;
            break;
          }
          if (d == '\\') {
            i = unescape(s, i + 1, value);
          } else {
            value.append(d);
            i++;
          }
        }
        tokens.add(value.toString());
      } else if (c == '`') {
        int end = s.indexOf('`', i + 1);
        tokens.add(s.substring(i + 1, end));
        i = end + 1;
      } else if (c == '-' || c == '+' || Character.isDigit(c)) {
        int start = i++;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
          i++;
        }
        String number = s.substring(start, i);
        try {
          tokens.add(Long.decode(number.startsWith("+") ? number.substring(1) : number));
        } catch (NumberFormatException e) {
          throw new TemplateSyntaxException("bad number syntax: " + number);
        }
      } else if (Character.isLetter(c) || c == '_') {
        int start = i;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
          i++;
        }
        String name = s.substring(start, i);
        if (name.equals("true") || name.equals("false")) {
          tokens.add(name);
        } else if (GO_FUNCTIONS.contains(name)) {
          tokens.add(new Identifier(name));
        } else {
          throw new TemplateSyntaxException("function \"" + name + "\" not defined");
        }
      } else {
        throw new UnsupportedOperationException("go-ftw data template: unsupported syntax '" + c + "' in {{"
            + s + "}}");
      }
    }
    return tokens;
  }

  private static int unescape(String s, int i, StringBuilder out) throws TemplateSyntaxException {
    if (i >= s.length()) {
      throw new TemplateSyntaxException("unterminated quoted string");
    }
    char e = s.charAt(i);
    switch (e) {
      case 'n' -> out.append('\n');
      case 't' -> out.append('\t');
      case 'r' -> out.append('\r');
      case 'a' -> out.append('\007');
      case 'b' -> out.append('\b');
      case 'f' -> out.append('\f');
      case 'v' -> out.append('\013');
      case '\\', '"', '\'' -> out.append(e);
      case 'x', 'u', 'U' -> {
        int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        if (i + digits >= s.length()) {
          throw new TemplateSyntaxException("bad escape");
        }
        String hex = s.substring(i + 1, i + 1 + digits);
        try {
          int code = Integer.parseInt(hex, 16);
          if (e == 'x' && code > 0x7f) {
            // Go writes that single byte as is; this runner's text is re-encoded as UTF-8
            throw new UnsupportedOperationException("go-ftw data template: \\x escapes above 0x7f are not supported");
          } else if (e == 'x') {
            out.append((char) code);
          } else {
            out.appendCodePoint(code);
          }
        } catch (NumberFormatException ex) {
          throw new TemplateSyntaxException("bad escape");
        }
        return i + 1 + digits;
      }
      default -> {
        if (e >= '0' && e <= '7' && i + 2 < s.length()) {
          out.append((char) Integer.parseInt(s.substring(i, i + 3), 8));
          return i + 3;
        }
        throw new TemplateSyntaxException("unknown escape sequence");
      }
    }
    return i + 1;
  }

  private static Object run(List<Object> command) throws TemplateSyntaxException {
    Object head = command.get(0);
    if (!(head instanceof Identifier function)) {
      if (command.size() > 1) {
        throw new TemplateSyntaxException("can't give argument to non-function " + head);
      }
      return head;
    }
    List<Object> args = command.subList(1, command.size());
    String name = function.name();
    return switch (name) {
      case "repeat" -> {
        arity(name, args, 2);
        yield String.valueOf(args.get(1)).repeat((int) number(args.get(0)));
      }
      case "upper" -> {
        arity(name, args, 1);
        yield String.valueOf(args.get(0)).toUpperCase(Locale.ROOT);
      }
      case "lower" -> {
        arity(name, args, 1);
        yield String.valueOf(args.get(0)).toLowerCase(Locale.ROOT);
      }
      case "trim" -> {
        arity(name, args, 1);
        yield String.valueOf(args.get(0)).strip();
      }
      case "quote" -> {
        arity(name, args, 1);
        yield "\"" + String.valueOf(args.get(0)).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
      }
      case "squote" -> {
        arity(name, args, 1);
        yield "'" + args.get(0) + "'";
      }
      case "b64enc" -> {
        arity(name, args, 1);
        yield Base64.getEncoder().encodeToString(String.valueOf(args.get(0)).getBytes(StandardCharsets.UTF_8));
      }
      case "b64dec" -> {
        arity(name, args, 1);
        yield new String(Base64.getDecoder().decode(String.valueOf(args.get(0))), StandardCharsets.UTF_8);
      }
      case "replace" -> {
        arity(name, args, 3);
        yield String.valueOf(args.get(2)).replace(String.valueOf(args.get(0)), String.valueOf(args.get(1)));
      }
      case "cat" -> {
        List<String> parts = new ArrayList<>();
        for (Object arg : args) {
          if (arg != null) {
            parts.add(String.valueOf(arg));
          }
        }
        yield String.join(" ", parts);
      }
      case "print" -> {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
          // fmt.Sprint puts a space between operands when neither is a string
          if (i > 0 && !(args.get(i) instanceof String) && !(args.get(i - 1) instanceof String)) {
            out.append(' ');
          }
          out.append(args.get(i));
        }
        yield out.toString();
      }
      default -> throw new UnsupportedOperationException("go-ftw data template: function '" + name
          + "' is not implemented by this runner");
    };
  }

  private static void arity(String name, List<Object> args, int expected) throws TemplateSyntaxException {
    if (args.size() != expected) {
      throw new TemplateSyntaxException("wrong number of args for " + name + ": want " + expected + " got "
          + args.size());
    }
  }

  private static long number(Object value) throws TemplateSyntaxException {
    if (value instanceof Long n) {
      return n;
    }
    throw new TemplateSyntaxException("expected an integer, got " + value);
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  private static String stripTrailingSpace(String text) {
    int end = text.length();
    while (end > 0 && isSpace(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end);
  }
}
