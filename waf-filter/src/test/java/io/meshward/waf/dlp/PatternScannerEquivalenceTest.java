package io.meshward.waf.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.waf.regex.SafeRegex;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/**
 * The scanner finds exactly what a plain search of the whole text finds: for each pattern, the matches that
 * {@code Matcher.find()} repeated from the start of the text returns, within the pattern's maximum length and
 * accepted by its validator. Checked on the evaluation corpus, on the benchmark's JSON body, and on random texts made
 * of the pieces the patterns look for (digits, separators, prefixes, PEM armour) so that the regions' edges, word
 * boundaries and overlapping candidates are exercised. The findings (sensor, count, masked sample) are also compared
 * with the scanner this one replaced (one automaton pass per lane).
 */
class PatternScannerEquivalenceTest {
  private static final List<PatternScanner.Compiled> ALL = compiled(BuiltinSensors.all());
  private static final List<PatternScanner.Compiled> DEFAULTS = compiled(BuiltinSensors.defaults());

  static List<PatternScanner.Compiled> compiled(List<DlpSensor> sensors) {
    List<PatternScanner.Compiled> out = new ArrayList<>();
    try {
      for (DlpSensor sensor : sensors) {
        if (sensor.locations().contains(DlpLocation.RESPONSE_BODY)) {
          for (DlpSensor.Pattern spec : sensor.patterns()) {
            out.add(DlpEngine.compile(sensor, spec, sensor.name()));
          }
        }
      }
    } catch (DlpConfigException e) {
      throw new AssertionError(e);
    }
    return out;
  }

  /** The plain search: every pattern over the whole text, matches by start, then by pattern. */
  static List<DlpMatch> reference(List<PatternScanner.Compiled> patterns, String text) {
    List<int[]> found = new ArrayList<>();
    for (int p = 0; p < patterns.size(); p++) {
      PatternScanner.Compiled pattern = patterns.get(p);
      SafeRegex regex = pattern.regex();
      Matcher matcher = regex.unbudgetedMatcher(text);
      while (matcher.find()) {
        int start = matcher.start();
        int end = matcher.end();
        if (end > start && end - start <= pattern.maxLength()
            && pattern.spec().validator().valid(text.subSequence(start, end))) {
          found.add(new int[] {start, end, p});
        }
      }
    }
    found.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[2], b[2]));
    List<DlpMatch> matches = new ArrayList<>();
    for (int[] f : found) {
      PatternScanner.Compiled pattern = patterns.get(f[2]);
      matches.add(new DlpMatch(pattern.sensor(), pattern.spec().name(), f[0], f[1]));
    }
    return matches;
  }

  @Test
  void everyBuiltInPatternIsSearchedOnlyWhereItCanMatch() {
    PatternScanner scanner = new PatternScanner(ALL);
    for (int p = 0; p < ALL.size(); p++) {
      assertThat(scanner.anchors().get(p)).as("%s/%s", ALL.get(p).sensor().name(), ALL.get(p).spec().name())
          .isNotEqualTo(PatternScanner.Anchor.WHOLE_TEXT);
    }
    assertThat(scanner.anchors()).contains(PatternScanner.Anchor.LITERAL, PatternScanner.Anchor.ALPHABET);
  }

  @Test
  void theEvaluationCorpusGivesThePlainSearchsMatches() {
    PatternScanner scanner = new PatternScanner(ALL);
    DlpEvaluationTest.Generator generator = new DlpEvaluationTest.Generator(new Random(20261126));
    int matches = 0;
    for (int i = 0; i < 3_000; i++) {
      String text = generator.document(i).text();
      List<DlpMatch> expected = reference(ALL, text);
      assertThat(scanner.scan(text)).as("document %d", i).isEqualTo(expected);
      matches += expected.size();
    }
    assertThat(matches).as("the corpus has matches to compare").isGreaterThan(1_000);
  }

  @Test
  void randomTextsOfThePatternsPiecesGiveThePlainSearchsMatches() {
    Random random = new Random(7);
    for (List<PatternScanner.Compiled> set : List.of(ALL, DEFAULTS)) {
      PatternScanner scanner = new PatternScanner(set);
      int matches = 0;
      for (int i = 0; i < 3_000; i++) {
        String text = PieceText.of(random, 20 + random.nextInt(400));
        List<DlpMatch> expected = reference(set, text);
        assertThat(scanner.scan(text)).as("text %d: %s", i, text).isEqualTo(expected);
        matches += expected.size();
      }
      assertThat(matches).as("the texts have matches to compare").isGreaterThan(500);
    }
  }

  @Test
  void theBenchmarkBodyGivesThePlainSearchsMatches() {
    String body = benchmarkLikeBody();
    for (List<PatternScanner.Compiled> set : List.of(ALL, DEFAULTS)) {
      assertThat(new PatternScanner(set).scan(body)).isEqualTo(reference(set, body)).isNotEmpty();
    }
  }

  @Test
  void findingsAreTheSameAsThePreviousScannersOnTheEvaluationCorpus() {
    PatternScanner scanner = new PatternScanner(ALL);
    LegacyPatternScanner legacy = new LegacyPatternScanner(ALL.stream().map(LegacyPatternScanner.Compiled::new)
        .toList());
    DlpEvaluationTest.Generator generator = new DlpEvaluationTest.Generator(new Random(20261126));
    int findings = 0;
    for (int i = 0; i < 3_000; i++) {
      String text = generator.document(i).text();
      List<DlpFinding> before = DlpEngine.findings(DlpLocation.RESPONSE_BODY, text, legacy.scan(text));
      assertThat(DlpEngine.findings(DlpLocation.RESPONSE_BODY, text, scanner.scan(text))).as("document %d", i)
          .isEqualTo(before);
      findings += before.size();
    }
    assertThat(findings).isGreaterThan(1_000);
    String body = benchmarkLikeBody();
    assertThat(DlpEngine.findings(DlpLocation.RESPONSE_BODY, body, scanner.scan(body)))
        .isEqualTo(DlpEngine.findings(DlpLocation.RESPONSE_BODY, body, legacy.scan(body)));
  }

  @Test
  void valuesSplitAcrossStreamedChunksAreFoundAsInOneScan() throws Exception {
    DlpEngine engine = DlpEngine.compile(BuiltinSensors.all());
    DlpEvaluationTest.Generator generator = new DlpEvaluationTest.Generator(new Random(99));
    Random random = new Random(5);
    int split = 0;
    for (int i = 0; i < 400; i++) {
      DlpEvaluationTest.Document document = generator.document(i);
      String text = document.text();
      // Cut inside planted values (their middle, one byte in, one byte before the end) and at random places.
      List<Integer> cuts = new ArrayList<>();
      for (DlpEvaluationTest.Planted planted : document.planted()) {
        int length = planted.end() - planted.start();
        cuts.add(planted.start() + 1 + random.nextInt(Math.max(1, length - 1)));
        cuts.add(random.nextBoolean() ? planted.start() + 1 : planted.end() - 1);
      }
      cuts.add(random.nextInt(text.length()));
      List<Integer> sorted = cuts.stream().filter(c -> c > 0 && c < text.length()).distinct().sorted().toList();
      DlpStream stream = new DlpStream(engine, DlpLocation.RESPONSE_BODY, true, false);
      StringBuilder released = new StringBuilder();
      int at = 0;
      for (int cut : sorted) {
        released.append(stream.next(text.substring(at, cut), false).release());
        at = cut;
        split++;
      }
      released.append(stream.next(text.substring(at), true).release());
      DlpScan whole = engine.scan(DlpLocation.RESPONSE_BODY, text);

      assertThat(stream.findings()).as("document %d", i).isEqualTo(whole.findings());
      assertThat(released.toString()).as("document %d masked", i)
          .isEqualTo(DlpMasking.mask(text, whole.matches().stream()
              .filter(m -> m.sensor().action() == DlpAction.MASK).toList(), false));
    }
    assertThat(split).isGreaterThan(1_000);
  }

  @Test
  void hostileTextsAreScannedInLinearTime() throws Exception {
    DlpEngine engine = DlpEngine.compile(BuiltinSensors.all());
    String[] units = {"4", "4111 ", "-----BEGIN ", "-----BEGIN PRIVATE KEY-----", "ghp_", "aws_secret_key=", "xoxb-",
        "\"private_key\": \"-----BEGIN PRIVATE KEY-----\\n", "a@", "://", "eyJ", "GB82 ", "123-45-", "+1", "token="};
    for (String unit : units) {
      long small = fastestScan(engine, hostile(unit, 1 << 18));
      long large = fastestScan(engine, hostile(unit, 1 << 20));
      // Four times the text: a linear scan takes about four times as long, a quadratic one sixteen. Not a tight
      // timing assertion (shared machines): a generous factor plus slack, that only a super-linear scan fails.
      assertThat(large).as("%s: 1 MB took %d ms, 256 KB %d ms", unit, large / 1_000_000, small / 1_000_000)
          .isLessThan(10 * small + 200_000_000L);
    }
  }

  /** {@code unit} repeated to about {@code size} bytes; a PEM opening gets one closing at the very end. */
  private static String hostile(String unit, int size) {
    String text = unit.repeat(size / unit.length());
    return unit.contains("BEGIN PRIVATE") ? text + "\\n-----END PRIVATE KEY-----" : text;
  }

  private static long fastestScan(DlpEngine engine, String text) {
    long fastest = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      assertThat(engine.scan(DlpLocation.RESPONSE_BODY, text).matches()).isNotNull();
      fastest = Math.min(fastest, System.nanoTime() - start);
    }
    return fastest;
  }

  /** Like the benchmark's page of orders (ids, UUIDs, timestamps, prices, notes), with a card and an SSN. */
  static String benchmarkLikeBody() {
    Random random = new Random(11);
    StringBuilder out = new StringBuilder("{\"page\":1,\"orders\":[");
    for (int i = 0; i < 240; i++) {
      out.append(i == 0 ? "" : ",").append("{\"id\":").append(1_000_000 + i)
          .append(",\"uuid\":\"").append(new java.util.UUID(random.nextLong(), random.nextLong())).append('"')
          .append(",\"created\":").append(1_732_000_000_000L + random.nextInt(1_000_000_000))
          .append(",\"zip\":\"").append(10000 + random.nextInt(89999)).append("\"")
          .append(",\"sku\":\"SKU-").append(100000 + random.nextInt(899999)).append("\",\"price\":")
          .append(random.nextInt(20000) / 100.0).append(",\"note\":\"Ring twice, dog is friendly\"");
      if (i == 40) {
        out.append(",\"payment\":{\"card\":\"4111 1111 1111 1111\",\"holder_ssn\":\"123-45-6789\"}");
      }
      out.append('}');
    }
    return out.append("]}").toString();
  }

  /** Random texts glued from what the built-in patterns look for, and what comes near it. */
  static final class PieceText {
    private static final String[] PIECES = {
        "4111 1111 1111 1111", "4111111111111111", "5500-0000-0000-0004", "378282246310005", "30569309025904",
        "6011111111111117", "3530111333300000", "4012888888881881", "123-45-6789", "123 45 6789", "666-12-3456",
        "GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432", "DE89370400440532013000", "AKIAIOSFODNN7EXAMPLE",
        "ASIA", "aws_secret_access_key = ", "AWS_SECRET_KEY:\"", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "ghp_", "gho_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R", "github_pat_", "xoxb-", "xoxp-123456789012-abc",
        "https://hooks.slack.com/services/", "T0123ABCD/B0123ABCD/", "sk_live_", "rk_test_4eC39HqLyjWDarjtT1zdp7dc",
        "-----BEGIN RSA PRIVATE KEY-----", "-----END RSA PRIVATE KEY-----", "-----BEGIN PRIVATE KEY-----",
        "-----END PRIVATE KEY-----", "\\n", "\"private_key\": \"", "\\\"private_key\\\":\\\"", "postgres://",
        "app:s3cr3t@", "db.internal", "eyJhbGciOiJIUzI1NiJ9", ".eyJzdWIiOiIxMjM0NTY3ODkwIn0", ".", "@",
        "jane.doe", "example.com", "(415) 555-2671", "+14155552671", "+1 ", "api_key=", "token: ",
        "Zx9q2Lm7Rt4Vb8Nc1Kd6Hf3Gj5Ps0WaYe", " ", "-", "\n", "\"", ":", ",", "{", "}", "x", "Z", "_", "/"};
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    static String of(Random random, int length) {
      StringBuilder out = new StringBuilder();
      while (out.length() < length) {
        switch (random.nextInt(4)) {
          case 0 -> out.append(PIECES[random.nextInt(PIECES.length)]);
          case 1 -> {
            int n = 1 + random.nextInt(20);
            for (int i = 0; i < n; i++) {
              out.append((char) ('0' + random.nextInt(10)));
            }
          }
          case 2 -> {
            int n = 1 + random.nextInt(70);
            for (int i = 0; i < n; i++) {
              out.append(ALNUM.charAt(random.nextInt(ALNUM.length())));
            }
          }
          default -> out.append(" -\n\"':=,{}._/@+()".charAt(random.nextInt(17)));
        }
      }
      return out.toString();
    }
  }
}
