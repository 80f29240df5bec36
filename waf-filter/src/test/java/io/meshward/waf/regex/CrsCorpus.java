package io.meshward.waf.regex;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The CRS rule patterns and regression-test payloads, read from the shared directory beside the project. */
public final class CrsCorpus {
  private CrsCorpus() {}

  /** One {@code @rx} argument: the id of its rule (or of the chain's first rule) and the pattern. */
  record RxPattern(String ruleId, String file, String pattern) {}

  public static Path sharedDir() {
    String property = System.getProperty("meshward.shared.dir");
    List<Path> candidates = new ArrayList<>();
    if (property != null) {
      candidates.add(Path.of(property));
    }
    candidates.add(Path.of("../../shared"));
    candidates.add(Path.of("../shared"));
    candidates.add(Path.of("/work/shared"));
    for (Path candidate : candidates) {
      if (Files.isDirectory(candidate.resolve("crs"))) {
        return candidate.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException("shared directory with crs/ not found (set -Dmeshward.shared.dir)");
  }

  public static Path crs(String version) {
    return sharedDir().resolve("crs").resolve(version);
  }

  private static final Pattern ID = Pattern.compile("\\bid:(\\d+)");

  /**
   * Every {@code @rx} / {@code !@rx} argument of the rule files in {@code rulesDir}, read with a simple scan: lines
   * joined at trailing backslashes, the operator is the first double-quoted string after the variables, with
   * {@code \"} standing for a quote.
   */
  static List<RxPattern> rxPatterns(Path rulesDir) {
    List<RxPattern> patterns = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> list = Files.list(rulesDir)) {
      files = list.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Path file : files) {
      String text;
      try {
        text = Files.readString(file, StandardCharsets.ISO_8859_1);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      String joined = text.replaceAll("\\\\\\r?\\n[ \\t]*", " ");
      String chainHead = null;
      boolean chainOpen = false;
      for (String line : joined.split("\\n")) {
        String s = line.strip();
        if (!s.startsWith("SecRule")) {
          continue;
        }
        int open = s.indexOf('"');
        if (open < 0) {
          continue;
        }
        StringBuilder arg = new StringBuilder();
        int i = open + 1;
        while (i < s.length()) {
          char c = s.charAt(i);
          if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
            arg.append('"');
            i += 2;
            continue;
          }
          if (c == '"') {
            break;
          }
          arg.append(c);
          i++;
        }
        String rest = s.substring(Math.min(i + 1, s.length()));
        Matcher id = ID.matcher(rest);
        String ruleId = id.find() ? id.group(1) : (chainOpen ? chainHead : null);
        if (!chainOpen) {
          chainHead = ruleId;
        }
        chainOpen = rest.matches("(?s).*\\bchain\\b.*");
        String operator = arg.toString();
        if (operator.startsWith("!")) {
          operator = operator.substring(1);
        }
        if (operator.startsWith("@rx ")) {
          patterns.add(new RxPattern(ruleId, file.getFileName().toString(), operator.substring(4)));
        }
      }
    }
    return patterns;
  }

  private static final Pattern PARANOIA_TAG = Pattern.compile("tag:'paranoia-level/(\\d)'");

  /**
   * The paranoia level of every rule with an id in the rule files of {@code rulesDir}, from its
   * {@code paranoia-level/N} tag (rules without one, such as the initialisation rules, are absent).
   */
  static Map<String, Integer> paranoiaLevels(Path rulesDir) {
    Map<String, Integer> levels = new java.util.HashMap<>();
    List<Path> files;
    try (Stream<Path> list = Files.list(rulesDir)) {
      files = list.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Path file : files) {
      String text;
      try {
        text = Files.readString(file, StandardCharsets.ISO_8859_1);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      String joined = text.replaceAll("\\\\\\r?\\n[ \\t]*", " ");
      for (String line : joined.split("\\n")) {
        Matcher id = ID.matcher(line);
        Matcher level = PARANOIA_TAG.matcher(line);
        if (id.find() && level.find()) {
          levels.put(id.group(1), Integer.parseInt(level.group(1)));
        }
      }
    }
    return levels;
  }

  /** The {@code @rx} patterns of the rules at paranoia level 1 (chained sub-rules count with their chain). */
  static List<RxPattern> paranoiaLevel1Patterns(String version) {
    Path rules = crs(version).resolve("rules");
    Map<String, Integer> levels = paranoiaLevels(rules);
    return rxPatterns(rules).stream().filter(p -> Integer.valueOf(1).equals(levels.get(p.ruleId()))).toList();
  }

  /** The pattern of the first {@code @rx} of the rule with this id (or of its chain). */
  static String rxPattern(String version, String ruleId) {
    return rxPatterns(crs(version).resolve("rules")).stream()
        .filter(p -> ruleId.equals(p.ruleId()))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no @rx for rule " + ruleId))
        .pattern();
  }

  /**
   * Every string in the v4 regression tests' {@code data}, {@code uri} and header values, as the bytes a client
   * sends (UTF-8) decoded one char per byte; distinct, in file order.
   */
  static List<String> regressionInputs() {
    Path tests = crs("v4").resolve("tests/regression/tests");
    Set<String> inputs = new LinkedHashSet<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(tests)) {
      files = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Path file : files) {
      Load load = new Load(LoadSettings.builder().setAllowDuplicateKeys(true).build());
      try (InputStream in = Files.newInputStream(file)) {
        for (Object document : load.loadAllFromInputStream(in)) {
          collect(document, inputs);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return List.copyOf(inputs);
  }

  private static void collect(Object document, Set<String> inputs) {
    if (!(document instanceof Map<?, ?> map) || !(map.get("tests") instanceof List<?> tests)) {
      return;
    }
    for (Object test : tests) {
      if (!(test instanceof Map<?, ?> t) || !(t.get("stages") instanceof List<?> stages)) {
        continue;
      }
      for (Object stage : stages) {
        if (!(stage instanceof Map<?, ?> st) || !(st.get("input") instanceof Map<?, ?> input)) {
          continue;
        }
        addString(input.get("data"), inputs);
        addString(input.get("uri"), inputs);
        if (input.get("headers") instanceof Map<?, ?> headers) {
          for (Object value : headers.values()) {
            addString(value, inputs);
          }
        }
      }
    }
  }

  private static void addString(Object value, Set<String> inputs) {
    if (value instanceof String s) {
      inputs.add(latin1(s));
    }
  }

  static String latin1(String text) {
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  /** A simple URL decoding ({@code %hh}, {@code +}), to add decoded variants of the payloads. */
  static String urlDecode(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '+') {
        out.append(' ');
      } else if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
        out.append((char) (hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2))));
        i += 2;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static int hex(char c) {
    return Character.digit(c, 16) >= 0 && c < 128 ? Character.digit(c, 16) : -1;
  }
}
