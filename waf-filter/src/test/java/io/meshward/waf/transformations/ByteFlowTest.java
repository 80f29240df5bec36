package io.meshward.waf.transformations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Screens trust {@link Transformations#flowOf} to rule values out without transforming them, so every flow must
 * over-approximate its transformation: each byte of an output must be reachable from some byte of the input.
 */
class ByteFlowTest {
  private static final String[] FRAGMENTS = {"%41", "%3c", "%u0041", "%uff1c", "%", "+", "&lt;", "&#60;", "&#x3c;",
      "&quot", "\\x3c", "\\u003c", "\\074", "\\", "\\n", "/*", "*/", "--", "#", "\t", "\r\n", " ", ",", ";", "^", "'",
      "\"", "\0", "\u00a0", "\u0085", "\u00c3\u00a9", "\u00ff", "A", "z", "0x41", "PHNjcmlwdD4=", "../", "..\\", "C:",
      "web.config::$DATA", "a", "Q", "9", "=", "<", ">", "(", ")"};

  @Test
  void everyOutputByteComesFromAnInputByteThatMayBecomeIt() {
    Random random = new Random(7);
    List<String> failures = new ArrayList<>();
    for (String name : Transformations.names()) {
      Transformation transformation = Transformations.byName(name).orElseThrow();
      ByteFlow flow = Transformations.flowOf(transformation);
      if (flow.isOpaque()) {
        continue;
      }
      for (int i = 0; i < 3_000; i++) {
        String input = randomInput(random);
        String output = transformation.apply(input);
        for (int j = 0; j < output.length(); j++) {
          long[] wanted = only(output.charAt(j));
          long[] sources = flow.sourcesOf(wanted);
          if (!holdsAny(input, sources)) {
            failures.add(name + ": " + escape(input) + " -> " + escape(output) + " byte " + (int) output.charAt(j));
            break;
          }
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void onlyTransformationsThatWriteBytesFromNothingAreOpaque() {
    List<String> opaque = new ArrayList<>();
    for (String name : Transformations.names()) {
      if (Transformations.flowOf(Transformations.byName(name).orElseThrow()).isOpaque()) {
        opaque.add(name);
      }
    }
    assertThat(opaque).containsExactlyInAnyOrder("length", "md5", "sha1");
  }

  @Test
  void aChainCarriesEscapesThroughEveryStep() {
    ByteFlow chain = Transformations.flowOf(Transformations.byName("urlDecodeUni").orElseThrow())
        .then(Transformations.flowOf(Transformations.byName("lowercase").orElseThrow()));

    assertThat(holdsAny("abc", chain.sourcesOf(only('<')))).as("plain letters never become <").isFalse();
    assertThat(holdsAny("%3C", chain.sourcesOf(only('<')))).isTrue();
    assertThat(holdsAny("A", chain.sourcesOf(only('a')))).isTrue();
    assertThat(chain.then(ByteFlow.OPAQUE).sourcesOf(only('<'))).isNull();
  }

  private static String randomInput(Random random) {
    StringBuilder input = new StringBuilder();
    int parts = random.nextInt(6);
    for (int i = 0; i < parts; i++) {
      if (random.nextInt(4) == 0) {
        input.append((char) random.nextInt(256));
      } else {
        input.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
      }
    }
    return input.toString();
  }

  private static long[] only(char c) {
    long[] words = new long[4];
    words[c >>> 6] |= 1L << (c & 63);
    return words;
  }

  private static boolean holdsAny(String input, long[] words) {
    for (int i = 0; i < input.length(); i++) {
      char c = input.charAt(i);
      if ((words[c >>> 6] & (1L << (c & 63))) != 0) {
        return true;
      }
    }
    return false;
  }

  private static String escape(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : s.toCharArray()) {
      out.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\x%02x", (int) c));
    }
    return out.toString();
  }
}
