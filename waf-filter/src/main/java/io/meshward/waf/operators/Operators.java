package io.meshward.waf.operators;

import io.meshward.waf.macros.MacroString;
import io.meshward.waf.regex.RegexSyntaxException;
import io.meshward.waf.regex.SafeRegex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The SecLang operators, by name. Semantics follow Coraza where it and ModSecurity differ (see each operator's
 * class); values are byte strings (one char per byte).
 *
 * <p>Supported: {@code rx}, {@code pm}, {@code pmFromFile} (alias {@code pmf}), {@code eq}, {@code ge}, {@code gt},
 * {@code le}, {@code lt}, {@code streq}, {@code within}, {@code beginsWith}, {@code endsWith}, {@code contains},
 * {@code containsWord}, {@code strmatch}, {@code validateByteRange}, {@code validateUrlEncoding},
 * {@code validateUtf8Encoding}, {@code ipMatch}, {@code ipMatchFromFile} (alias {@code ipMatchF}),
 * {@code unconditionalMatch}, {@code noMatch}, {@code detectSQLi}, {@code detectXSS} (the last two delegate to
 * {@link InjectionDetectors}, the libinjection-compatible detectors); {@code geoLookup} and {@code rbl} load and never match, because
 * meshward makes no GeoIP or DNS blocklist lookups.
 */
public final class Operators {
  @FunctionalInterface
  private interface Factory {
    Operator create(MacroString argument, OperatorResources resources) throws OperatorException;
  }

  /** Canonical spelling -> factory; looked up case-insensitively. */
  private static final Map<String, Factory> FACTORIES = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

  static {
    FACTORIES.put("rx", (arg, res) -> rx(arg));
    FACTORIES.put("pm", (arg, res) -> new PhraseMatch("pm", splitWhitespace(arg.text())));
    FACTORIES.put("pmFromFile", Operators::pmFromFile);
    FACTORIES.put("pmf", Operators::pmFromFile);
    FACTORIES.put("eq", (arg, res) -> new NumericComparison(NumericComparison.Kind.EQ, arg));
    FACTORIES.put("ge", (arg, res) -> new NumericComparison(NumericComparison.Kind.GE, arg));
    FACTORIES.put("gt", (arg, res) -> new NumericComparison(NumericComparison.Kind.GT, arg));
    FACTORIES.put("le", (arg, res) -> new NumericComparison(NumericComparison.Kind.LE, arg));
    FACTORIES.put("lt", (arg, res) -> new NumericComparison(NumericComparison.Kind.LT, arg));
    FACTORIES.put("streq", (arg, res) -> new StringComparison(StringComparison.Kind.STREQ, arg));
    FACTORIES.put("within", (arg, res) -> new StringComparison(StringComparison.Kind.WITHIN, arg));
    FACTORIES.put("beginsWith", (arg, res) -> new StringComparison(StringComparison.Kind.BEGINS_WITH, arg));
    FACTORIES.put("endsWith", (arg, res) -> new StringComparison(StringComparison.Kind.ENDS_WITH, arg));
    FACTORIES.put("contains", (arg, res) -> new StringComparison(StringComparison.Kind.CONTAINS, arg));
    FACTORIES.put("strmatch", (arg, res) -> new StringComparison(StringComparison.Kind.STRMATCH, arg));
    FACTORIES.put("containsWord", (arg, res) -> new ContainsWord(arg));
    FACTORIES.put("validateByteRange", (arg, res) -> ValidateByteRange.parse(arg.text()));
    FACTORIES.put("validateUrlEncoding", (arg, res) -> EncodingValidation.URL_ENCODING);
    FACTORIES.put("validateUtf8Encoding", (arg, res) -> EncodingValidation.UTF8_ENCODING);
    FACTORIES.put("ipMatch", (arg, res) -> ipMatch(IpMatch.splitList(arg.text()), "@ipMatch " + arg.text()));
    FACTORIES.put("ipMatchFromFile", Operators::ipMatchFromFile);
    FACTORIES.put("ipMatchF", Operators::ipMatchFromFile);
    FACTORIES.put("unconditionalMatch", (arg, res) -> UnconditionalOperators.UNCONDITIONAL_MATCH);
    FACTORIES.put("noMatch", (arg, res) -> UnconditionalOperators.NO_MATCH);
    // External lookups meshward never makes: no GeoIP database is configured and no DNS blocklist is queried (the
    // service talks to no network on a request's behalf). Rules that use them load, and these operators never match.
    FACTORIES.put("geoLookup", (arg, res) -> UnconditionalOperators.NO_MATCH);
    FACTORIES.put("rbl", (arg, res) -> UnconditionalOperators.NO_MATCH);
    FACTORIES.put("detectSQLi", (arg, res) -> new InjectionDetection("detectSQLi", InjectionDetectors.sqli(), true));
    FACTORIES.put("detectXSS", (arg, res) -> new InjectionDetection("detectXSS", InjectionDetectors.xss(), false));
  }

  private Operators() {}

  private static Operator ipMatch(List<String> entries, String description) throws OperatorException {
    try {
      return new IpMatch(entries, description);
    } catch (IllegalArgumentException e) {
      throw new OperatorException(e.getMessage(), e);
    }
  }

  /**
   * Builds the operator named as in SecLang without the '@' (case-insensitive: "rx", "pmFromFile"), with its
   * argument as written after the name (already unquoted by the parser; may hold macros).
   */
  public static Operator create(String name, MacroString argument, OperatorResources resources)
      throws OperatorException {
    Factory factory = FACTORIES.get(name);
    if (factory == null) {
      throw new OperatorException("unknown operator @" + name);
    }
    return factory.create(argument, resources);
  }

  /** The supported operator names, in their canonical spelling (aliases included). */
  public static SortedSet<String> names() {
    SortedSet<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    names.addAll(FACTORIES.keySet());
    return Collections.unmodifiableSortedSet(names);
  }

  /**
   * {@code @rx}: compiled once, unless the pattern holds macros that name variables ({@code %{tx.x}}); a {@code %{}
   * that names none ({@code %{2,}}: a quantifier on '%') is pattern text.
   */
  private static Operator rx(MacroString argument) throws OperatorException {
    if (!argument.isConstant() && argument.allMacros((variable, key) -> variable != null)) {
      return new ExpandedRx(argument);
    }
    try {
      return new Rx(SafeRegex.compile(argument.text()));
    } catch (RegexSyntaxException e) {
      throw new OperatorException("@rx: " + e.getMessage(), e);
    }
  }

  /** Phrases of {@code @pmFromFile}: from every file named (separated by spaces); lines trimmed, '#' comments skipped. */
  private static Operator pmFromFile(MacroString argument, OperatorResources resources) throws OperatorException {
    List<String> phrases = new ArrayList<>();
    for (String file : splitWhitespace(argument.text())) {
      phrases.addAll(dataLines(file, resources, "@pmFromFile"));
    }
    return new PhraseMatch("pmFromFile", phrases);
  }

  private static Operator ipMatchFromFile(MacroString argument, OperatorResources resources) throws OperatorException {
    String file = argument.text().strip();
    return ipMatch(dataLines(file, resources, "@ipMatchFromFile"), "@ipMatchFromFile " + file);
  }

  private static List<String> dataLines(String file, OperatorResources resources, String operator)
      throws OperatorException {
    if (file.isEmpty()) {
      throw new OperatorException(operator + ": no file named");
    }
    if (resources == null) {
      throw new OperatorException(operator + ": no data files available to read " + file);
    }
    List<String> lines;
    try {
      lines = resources.dataFileLines(file);
    } catch (IOException e) {
      throw new OperatorException(operator + ": cannot read " + file + ": " + e.getMessage(), e);
    }
    List<String> kept = new ArrayList<>();
    for (String line : lines) {
      String trimmed = trimAscii(line);
      if (!trimmed.isEmpty() && trimmed.charAt(0) != '#') {
        kept.add(trimmed);
      }
    }
    return kept;
  }

  /** Splits on ASCII whitespace (as C's isspace), dropping empty pieces. */
  static List<String> splitWhitespace(String text) {
    List<String> parts = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      while (i < n && isSpace(text.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !isSpace(text.charAt(i))) {
        i++;
      }
      if (i > start) {
        parts.add(text.substring(start, i));
      }
    }
    return parts;
  }

  private static String trimAscii(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isSpace(s.charAt(start))) {
      start++;
    }
    while (end > start && isSpace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
  }
}
