package io.meshward.waf.regex;

import io.meshward.waf.regex.RegexNode.Alternation;
import io.meshward.waf.regex.RegexNode.Assertion;
import io.meshward.waf.regex.RegexNode.Atomic;
import io.meshward.waf.regex.RegexNode.BackReference;
import io.meshward.waf.regex.RegexNode.CharClass;
import io.meshward.waf.regex.RegexNode.Concat;
import io.meshward.waf.regex.RegexNode.Group;
import io.meshward.waf.regex.RegexNode.Literal;
import io.meshward.waf.regex.RegexNode.Look;
import io.meshward.waf.regex.RegexNode.Repeat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses a pattern with the syntax and semantics of PCRE2 compiled as libmodsecurity compiles {@code @rx}: no UTF
 * mode (one character per byte), {@code DOTALL | MULTILINE}, newline = LF, C-locale character tables. The result makes
 * every such semantic explicit (see {@link RegexNode}).
 *
 * <p>Following PCRE (and so accepting what it accepts and Java does not): a {@code {} that cannot start a quantifier
 * is a literal, a {@code [} inside a class is a literal unless it starts a POSIX class, a {@code ]} first in a class
 * is a literal, a {@code -} next to a class escape ({@code [\w-.]}) is a literal (PCRE1 and Perl; PCRE2 rejects it).
 * {@code {,n}} is a literal, as in PCRE2 before 10.43 and in Go. Characters above 0xFF written in the pattern (when
 * a rule file was read as Unicode text) stand for their UTF-8 bytes.
 *
 * <p>Not supported (rejected): recursion and subroutine calls, conditionals, callouts, backtracking verbs, branch
 * reset {@code (?|}, {@code \K}, {@code \X}, {@code \C}, the {@code U} and {@code J} options.
 */
final class PcreParser {
  private static final ByteSet DIGIT = ByteSet.of('0', '9');
  private static final ByteSet WORD = word();
  private static final ByteSet SPACE = chars("\t\n\u000b\f\r ");
  private static final ByteSet HSPACE = chars("\t \u00a0");
  private static final ByteSet VSPACE = chars("\n\u000b\f\r\u0085");
  private static final ByteSet NOT_NEWLINE = chars("\n").complement();

  /**
   * How deep groups may nest. PCRE2's default (its PARENS_NEST_LIMIT); it also bounds the recursion of this parser and
   * of everything that walks the tree, so that a hostile pattern (one built from request data by a macro) is an error,
   * not a stack overflow.
   */
  static final int MAX_NESTING = 250;

  private final String pattern;
  private int pos;
  private int depth;
  private boolean caseless;
  private boolean multiline = true;
  private boolean dotall = true;
  private boolean extended;
  private boolean noAutoCapture;
  private int groupCount;
  private final Map<String, Integer> names = new HashMap<>();
  private final List<int[]> backReferences = new ArrayList<>();

  /** The parse result: the tree and the number of capture groups. */
  record Parsed(RegexNode root, int groupCount) {}

  private PcreParser(String pattern) {
    this.pattern = pattern;
  }

  static Parsed parse(String pattern) throws RegexSyntaxException {
    PcreParser parser = new PcreParser(pattern);
    RegexNode root = parser.parseAlternation();
    if (parser.pos < pattern.length()) {
      throw parser.error("unmatched closing parenthesis");
    }
    for (int[] ref : parser.backReferences) {
      if (ref[0] > parser.groupCount) {
        throw new RegexSyntaxException("reference to non-existent subpattern " + ref[0], pattern, ref[1]);
      }
    }
    return new Parsed(root, parser.groupCount);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Structure

  private RegexNode parseAlternation() throws RegexSyntaxException {
    List<RegexNode> branches = new ArrayList<>();
    branches.add(parseSequence());
    while (pos < pattern.length() && pattern.charAt(pos) == '|') {
      pos++;
      branches.add(parseSequence());
    }
    return branches.size() == 1 ? branches.get(0) : new Alternation(List.copyOf(branches));
  }

  private RegexNode parseSequence() throws RegexSyntaxException {
    List<RegexNode> items = new ArrayList<>();
    while (true) {
      skipExtendedWhitespace();
      if (pos >= pattern.length()) {
        break;
      }
      char c = pattern.charAt(pos);
      if (c == '|' || c == ')') {
        break;
      }
      RegexNode atom = parseAtom();
      if (atom == null) {
        continue; // an option setting, a comment, a stray \E
      }
      atom = parseQuantifiers(atom);
      items.add(atom);
    }
    return items.size() == 1 ? items.get(0) : new Concat(List.copyOf(items));
  }

  /** At most one quantifier (with its lazy or possessive suffix) per atom: Perl and PCRE reject {@code a**}. */
  private RegexNode parseQuantifiers(RegexNode atom) throws RegexSyntaxException {
    RegexNode quantified = parseQuantifier(atom);
    if (quantified != atom) {
      skipExtendedWhitespace();
      if (pos < pattern.length()) {
        char c = pattern.charAt(pos);
        if (c == '*' || c == '+' || c == '?' || (c == '{' && quantifierAt(pos) != null)) {
          throw error("quantifier does not follow a repeatable item");
        }
      }
    }
    return quantified;
  }

  private RegexNode parseQuantifier(RegexNode atom) throws RegexSyntaxException {
    {
      skipExtendedWhitespace();
      if (pos >= pattern.length()) {
        return atom;
      }
      int start = pos;
      char c = pattern.charAt(pos);
      int min;
      int max;
      if (c == '*') {
        min = 0;
        max = -1;
        pos++;
      } else if (c == '+') {
        min = 1;
        max = -1;
        pos++;
      } else if (c == '?') {
        min = 0;
        max = 1;
        pos++;
      } else if (c == '{') {
        int[] q = quantifierAt(pos);
        if (q == null) {
          return atom;
        }
        min = q[0];
        max = q[1];
        pos = q[2];
      } else {
        return atom;
      }
      if (max >= 0 && min > max) {
        throw error("numbers out of order in {} quantifier", start);
      }
      if (max > 65535 || min > 65535) {
        throw error("number too big in {} quantifier", start);
      }
      Repeat.Mode mode = Repeat.Mode.GREEDY;
      if (pos < pattern.length() && pattern.charAt(pos) == '?') {
        mode = Repeat.Mode.LAZY;
        pos++;
      } else if (pos < pattern.length() && pattern.charAt(pos) == '+') {
        mode = Repeat.Mode.POSSESSIVE;
        pos++;
      }
      return new Repeat(atom, min, max, mode);
    }
  }

  /** {min, max (-1 = none), end} when a valid quantifier starts at {@code at}, else null (then '{' is literal). */
  private int[] quantifierAt(int at) {
    int i = at + 1;
    int n = pattern.length();
    int minStart = i;
    while (i < n && isDigit(pattern.charAt(i))) {
      i++;
    }
    if (i == minStart || i >= n) {
      return null;
    }
    int min = parseBounded(pattern.substring(minStart, i));
    if (pattern.charAt(i) == '}') {
      return new int[] {min, min, i + 1};
    }
    if (pattern.charAt(i) != ',') {
      return null;
    }
    i++;
    int maxStart = i;
    while (i < n && isDigit(pattern.charAt(i))) {
      i++;
    }
    if (i >= n || pattern.charAt(i) != '}') {
      return null;
    }
    int max = i == maxStart ? -1 : parseBounded(pattern.substring(maxStart, i));
    return new int[] {min, max, i + 1};
  }

  private static int parseBounded(String digits) {
    return digits.length() > 6 ? Integer.MAX_VALUE : Integer.parseInt(digits);
  }

  private RegexNode parseAtom() throws RegexSyntaxException {
    int start = pos;
    char c = pattern.charAt(pos);
    switch (c) {
      case '(':
        return parseGroup();
      case '[':
        return parseClass();
      case '.':
        pos++;
        return new CharClass(dotall ? ByteSet.all() : NOT_NEWLINE.copy());
      case '^':
        pos++;
        return new Assertion(multiline ? Assertion.Kind.LINE_START : Assertion.Kind.INPUT_START);
      case '$':
        pos++;
        return new Assertion(multiline ? Assertion.Kind.LINE_END : Assertion.Kind.INPUT_END_OR_FINAL_NEWLINE);
      case '\\':
        return parseEscape();
      case '*':
      case '+':
      case '?':
        throw error("quantifier does not follow a repeatable item", start);
      case '{':
        if (quantifierAt(pos) != null) {
          throw error("quantifier does not follow a repeatable item", start);
        }
        pos++;
        return literal('{');
      default:
        pos++;
        return literal(c);
    }
  }

  private RegexNode literal(int c) {
    if (c <= 0xFF) {
      return new Literal(c, caseless);
    }
    byte[] bytes = String.valueOf((char) c).getBytes(StandardCharsets.UTF_8);
    List<RegexNode> items = new ArrayList<>();
    for (byte b : bytes) {
      items.add(new Literal(b & 0xFF, caseless));
    }
    return new Group(new Concat(List.copyOf(items)), -1);
  }

  private RegexNode parseGroup() throws RegexSyntaxException {
    int start = pos;
    pos++; // '('
    boolean savedCaseless = caseless;
    boolean savedMultiline = multiline;
    boolean savedDotall = dotall;
    boolean savedExtended = extended;
    boolean savedNoAutoCapture = noAutoCapture;
    int kind; // 0 capture, 1 non-capture, 2 lookahead, 3 neg lookahead, 4 lookbehind, 5 neg lookbehind, 6 atomic
    int index = -1;
    if (startsWith("?")) {
      pos++;
      if (pos >= pattern.length()) {
        throw error("unterminated group", start);
      }
      char c = pattern.charAt(pos);
      if (c == '#') {
        int end = pattern.indexOf(')', pos);
        if (end < 0) {
          throw error("missing ) after (?# comment", start);
        }
        pos = end + 1;
        return null;
      } else if (c == ':') {
        pos++;
        kind = 1;
      } else if (c == '=') {
        pos++;
        kind = 2;
      } else if (c == '!') {
        pos++;
        kind = 3;
      } else if (startsWith("<=")) {
        pos += 2;
        kind = 4;
      } else if (startsWith("<!")) {
        pos += 2;
        kind = 5;
      } else if (c == '>') {
        pos++;
        kind = 6;
      } else if (c == '<' || c == '\'' || startsWith("P<")) {
        if (c == 'P') {
          pos++;
        }
        char close = pattern.charAt(pos) == '<' ? '>' : '\'';
        pos++;
        String name = readName(close, start);
        if (names.containsKey(name)) {
          throw error("two named subpatterns have the same name (PCRE2_DUPNAMES not set)", start);
        }
        index = ++groupCount;
        names.put(name, index);
        kind = 0;
      } else if (startsWith("P=")) {
        pos += 2;
        String name = readName(')', start);
        return namedBackReference(name, start);
      } else if (c == '|') {
        throw error("branch reset groups (?| are not supported", start);
      } else if (c == '(') {
        throw error("conditional groups are not supported", start);
      } else if (c == 'R' || c == '&' || isDigit(c) || c == '+' || startsWith("P>")
          || (c == '-' && pos + 1 < pattern.length() && isDigit(pattern.charAt(pos + 1)))) {
        throw error("recursion and subroutine calls are not supported", start);
      } else if (c == 'C') {
        throw error("callouts are not supported", start);
      } else {
        // Option setting: (?imsxn-imsxn) or (?imsxn-imsxn:...)
        boolean on = true;
        boolean sawColon = false;
        while (true) {
          if (pos >= pattern.length()) {
            throw error("unterminated option setting", start);
          }
          char f = pattern.charAt(pos++);
          if (f == ')') {
            break;
          }
          if (f == ':') {
            sawColon = true;
            break;
          }
          switch (f) {
            case '-' -> {
              if (!on) {
                throw error("invalid option setting", start);
              }
              on = false;
            }
            case '^' -> {
              caseless = false;
              multiline = false;
              dotall = false;
              extended = false;
              noAutoCapture = false;
            }
            case 'i' -> caseless = on;
            case 'm' -> multiline = on;
            case 's' -> dotall = on;
            case 'x' -> extended = on;
            case 'n' -> noAutoCapture = on;
            case 'U', 'J' -> throw error("option (?" + f + ") is not supported", start);
            default -> throw error("unrecognized character after (? or (?-", pos - 1);
          }
        }
        if (!sawColon) {
          return null; // applies to the rest of the enclosing group
        }
        kind = 1;
      }
    } else if (startsWith("*")) {
      throw error("backtracking control verbs are not supported", start);
    } else if (noAutoCapture) {
      kind = 1;
    } else {
      kind = 0;
      index = ++groupCount;
    }
    if (++depth > MAX_NESTING) {
      throw error("parentheses nested more than " + MAX_NESTING + " deep (PCRE2's default limit)", start);
    }
    RegexNode body = parseAlternation();
    depth--;
    if (pos >= pattern.length() || pattern.charAt(pos) != ')') {
      throw error("missing closing parenthesis", start);
    }
    pos++;
    caseless = savedCaseless;
    multiline = savedMultiline;
    dotall = savedDotall;
    extended = savedExtended;
    noAutoCapture = savedNoAutoCapture;
    return switch (kind) {
      case 0 -> new Group(body, index);
      case 1 -> new Group(body, -1);
      case 2 -> new Look(body, true, false);
      case 3 -> new Look(body, true, true);
      case 4 -> new Look(body, false, false);
      case 5 -> new Look(body, false, true);
      default -> new Atomic(body);
    };
  }

  private String readName(char close, int start) throws RegexSyntaxException {
    int end = pattern.indexOf(close, pos);
    if (end <= pos) {
      throw error("invalid or unterminated group name", start);
    }
    String name = pattern.substring(pos, end);
    for (int i = 0; i < name.length(); i++) {
      char ch = name.charAt(i);
      if (!(isAsciiLetter(ch) || isDigit(ch) || ch == '_') || (i == 0 && isDigit(ch))) {
        throw error("invalid group name", start);
      }
    }
    pos = end + 1;
    return name;
  }

  private RegexNode namedBackReference(String name, int at) throws RegexSyntaxException {
    Integer index = names.get(name);
    if (index == null) {
      throw error("reference to non-existent subpattern " + name, at);
    }
    return new BackReference(index, caseless);
  }

  private RegexNode backReference(int index, int at) {
    backReferences.add(new int[] {index, at});
    return new BackReference(index, caseless);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Escapes outside classes

  private RegexNode parseEscape() throws RegexSyntaxException {
    int start = pos;
    pos++; // '\'
    if (pos >= pattern.length()) {
      throw error("\\ at end of pattern", start);
    }
    char c = pattern.charAt(pos++);
    switch (c) {
      case 'd':
        return new CharClass(DIGIT.copy());
      case 'D':
        return new CharClass(DIGIT.complement());
      case 'w':
        return new CharClass(WORD.copy());
      case 'W':
        return new CharClass(WORD.complement());
      case 's':
        return new CharClass(SPACE.copy());
      case 'S':
        return new CharClass(SPACE.complement());
      case 'h':
        return new CharClass(HSPACE.copy());
      case 'H':
        return new CharClass(HSPACE.complement());
      case 'v':
        return new CharClass(VSPACE.copy());
      case 'V':
        return new CharClass(VSPACE.complement());
      case 'N':
        if (startsWith("{")) {
          throw error("\\N{name} is not supported", start);
        }
        return new CharClass(NOT_NEWLINE.copy());
      case 'R':
        // Any Unicode newline sequence, for bytes: \r\n | [\n\x0b\f\r\x85]. PCRE makes it atomic; a plain group is
        // equivalent except that \r\n never gives back its \n.
        return new Group(
            new Alternation(
                List.of(
                    new Concat(List.of(new Literal('\r', false), new Literal('\n', false))),
                    new CharClass(VSPACE.copy()))),
            -1);
      case 'b':
        return new Assertion(Assertion.Kind.WORD_BOUNDARY);
      case 'B':
        return new Assertion(Assertion.Kind.NOT_WORD_BOUNDARY);
      case 'A':
        return new Assertion(Assertion.Kind.INPUT_START);
      case 'z':
        return new Assertion(Assertion.Kind.INPUT_END);
      case 'Z':
        return new Assertion(Assertion.Kind.INPUT_END_OR_FINAL_NEWLINE);
      case 'G':
        return new Assertion(Assertion.Kind.MATCH_START);
      case 'Q': {
        int end = pattern.indexOf("\\E", pos);
        String quoted = end < 0 ? pattern.substring(pos) : pattern.substring(pos, end);
        pos = end < 0 ? pattern.length() : end + 2;
        if (quoted.isEmpty()) {
          return null;
        }
        List<RegexNode> items = new ArrayList<>();
        for (int i = 0; i < quoted.length(); i++) {
          items.add(literal(quoted.charAt(i)));
        }
        // Keep it one atom only when a single character: a following quantifier applies to the last one.
        if (items.size() == 1) {
          return items.get(0);
        }
        RegexNode last = items.remove(items.size() - 1);
        RegexNode quantified = parseQuantifiers(last);
        items.add(quantified);
        return new Group(new Concat(List.copyOf(items)), -1);
      }
      case 'E':
        return null;
      case 'p':
      case 'P':
        return new CharClass(unicodeProperty(c == 'P', start));
      case 'g':
        return parseG(start);
      case 'k':
        return parseK(start);
      case 'K':
      case 'X':
      case 'C':
        throw error("\\" + c + " is not supported", start);
      case 'L':
      case 'l':
      case 'U':
      case 'u':
        throw error("PCRE2 does not support \\F, \\L, \\l, \\N{name}, \\U, or \\u", start);
      default:
        break;
    }
    if (c >= '1' && c <= '9') {
      int digitsStart = pos - 1;
      int end = digitsStart;
      while (end < pattern.length() && isDigit(pattern.charAt(end))) {
        end++;
      }
      int number = parseBounded(pattern.substring(digitsStart, end));
      if (number < 10 || c == '8' || c == '9' || number <= groupCount) {
        pos = end;
        return backReference(number, start);
      }
      // Octal: up to three octal digits.
      pos = digitsStart;
      return literal(readOctal(3));
    }
    pos--;
    int value = characterEscape(start, false);
    return literal(value);
  }

  private RegexNode parseG(int start) throws RegexSyntaxException {
    String rest = pattern.substring(pos);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(?:\\{(-?\\d+)\\}|(-?\\d+)|\\{([A-Za-z_]\\w*)\\})")
        .matcher(rest);
    if (!m.find()) {
      throw error("\\g is not followed by a number or a name in braces (subroutine calls are not supported)", start);
    }
    pos += m.end();
    if (m.group(3) != null) {
      return namedBackReference(m.group(3), start);
    }
    String digits = m.group(1) != null ? m.group(1) : m.group(2);
    int n = Integer.parseInt(digits);
    if (n == 0) {
      throw error("a numbered reference must not be zero", start);
    }
    if (n < 0) {
      n = groupCount + 1 + n;
      if (n <= 0) {
        throw error("reference to non-existent subpattern", start);
      }
    }
    return backReference(n, start);
  }

  private RegexNode parseK(int start) throws RegexSyntaxException {
    if (pos >= pattern.length()) {
      throw error("\\k is not followed by a name", start);
    }
    char open = pattern.charAt(pos);
    char close = switch (open) {
      case '<' -> '>';
      case '\'' -> '\'';
      case '{' -> '}';
      default -> throw error("\\k is not followed by a name in <>, '' or {}", start);
    };
    pos++;
    return namedBackReference(readName(close, start), start);
  }

  /**
   * Reads an escape that stands for one character (pos at the letter after '\'); used outside and inside classes.
   * Non-alphanumeric characters stand for themselves.
   */
  private int characterEscape(int start, boolean inClass) throws RegexSyntaxException {
    char c = pattern.charAt(pos++);
    switch (c) {
      case 'a':
        return 0x07;
      case 'e':
        return 0x1B;
      case 'f':
        return 0x0C;
      case 'n':
        return 0x0A;
      case 'r':
        return 0x0D;
      case 't':
        return 0x09;
      case '0':
        pos--;
        return readOctal(3);
      case 'o': {
        if (!startsWith("{")) {
          throw error("missing opening brace after \\o", start);
        }
        int end = pattern.indexOf('}', pos);
        if (end < 0) {
          throw error("missing closing brace after \\o{", start);
        }
        String digits = pattern.substring(pos + 1, end);
        pos = end + 1;
        return checkByte(parseNumber(digits, 8, start), start);
      }
      case 'x': {
        if (startsWith("{")) {
          int end = pattern.indexOf('}', pos);
          if (end < 0) {
            throw error("missing closing brace after \\x{", start);
          }
          String digits = pattern.substring(pos + 1, end);
          pos = end + 1;
          return checkByte(parseNumber(digits, 16, start), start);
        }
        int value = 0;
        int n = 0;
        while (n < 2 && pos < pattern.length() && Character.digit(pattern.charAt(pos), 16) >= 0
            && pattern.charAt(pos) < 128) {
          value = value * 16 + Character.digit(pattern.charAt(pos), 16);
          pos++;
          n++;
        }
        return value;
      }
      case 'c': {
        if (pos >= pattern.length() || pattern.charAt(pos) > 127) {
          throw error("\\c must be followed by a printable ASCII character", start);
        }
        char x = Character.toUpperCase(pattern.charAt(pos++));
        return x ^ 0x40;
      }
      default:
        if (inClass && c >= '1' && c <= '7') {
          pos--;
          return readOctal(3);
        }
        if (isAsciiLetter(c) || isDigit(c)) {
          throw error("unrecognized character follows \\", start);
        }
        return c <= 0xFF ? c : throwNonByte(start);
    }
  }

  private int throwNonByte(int start) throws RegexSyntaxException {
    throw error("character value above 0xff", start);
  }

  private int readOctal(int maxDigits) {
    int value = 0;
    int n = 0;
    while (n < maxDigits && pos < pattern.length() && pattern.charAt(pos) >= '0' && pattern.charAt(pos) <= '7') {
      value = value * 8 + (pattern.charAt(pos) - '0');
      pos++;
      n++;
    }
    return value & 0xFF;
  }

  private int parseNumber(String digits, int radix, int start) throws RegexSyntaxException {
    String d = digits.trim();
    if (d.isEmpty() || d.length() > 8) {
      throw error("invalid number in escape", start);
    }
    try {
      return Integer.parseInt(d, radix);
    } catch (NumberFormatException e) {
      throw error("invalid number in escape", start);
    }
  }

  private int checkByte(int value, int start) throws RegexSyntaxException {
    if (value > 0xFF) {
      throw error("character code point value in \\x{} or \\o{} is too large (patterns match bytes)", start);
    }
    return value;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Classes

  private RegexNode parseClass() throws RegexSyntaxException {
    int start = pos;
    pos++; // '['
    boolean negated = false;
    if (startsWith("^")) {
      negated = true;
      pos++;
    }
    ByteSet set = new ByteSet();
    boolean first = true;
    while (true) {
      if (pos >= pattern.length()) {
        throw error("missing terminating ] for character class", start);
      }
      char c = pattern.charAt(pos);
      if (c == ']' && !first) {
        pos++;
        break;
      }
      first = false;
      ClassItem item = classItem(start);
      if (item.set != null) {
        set.addAll(item.set);
        continue;
      }
      int low = item.value;
      // A range?
      if (startsWith("-") && pos + 1 < pattern.length() && pattern.charAt(pos + 1) != ']') {
        int save = pos;
        pos++; // '-'
        ClassItem high = classItem(start);
        if (high.set != null) {
          // [a-\d]: Perl and PCRE1 take the '-' literally.
          set.add(low);
          set.add('-');
          set.addAll(high.set);
          continue;
        }
        if (high.value < low) {
          pos = save;
          throw error("range out of order in character class", save);
        }
        set.addRange(low, high.value);
        continue;
      }
      set.add(low);
    }
    if (caseless) {
      set = set.foldAsciiCase();
    }
    if (negated) {
      set = set.complement();
    }
    return new CharClass(set);
  }

  /** One member of a class: a single character or a set. */
  private record ClassItem(int value, ByteSet set) {}

  private ClassItem classItem(int classStart) throws RegexSyntaxException {
    char c = pattern.charAt(pos);
    if (c == '[' && pos + 1 < pattern.length() && ":.=".indexOf(pattern.charAt(pos + 1)) >= 0) {
      int end = posixEnd(pos + 1);
      if (end >= 0) {
        char terminator = pattern.charAt(pos + 1);
        if (terminator != ':') {
          throw error("POSIX collating elements are not supported", pos);
        }
        String name = pattern.substring(pos + 2, end);
        boolean negatedPosix = name.startsWith("^");
        ByteSet set = posixClass(negatedPosix ? name.substring(1) : name, pos);
        pos = end + 2;
        return new ClassItem(-1, negatedPosix ? set.complement() : set);
      }
    }
    if (c == '\\') {
      int start = pos;
      pos++;
      if (pos >= pattern.length()) {
        throw error("\\ at end of pattern", start);
      }
      char e = pattern.charAt(pos);
      switch (e) {
        case 'd':
          pos++;
          return new ClassItem(-1, DIGIT.copy());
        case 'D':
          pos++;
          return new ClassItem(-1, DIGIT.complement());
        case 'w':
          pos++;
          return new ClassItem(-1, WORD.copy());
        case 'W':
          pos++;
          return new ClassItem(-1, WORD.complement());
        case 's':
          pos++;
          return new ClassItem(-1, SPACE.copy());
        case 'S':
          pos++;
          return new ClassItem(-1, SPACE.complement());
        case 'h':
          pos++;
          return new ClassItem(-1, HSPACE.copy());
        case 'H':
          pos++;
          return new ClassItem(-1, HSPACE.complement());
        case 'v':
          pos++;
          return new ClassItem(-1, VSPACE.copy());
        case 'V':
          pos++;
          return new ClassItem(-1, VSPACE.complement());
        case 'p':
        case 'P':
          pos++;
          return new ClassItem(-1, unicodeProperty(e == 'P', start));
        case 'b':
          pos++;
          return new ClassItem(0x08, null);
        case 'Q': {
          int end = pattern.indexOf("\\E", pos);
          String quoted = end < 0 ? pattern.substring(pos + 1) : pattern.substring(pos + 1, end);
          pos = end < 0 ? pattern.length() : end + 2;
          ByteSet set = new ByteSet();
          for (int i = 0; i < quoted.length(); i++) {
            if (quoted.charAt(i) > 0xFF) {
              throw error("character value above 0xff in a class", start);
            }
            set.add(quoted.charAt(i));
          }
          return new ClassItem(-1, set);
        }
        case 'E':
          pos++;
          return new ClassItem(-1, new ByteSet());
        case 'N':
        case 'R':
        case 'X':
        case 'B':
        case 'A':
        case 'z':
        case 'Z':
        case 'G':
        case 'K':
        case 'g':
        case 'k':
          throw error("escape sequence is invalid in character class", start);
        default:
          return new ClassItem(characterEscape(start, true), null);
      }
    }
    pos++;
    if (c > 0xFF) {
      throw error("character value above 0xff in a class (patterns match bytes)", pos - 1);
    }
    return new ClassItem(c, null);
  }

  /**
   * Where a POSIX class opened at {@code at} ({@code [:}, {@code [.} or {@code [=}; {@code at} points at the second
   * character) ends: the index of its closing terminator (before the ']'), or -1 when it is not one, in which case
   * the '[' is a literal. This is PCRE2's own test: the scan stops at the first ']' or at another '[' + terminator.
   */
  private int posixEnd(int at) {
    char terminator = pattern.charAt(at);
    for (int i = at + 1; pattern.length() - i >= 2; i++) {
      char c = pattern.charAt(i);
      char next = pattern.charAt(i + 1);
      if (c == '\\' && (next == ']' || next == '\\')) {
        i++;
      } else if ((c == '[' && next == terminator) || c == ']') {
        return -1;
      } else if (c == terminator && next == ']') {
        return i;
      }
    }
    return -1;
  }

  private ByteSet posixClass(String name, int at) throws RegexSyntaxException {
    return switch (name) {
      case "alpha" -> letters();
      case "digit" -> DIGIT.copy();
      case "alnum" -> {
        ByteSet s = letters();
        s.addAll(DIGIT);
        yield s;
      }
      case "upper" -> ByteSet.of('A', 'Z');
      case "lower" -> ByteSet.of('a', 'z');
      case "space" -> SPACE.copy();
      case "blank" -> chars(" \t");
      case "punct" -> {
        ByteSet s = ByteSet.of('!', '/');
        s.addRange(':', '@');
        s.addRange('[', '`');
        s.addRange('{', '~');
        yield s;
      }
      case "print" -> ByteSet.of(' ', '~');
      case "graph" -> ByteSet.of('!', '~');
      case "cntrl" -> {
        ByteSet s = ByteSet.of(0, 0x1F);
        s.add(0x7F);
        yield s;
      }
      case "xdigit" -> {
        ByteSet s = DIGIT.copy();
        s.addRange('A', 'F');
        s.addRange('a', 'f');
        yield s;
      }
      case "word" -> WORD.copy();
      case "ascii" -> ByteSet.of(0, 0x7F);
      default -> throw error("unknown POSIX class name " + name, at);
    };
  }

  /**
   * {@code \p{..}}: PCRE without UTF still applies Unicode properties to character values, which here are the
   * Latin-1 code points 0-255. General categories and scripts are supported.
   */
  private ByteSet unicodeProperty(boolean negated, int start) throws RegexSyntaxException {
    String name;
    if (startsWith("{")) {
      int end = pattern.indexOf('}', pos);
      if (end < 0) {
        throw error("malformed \\p or \\P sequence", start);
      }
      name = pattern.substring(pos + 1, end);
      pos = end + 1;
    } else if (pos < pattern.length()) {
      name = String.valueOf(pattern.charAt(pos++));
    } else {
      throw error("malformed \\p or \\P sequence", start);
    }
    if (name.startsWith("^")) {
      negated = !negated;
      name = name.substring(1);
    }
    String key = name.replace(" ", "").replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    ByteSet set = new ByteSet();
    for (int b = 0; b < 256; b++) {
      Boolean member = propertyHolds(key, b);
      if (member == null) {
        throw error("unknown property name after \\P or \\p: " + name, start);
      }
      if (member) {
        set.add(b);
      }
    }
    return negated ? set.complement() : set;
  }

  private static Boolean propertyHolds(String key, int cp) {
    int type = Character.getType(cp);
    switch (key) {
      case "any":
        return true;
      case "l&":
      case "lc":
        return type == Character.UPPERCASE_LETTER || type == Character.LOWERCASE_LETTER
            || type == Character.TITLECASE_LETTER;
      case "xan":
        return Character.isLetter(cp) || isNumberType(type);
      case "xsp":
      case "xps":
        return Character.isWhitespace(cp) || type == Character.SPACE_SEPARATOR || cp == 0x85;
      case "xwd":
        return Character.isLetter(cp) || isNumberType(type) || cp == '_';
      default:
        break;
    }
    String categories = CATEGORY_CODES.get(key);
    if (categories != null) {
      return categories.contains("," + categoryCode(type) + ",");
    }
    try {
      Character.UnicodeScript script = Character.UnicodeScript.forName(key);
      return Character.UnicodeScript.of(cp) == script;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean isNumberType(int type) {
    return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER;
  }

  private static final Map<String, String> CATEGORY_CODES = categoryCodes();

  private static Map<String, String> categoryCodes() {
    String[] all = {
      "cc", "cf", "cn", "co", "cs", "ll", "lm", "lo", "lt", "lu", "mc", "me", "mn", "nd", "nl", "no", "pc", "pd", "pe",
      "pf", "pi", "po", "ps", "sc", "sk", "sm", "so", "zl", "zp", "zs"
    };
    Map<String, String> map = new HashMap<>();
    for (String code : all) {
      map.put(code, "," + code + ",");
      map.merge(code.substring(0, 1), "," + code + ",", (a, b) -> a + b.substring(1));
    }
    return map;
  }

  private static String categoryCode(int type) {
    return switch (type) {
      case Character.CONTROL -> "cc";
      case Character.FORMAT -> "cf";
      case Character.UNASSIGNED -> "cn";
      case Character.PRIVATE_USE -> "co";
      case Character.SURROGATE -> "cs";
      case Character.LOWERCASE_LETTER -> "ll";
      case Character.MODIFIER_LETTER -> "lm";
      case Character.OTHER_LETTER -> "lo";
      case Character.TITLECASE_LETTER -> "lt";
      case Character.UPPERCASE_LETTER -> "lu";
      case Character.COMBINING_SPACING_MARK -> "mc";
      case Character.ENCLOSING_MARK -> "me";
      case Character.NON_SPACING_MARK -> "mn";
      case Character.DECIMAL_DIGIT_NUMBER -> "nd";
      case Character.LETTER_NUMBER -> "nl";
      case Character.OTHER_NUMBER -> "no";
      case Character.CONNECTOR_PUNCTUATION -> "pc";
      case Character.DASH_PUNCTUATION -> "pd";
      case Character.END_PUNCTUATION -> "pe";
      case Character.FINAL_QUOTE_PUNCTUATION -> "pf";
      case Character.INITIAL_QUOTE_PUNCTUATION -> "pi";
      case Character.OTHER_PUNCTUATION -> "po";
      case Character.START_PUNCTUATION -> "ps";
      case Character.CURRENCY_SYMBOL -> "sc";
      case Character.MODIFIER_SYMBOL -> "sk";
      case Character.MATH_SYMBOL -> "sm";
      case Character.OTHER_SYMBOL -> "so";
      case Character.LINE_SEPARATOR -> "zl";
      case Character.PARAGRAPH_SEPARATOR -> "zp";
      case Character.SPACE_SEPARATOR -> "zs";
      default -> "cn";
    };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Helpers

  private void skipExtendedWhitespace() {
    if (!extended) {
      return;
    }
    while (pos < pattern.length()) {
      char c = pattern.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r') {
        pos++;
      } else if (c == '#') {
        int end = pattern.indexOf('\n', pos);
        pos = end < 0 ? pattern.length() : end + 1;
      } else {
        break;
      }
    }
  }

  private boolean startsWith(String s) {
    return pattern.startsWith(s, pos);
  }

  private RegexSyntaxException error(String message) {
    return error(message, pos);
  }

  private RegexSyntaxException error(String message, int at) {
    return new RegexSyntaxException(message, pattern, at);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static ByteSet word() {
    ByteSet s = letters();
    s.addRange('0', '9');
    s.add('_');
    return s;
  }

  private static ByteSet letters() {
    ByteSet s = ByteSet.of('A', 'Z');
    s.addRange('a', 'z');
    return s;
  }

  private static ByteSet chars(String members) {
    ByteSet s = new ByteSet();
    for (int i = 0; i < members.length(); i++) {
      s.add(members.charAt(i));
    }
    return s;
  }
}
