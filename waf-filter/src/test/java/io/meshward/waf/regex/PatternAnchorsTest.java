package io.meshward.waf.regex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

class PatternAnchorsTest {
  private static final List<String> PATTERNS = List.of(
      "-----BEGIN (?:RSA |EC )?PRIVATE KEY-----[\\s\\S]{4,40}?-----END",
      "\\bgh[pousr]_[A-Za-z0-9]{6}\\b",
      "(?i)\\baws_?secret_?(?:access_?)?key\\s{0,2}[:=]\\s{0,2}[A-Za-z0-9/+]{4}",
      "(?i)\\b(?:secret|token|api[_-]?key|passw(?:or)?d)[:=][A-Za-z0-9]{4,8}",
      "\\b4\\d{3}(?:[ -]?\\d{4}){3}\\b",
      "\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,3}\\b",
      "\\b[a-z][a-z0-9+.-]{1,8}://[^\\s/:@]{1,8}:[^\\s/@]{1,8}@[a-z.]{1,20}",
      "x{2,3}y?z",
      "(?:ab|cd)+e");

  @Test
  void requiredSequencesAndAlphabetsAreWhatThePatternsSay() throws Exception {
    PatternAnchors pem = PatternAnchors.of(SafeRegex.compile(PATTERNS.get(0)));
    assertThat(pem.required()).isNotEmpty()
        .allSatisfy(sequence -> assertThat(render(sequence)).startsWith("-----BEGIN "));
    PatternAnchors github = PatternAnchors.of(SafeRegex.compile(PATTERNS.get(1)));
    assertThat(github.required()).singleElement().satisfies(s -> {
      assertThat(render(s)).as("each position's lowest byte").isEqualTo("gho_");
      for (int b = 0; b < 256; b++) {
        assertThat(s.get(2)[b]).as("byte %d", b).isEqualTo("pousr".indexOf(b) >= 0);
      }
    });
    PatternAnchors card = PatternAnchors.of(SafeRegex.compile(PATTERNS.get(4)));
    assertThat(card.minLength()).isEqualTo(16);
    for (int b = 0; b < 256; b++) {
      assertThat(card.inAlphabet(b)).as("byte %d", b).isEqualTo(b >= '0' && b <= '9' || b == ' ' || b == '-');
    }
  }

  /** On random texts, every match is in the alphabet, at least the minimum length, and holds a required sequence. */
  @Test
  void everyMatchMeetsTheConditions() throws Exception {
    Random random = new Random(17);
    String pieces = "-----BEGIN RSA PRIVATE KEY-----END ghp_gho_ AWS_secret_key aws_secretaccesskey: = "
        + "Secret=Token:api-key=PASSWORD= 4111 1111-1111 1111 GB82 WEST 1234 postgres://a:b@db xxxyz abcde cdabe";
    int matches = 0;
    for (String source : PATTERNS) {
      SafeRegex regex = SafeRegex.compile(source);
      PatternAnchors anchors = PatternAnchors.of(regex);
      for (int i = 0; i < 2_000; i++) {
        StringBuilder text = new StringBuilder();
        while (text.length() < 120) {
          int from = random.nextInt(pieces.length());
          text.append(pieces, from, Math.min(pieces.length(), from + 1 + random.nextInt(20)));
          if (random.nextInt(4) == 0) {
            text.append((char) ('0' + random.nextInt(10)));
          }
        }
        Matcher matcher = regex.unbudgetedMatcher(text);
        while (matcher.find()) {
          String match = matcher.group();
          matches++;
          assertThat(match.length()).as(source).isGreaterThanOrEqualTo(anchors.minLength());
          match.chars().forEach(c -> assertThat(anchors.inAlphabet(c)).as("%s: %s", source, match).isTrue());
          if (!anchors.required().isEmpty()) {
            assertThat(anchors.required().stream().anyMatch(s -> contains(match, s))).as("%s: %s", source, match)
                .isTrue();
          }
        }
      }
    }
    assertThat(matches).as("the texts have matches to check").isGreaterThan(2_000);
  }

  private static boolean contains(String text, List<boolean[]> sequence) {
    for (int start = 0; start + sequence.size() <= text.length(); start++) {
      boolean all = true;
      for (int k = 0; k < sequence.size() && all; k++) {
        all = sequence.get(k)[text.charAt(start + k) & 0xFF];
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  /** A sequence as text: each position's lowest member. */
  private static String render(List<boolean[]> sequence) {
    StringBuilder out = new StringBuilder();
    for (boolean[] position : sequence) {
      for (int b = 0; b < 256; b++) {
        if (position[b]) {
          out.append((char) b);
          break;
        }
      }
    }
    return out.toString();
  }
}
