package io.meshward.waf.sqli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every line of libinjection's sample corpora ({@code data/*.txt}) against the verdicts and fingerprints the C
 * library produced for them ({@code derived/data-samples-results.tsv}), including the fingerprint of each context.
 */
class LibinjectionSqliSamplesTest {
  private static final SqliDetector DETECTOR = SqliDetector.create();
  private static final int EXPECTED_ROWS = 19_216;
  private static final int MAX_LISTED = 200;

  /** The five per-context columns of the TSV, in order. */
  private static final QuoteContext[] QUOTES = {QuoteContext.NONE, QuoteContext.NONE, QuoteContext.SINGLE,
      QuoteContext.SINGLE, QuoteContext.DOUBLE};
  private static final Dialect[] DIALECTS = {Dialect.ANSI, Dialect.MYSQL, Dialect.ANSI, Dialect.MYSQL,
      Dialect.MYSQL};

  record Expected(boolean sqli, String fingerprint, String[] contextFingerprints) {}

  @Test
  void everySampleMatchesTheCLibrary() throws IOException {
    Path root = Path.of(System.getProperty("meshward.shared.dir", "../../shared")).resolve("libinjection");
    Map<String, Expected> expected = readExpected(root.resolve("derived/data-samples-results.tsv"));
    assertThat(expected).hasSize(EXPECTED_ROWS);

    int rows = 0;
    int verdictAgrees = 0;
    int fingerprintAgrees = 0;
    int contextAgrees = 0;
    List<String> differences = new ArrayList<>();
    List<Path> files;
    try (var list = Files.list(root.resolve("data"))) {
      files = list.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
    }
    for (Path file : files) {
      List<String> lines = splitLines(Files.readString(file, StandardCharsets.ISO_8859_1));
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (rtrim(line).isEmpty() || line.startsWith("#")) {
          continue;
        }
        String key = file.getFileName() + ":" + (i + 1);
        Expected want = expected.get(key);
        if (want == null) {
          differences.add(key + " has no row in the TSV");
          continue;
        }
        rows++;
        byte[] input = urlDecode(line);
        String got = DETECTOR.fingerprintIfSqli(input);
        boolean gotSqli = got != null;
        String gotFingerprint = got == null ? "" : got;
        // The String entry point finds the quotes its own way (String.indexOf); it must decide the same.
        String viaString = DETECTOR.detect(new String(input, StandardCharsets.ISO_8859_1)).orElse("");
        if (!viaString.equals(gotFingerprint)) {
          differences.add(key + ": detect(String) gave <" + viaString + ">, the byte path <" + gotFingerprint + ">");
        }
        if (gotSqli == want.sqli()) {
          verdictAgrees++;
        }
        if (gotFingerprint.equals(want.fingerprint())) {
          fingerprintAgrees++;
        }
        List<String> contextDiffs = new ArrayList<>();
        for (int c = 0; c < QUOTES.length; c++) {
          String fp = DETECTOR.pass(input, QUOTES[c], DIALECTS[c]).fingerprint();
          if (!fp.equals(want.contextFingerprints()[c])) {
            contextDiffs.add(QUOTES[c] + "/" + DIALECTS[c] + " want " + want.contextFingerprints()[c] + " got " + fp);
          }
        }
        if (contextDiffs.isEmpty()) {
          contextAgrees++;
        }
        if (gotSqli != want.sqli() || !gotFingerprint.equals(want.fingerprint()) || !contextDiffs.isEmpty()) {
          differences.add(String.format("%s input <%s>: want sqli=%s fp=%s, got sqli=%s fp=%s %s", key,
              truncate(line), want.sqli() ? 1 : 0, want.fingerprint(), gotSqli ? 1 : 0, gotFingerprint,
              contextDiffs));
        }
      }
    }
    String summary = String.format("sqli samples: %d rows, verdict agrees %d, fingerprint agrees %d,"
        + " all five context fingerprints agree %d", rows, verdictAgrees, fingerprintAgrees, contextAgrees);
    System.out.println(summary);
    differences.stream().limit(MAX_LISTED).forEach(d -> System.out.println("  DIFF " + d));
    if (differences.size() > MAX_LISTED) {
      System.out.println("  … and " + (differences.size() - MAX_LISTED) + " more");
    }
    assertThat(differences).as(summary).isEmpty();
    assertThat(rows).isEqualTo(EXPECTED_ROWS);
  }

  private static Map<String, Expected> readExpected(Path tsv) throws IOException {
    Map<String, Expected> out = new HashMap<>();
    List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
    List<String> header = List.of(lines.get(0).split("\t", -1));
    int file = header.indexOf("file");
    int line = header.indexOf("line");
    int sqli = header.indexOf("sqli");
    int fingerprint = header.indexOf("sqli_fingerprint");
    String[] contextColumns = {"fp_none_ansi", "fp_none_mysql", "fp_single_ansi", "fp_single_mysql",
        "fp_double_mysql"};
    for (String row : lines.subList(1, lines.size())) {
      if (row.isEmpty()) {
        continue;
      }
      String[] f = row.split("\t", -1);
      String[] contexts = new String[contextColumns.length];
      for (int c = 0; c < contexts.length; c++) {
        contexts[c] = f[header.indexOf(contextColumns[c])];
      }
      out.put(f[file] + ":" + f[line], new Expected(f[sqli].equals("1"), f[fingerprint], contexts));
    }
    return out;
  }

  /** Lines as upstream's reader sees them: split on LF only (a CR stays in the line, then counts as blank). */
  private static List<String> splitLines(String text) {
    List<String> out = new ArrayList<>(List.of(text.split("\n", -1)));
    if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    return out;
  }

  /**
   * {@code +} to space, {@code %XX} with two valid hex digits to that byte, any other {@code %} kept. A raw NUL in the
   * line ends it: upstream's reader handles lines as C strings (sqli-forums.txt:6802 holds one, and its expected
   * fingerprint is that of the text before it), whereas a decoded {@code %00} is kept.
   */
  static byte[] urlDecode(String line) {
    int nul = line.indexOf('\0');
    String s = rtrim(nul >= 0 ? line.substring(0, nul) : line);
    byte[] out = new byte[s.length()];
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '+') {
        out[n++] = ' ';
      } else if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
        out[n++] = (byte) (hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
        i += 2;
      } else {
        out[n++] = (byte) c;
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }

  private static int hex(char c) {
    return Character.digit(c, 16) >= 0 && c < 0x80 ? Character.digit(c, 16) : -1;
  }

  private static String rtrim(String s) {
    return LibinjectionSqliConformanceTest.rtrim(s);
  }

  private static String truncate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "…";
  }
}
