package io.meshward.waf.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The one pass finds exactly the regions that the definitions give when applied byte by byte: per literal-anchored
 * pattern, the windows within its reach of every place where one of its sequences occurs (merged when they overlap or
 * touch); per alphabet group, every maximal run of its alphabet at least its shortest match long. Checked on random
 * configurations (up to the most groups the pass holds, shortest matches below, at and above a block's 64 bytes,
 * bytes above 0x7F) over random texts whose lengths fall around block edges (the empty text included), so that
 * runs and sequences cross blocks, start at the first byte and end at the last.
 */
class CandidatePassTest {
  /** A random configuration and the pass built from it. */
  private record Setup(List<List<List<boolean[]>>> required, int[] reach, List<boolean[]> alphabets, int[] minLengths,
                       CandidatePass pass, byte[] universe) {}

  @Test
  void regionsAreThoseOfAByteByByteSearch() {
    Random random = new Random(20261127);
    int windows = 0;
    int runs = 0;
    int longRuns = 0;
    for (int config = 0; config < 300; config++) {
      Setup setup = setup(random);
      for (int t = 0; t < 40; t++) {
        byte[] text = text(random, setup.universe(), length(random));
        CandidatePass.Regions found = setup.pass().find(text, setup.required().size());
        for (int p = 0; p < setup.required().size(); p++) {
          int[] expected = windowsByteByByte(setup.required().get(p), setup.reach()[p], text);
          int pattern = p;
          int c = config;
          assertThat(found.windows()[p]).as(() -> "config " + c + ", pattern " + pattern + ", text " + hex(text))
              .isEqualTo(expected);
          windows += expected == null ? 0 : expected.length / 2;
        }
        assertThat(found.runs().length).isEqualTo(setup.alphabets().size());
        for (int g = 0; g < setup.alphabets().size(); g++) {
          int[] expected = runsByteByByte(setup.alphabets().get(g), setup.minLengths()[g], text);
          int group = g;
          int c = config;
          assertThat(found.runs()[g]).as(() -> "config " + c + ", group " + group + " (min "
              + setup.minLengths()[group] + "), text " + hex(text)).isEqualTo(expected);
          runs += expected.length / 2;
          for (int k = 0; k < expected.length; k += 2) {
            longRuns += expected[k + 1] - expected[k] >= 64 ? 1 : 0;
          }
        }
      }
    }
    // The comparisons are only worth something if the texts hold many regions, runs across whole blocks included.
    assertThat(windows).isGreaterThan(10_000);
    assertThat(runs).isGreaterThan(10_000);
    assertThat(longRuns).isGreaterThan(500);
  }

  @Test
  void moreAlphabetGroupsThanThePassHoldsAreMergedAndStillFindThePlainSearchsMatches() throws Exception {
    // Nine patterns whose alphabets do not nest: nine groups, two more than the pass holds.
    String[] alphabets = {"et", "ao", "in", "sh", "rd", "lc", "um", "wf", "gy"};
    List<DlpSensor> sensors = new ArrayList<>();
    for (String alphabet : alphabets) {
      sensors.add(new DlpSensor("s-" + alphabet, List.of(new DlpSensor.Pattern("p", "[" + alphabet + "]{2,9}",
          Validator.NONE, 0)), Set.of(DlpLocation.RESPONSE_BODY), 1, DlpAction.ALERT, MaskStyle.FULL, true));
    }
    List<PatternScanner.Compiled> patterns = PatternScannerEquivalenceTest.compiled(sensors);
    PatternScanner scanner = new PatternScanner(patterns);
    assertThat(scanner.anchors()).containsOnly(PatternScanner.Anchor.ALPHABET).hasSize(alphabets.length);
    Random random = new Random(11);
    int matches = 0;
    for (int i = 0; i < 300; i++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(300);
      for (int k = 0; k < length; k++) {
        text.append("etaoinshrdlcumwfgy .,\n".charAt(random.nextInt(22)));
      }
      List<DlpMatch> expected = PatternScannerEquivalenceTest.reference(patterns, text.toString());
      assertThat(scanner.scan(text.toString())).as("text %d: %s", i, text).isEqualTo(expected);
      matches += expected.size();
    }
    assertThat(matches).isGreaterThan(1_000);
  }

  private static Setup setup(Random random) {
    // A small set of bytes the texts mostly consist of, so that runs and sequences occur; some above 0x7F.
    byte[] universe = new byte[4 + random.nextInt(10)];
    for (int k = 0; k < universe.length; k++) {
      universe[k] = (byte) (random.nextInt(4) == 0 ? 0x80 + random.nextInt(128) : 0x20 + random.nextInt(96));
    }
    int patterns = random.nextInt(5);
    List<List<List<boolean[]>>> required = new ArrayList<>();
    int[] reach = new int[patterns];
    boolean anyLiteral = false;
    for (int p = 0; p < patterns; p++) {
      if (random.nextInt(4) == 0) {
        required.add(null); // not literal-anchored
        continue;
      }
      List<List<boolean[]>> sequences = new ArrayList<>();
      int longest = 0;
      for (int s = 1 + random.nextInt(3); s > 0; s--) {
        List<boolean[]> sequence = new ArrayList<>();
        for (int k = 1 + random.nextInt(5); k > 0; k--) {
          boolean[] set = new boolean[256];
          for (int b = 1 + random.nextInt(3); b > 0; b--) {
            set[universe[random.nextInt(universe.length)] & 0xFF] = true;
          }
          sequence.add(set);
        }
        sequences.add(sequence);
        longest = Math.max(longest, sequence.size());
      }
      required.add(sequences);
      reach[p] = longest + random.nextInt(30);
      anyLiteral = true;
    }
    int groups = random.nextInt(CandidatePass.MAX_GROUPS + 1);
    List<boolean[]> alphabets = new ArrayList<>();
    int[] minLengths = new int[groups];
    AlphabetRuns[] runs = new AlphabetRuns[groups];
    for (int g = 0; g < groups; g++) {
      boolean[] alphabet = new boolean[256];
      double density = 0.2 + 0.7 * random.nextDouble();
      for (byte b : universe) {
        alphabet[b & 0xFF] |= random.nextDouble() < density;
      }
      alphabets.add(alphabet);
      int[] choices = {1, 2, 3, 5, 8, 11, 12, 19, 40, 62, 63, 64, 65, 90};
      minLengths[g] = choices[random.nextInt(choices.length)];
      runs[g] = new AlphabetRuns(alphabet, minLengths[g], new int[0], null);
    }
    LiteralTriggers literals = anyLiteral ? new LiteralTriggers(required, reach) : null;
    return new Setup(required, reach, alphabets, minLengths, new CandidatePass(literals, runs), universe);
  }

  /** Lengths around block edges (64 bytes) and a few long texts. */
  private static int length(Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> 64 * random.nextInt(6) + random.nextInt(3) - 1;
      case 1 -> random.nextInt(700);
      case 2 -> random.nextInt(20);
      default -> 1000 + random.nextInt(3000);
    };
  }

  /** Mostly bytes of the universe, in stretches of one or two of them (long runs), sometimes any byte. */
  private static byte[] text(Random random, byte[] universe, int length) {
    byte[] text = new byte[Math.max(0, length)];
    int k = 0;
    while (k < text.length) {
      int stretch = 1 + random.nextInt(random.nextInt(10) == 0 ? 200 : 12);
      byte a = universe[random.nextInt(universe.length)];
      byte b = universe[random.nextInt(universe.length)];
      for (int i = 0; i < stretch && k < text.length; i++) {
        int pick = random.nextInt(20);
        text[k++] = pick == 0 ? (byte) random.nextInt(256) : pick < 10 ? a : b;
      }
    }
    return text;
  }

  /** The windows of one pattern: every place where a sequence occurs, widened by the reach, sorted and merged. */
  private static int[] windowsByteByByte(List<List<boolean[]>> sequences, int reach, byte[] text) {
    if (sequences == null) {
      return null;
    }
    List<int[]> found = new ArrayList<>();
    for (int start = 0; start < text.length; start++) {
      for (List<boolean[]> sequence : sequences) {
        boolean occurs = start + sequence.size() <= text.length;
        for (int k = 0; occurs && k < sequence.size(); k++) {
          occurs = sequence.get(k)[text[start + k] & 0xFF];
        }
        if (occurs) {
          found.add(new int[] {Math.max(0, start + sequence.size() - reach), Math.min(text.length, start + reach)});
        }
      }
    }
    if (found.isEmpty()) {
      return null;
    }
    found.sort(Comparator.comparingInt((int[] w) -> w[0]).thenComparingInt(w -> w[1]));
    List<Integer> merged = new ArrayList<>();
    for (int[] window : found) {
      int last = merged.size() - 1;
      if (last > 0 && window[0] <= merged.get(last)) {
        merged.set(last, Math.max(merged.get(last), window[1]));
      } else {
        merged.add(window[0]);
        merged.add(window[1]);
      }
    }
    return merged.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The maximal runs of the alphabet at least {@code min} long, walking byte by byte. */
  private static int[] runsByteByByte(boolean[] alphabet, int min, byte[] text) {
    List<Integer> runs = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= text.length; i++) {
      boolean member = i < text.length && alphabet[text[i] & 0xFF];
      if (member && start < 0) {
        start = i;
      } else if (!member && start >= 0) {
        if (i - start >= min) {
          runs.add(start);
          runs.add(i);
        }
        start = -1;
      }
    }
    return runs.stream().mapToInt(Integer::intValue).toArray();
  }

  private static String hex(byte[] text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text) {
      out.append(String.format("%02x", b & 0xFF));
    }
    return out.toString();
  }
}
