package io.meshward.waf.regex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AhoCorasickTest {

  @Test
  void findsAnyPhraseIgnoringAsciiCase() {
    AhoCorasick ac = AhoCorasick.of(List.of("he", "she", "his", "hers"));
    assertThat(ac.containsAny("USHERS")).isTrue();
    assertThat(ac.containsAny("ahisb")).isTrue();
    assertThat(ac.containsAny("xyz")).isFalse();
    assertThat(ac.containsAny("")).isFalse();
    assertThat(AhoCorasick.of(List.of()).containsAny("anything")).isFalse();
    assertThat(AhoCorasick.of(List.of("")).containsAny("anything")).isFalse();
  }

  @Test
  void bytesAboveAsciiMatchOnlyThemselves() {
    AhoCorasick ac = AhoCorasick.of(List.of("\u00e9t\u00e9"));
    assertThat(ac.containsAny("l'\u00e9t\u00e9")).isTrue();
    assertThat(ac.containsAny("l'\u00c9T\u00c9")).isFalse();
    assertThat(ac.containsAny("l'\u00e9T\u00e9")).isTrue();
  }

  @Test
  void leftmostLongestNonOverlapping() {
    AhoCorasick ac = AhoCorasick.of(List.of("a", "ab", "abc", "bcd", "cd"));
    assertThat(spans(ac, "xabcdx", 10)).containsExactly("abc");
    assertThat(spans(ac, "abcd abc ab a", 10)).containsExactly("abc", "abc", "ab", "a");
    assertThat(spans(ac, "abcdab", 1)).containsExactly("abc");
    AhoCorasick nested = AhoCorasick.of(List.of("bcd", "abcdef", "cdefgh"));
    assertThat(spans(nested, "xabcdefgh", 10)).containsExactly("abcdef");
  }

  @Test
  void denseAndSparseAutomataAgreeWithANaiveSearch() {
    Random random = new Random(42);
    for (int size : new int[] {5, 50, 3000}) {
      List<String> phrases = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        phrases.add(randomString(random, 1 + random.nextInt(size > 100 ? 25 : 4)));
      }
      AhoCorasick ac = AhoCorasick.of(phrases);
      for (int t = 0; t < 300; t++) {
        String text = randomString(random, random.nextInt(60));
        assertThat(ac.containsAny(text)).as("%s in %s", phrases, text).isEqualTo(naiveContains(phrases, text));
        List<int[]> found = ac.leftmostLongest(text, 10);
        assertThat(found).isEqualTo(found); // no exception; spans checked below
        int from = 0;
        for (int[] span : found) {
          int[] expected = naiveLeftmostLongest(phrases, text, from);
          assertThat(span).isEqualTo(expected);
          from = span[1];
        }
        if (found.size() < 10) {
          assertThat(naiveLeftmostLongest(phrases, text, from)).isNull();
        }
      }
    }
  }

  private static List<String> spans(AhoCorasick ac, String text, int limit) {
    List<String> out = new ArrayList<>();
    for (int[] span : ac.leftmostLongest(text, limit)) {
      out.add(text.substring(span[0], span[1]));
    }
    return out;
  }

  private static String randomString(Random random, int length) {
    String alphabet = "abcAB\u00e9 ";
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < length; i++) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  private static String fold(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : s.toCharArray()) {
      out.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
    }
    return out.toString();
  }

  private static boolean naiveContains(List<String> phrases, String text) {
    for (String p : phrases) {
      if (!p.isEmpty() && fold(text).contains(fold(p))) {
        return true;
      }
    }
    return false;
  }

  private static int[] naiveLeftmostLongest(List<String> phrases, String text, int from) {
    String folded = fold(text);
    for (int start = from; start < text.length(); start++) {
      int best = -1;
      for (String p : phrases) {
        if (!p.isEmpty() && folded.startsWith(fold(p), start)) {
          best = Math.max(best, p.length());
        }
      }
      if (best > 0) {
        return new int[] {start, start + best};
      }
    }
    return null;
  }
}
