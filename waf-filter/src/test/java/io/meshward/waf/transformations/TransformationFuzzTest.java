package io.meshward.waf.transformations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Robustness and cost: every transformation takes 20,000 random byte strings without an exception, gives a byte string
 * back, returns the input instance exactly when the value is unchanged, and handles hostile 1 MB inputs well within a
 * second.
 */
class TransformationFuzzTest {
  private static final int INPUTS = 20_000;
  private static final int ONE_MB = 1 << 20;

  /** Fragments that start or half-start the sequences the decoders look for. */
  private static final String[] FRAGMENTS = {
    "%", "%u", "%U", "%2", "%41", "%uff1c", "%u00e9", "+", "&", "&#", "&#x", "&#X", "&#1", ";", "&amp", "&lt;",
    "&nbsp", "&nGt;", "\\", "\\u", "\\u{", "}", "\\x", "\\0", "\\377", "\\\n", "\\\r", "/*", "*/", "<!--", "-->", "--",
    "#", "/", "//", ".", "..", "../", "\\..\\", ":", "::$DATA", "C:", " ", "\t", "\r\n", "\u000b", "\f", "\u0085",
    "\u00a0", "\0", "0x", "0X", "=", "a", "Z", "f", "F", "9", "0", "7", "8", "'", "\"", "^", ",", "(", "\u00c2\u00a0",
    "\u00e3\u0080\u0080", "\u00c3\u00a9", "\u00f0\u009f\u0098\u0080", "\u00ed\u00a0\u0080", "\u00c0\u00af", "\u00e2\u0082",
    "\u0080", "\u00ff", "VGVz", "dA==", "PHNj"
  };

  static Stream<String> names() {
    return Transformations.names().stream();
  }

  static List<String> corpus(long seed) {
    Random random = new Random(seed);
    List<String> inputs = new ArrayList<>(INPUTS);
    for (int k = 0; k < INPUTS; k++) {
      StringBuilder sb = new StringBuilder();
      int len = random.nextInt(k % 10 == 0 ? 200 : 24);
      boolean bytesOnly = k % 3 == 0;
      for (int j = 0; j < len; j++) {
        if (bytesOnly || random.nextInt(4) == 0) {
          sb.append((char) random.nextInt(256));
        } else {
          sb.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
        }
      }
      inputs.add(sb.toString());
    }
    return inputs;
  }

  @ParameterizedTest
  @MethodSource("names")
  void randomInputs(String name) {
    Transformation t = Transformations.byName(name).orElseThrow();
    for (String input : corpus(name.hashCode())) {
      String out;
      try {
        out = t.apply(input);
      } catch (RuntimeException e) {
        throw new AssertionError(name + " threw on \"" + Spec.escape(input) + "\"", e);
      }
      if (out == null) {
        fail(name + " returned null for \"" + Spec.escape(input) + "\"");
      }
      for (int i = 0; i < out.length(); i++) {
        if (out.charAt(i) > 0xFF) {
          fail(name + " produced a char above 0xFF for \"" + Spec.escape(input) + "\"");
        }
      }
      if (out.equals(input) && out != input) {
        fail(name + " returned an equal copy instead of the input for \"" + Spec.escape(input) + "\"");
      }
      if (!t.apply(input).equals(out)) {
        fail(name + " is not deterministic for \"" + Spec.escape(input) + "\"");
      }
    }
  }

  @Test
  void charsAboveLatin1DoNotBreakAnything() {
    // Outside the contract (values are byte strings), but nothing may throw.
    String odd = "\u0100%u0041\u20ac&amp;\\u0041\u3000 /../\uffff\ud800";
    for (String name : Transformations.names()) {
      assertThat(Transformations.byName(name).orElseThrow().apply(odd)).as(name).isNotNull();
    }
  }

  @Test
  void sharedAcrossThreads() {
    List<String> inputs = corpus(7).subList(0, 4_000);
    for (String name : Transformations.names()) {
      Transformation t = Transformations.byName(name).orElseThrow();
      List<String> sequential = inputs.stream().map(t::apply).toList();
      List<String> parallel = IntStream.range(0, inputs.size()).parallel()
          .mapToObj(i -> t.apply(inputs.get(i))).toList();
      assertThat(parallel).as(name).isEqualTo(sequential);
    }
  }

  private static List<String> hostile;

  /** Hostile 1 MB values: long runs of escape starters, unterminated sequences, deep paths, random bytes. */
  static synchronized List<String> hostile() {
    if (hostile == null) {
      hostile = makeHostile();
    }
    return hostile;
  }

  private static List<String> makeHostile() {
    Random random = new Random(1);
    StringBuilder bytes = new StringBuilder(ONE_MB);
    for (int i = 0; i < ONE_MB; i++) {
      bytes.append((char) random.nextInt(256));
    }
    return List.of(
        "%".repeat(ONE_MB),
        "%u".repeat(ONE_MB / 2),
        "%u00e9".repeat(ONE_MB / 6),
        "+".repeat(ONE_MB),
        "&#".repeat(ONE_MB / 2),
        "&#x" + "f".repeat(ONE_MB),
        "&#" + "9".repeat(ONE_MB),
        "&" + "a".repeat(ONE_MB),
        "&amp".repeat(ONE_MB / 4),
        "&nGt;".repeat(ONE_MB / 5),
        "\\".repeat(ONE_MB),
        "\\u{".repeat(ONE_MB / 3),
        "\\0".repeat(ONE_MB / 2),
        "/*".repeat(ONE_MB / 2),
        "<!--".repeat(ONE_MB / 4),
        "../".repeat(ONE_MB / 3),
        "a/".repeat(ONE_MB / 4) + "../".repeat(ONE_MB / 6),
        "\\..\\x. ".repeat(ONE_MB / 7),
        " ".repeat(ONE_MB),
        "\t \u00a0".repeat(ONE_MB / 3),
        "\u00c3\u00a9".repeat(ONE_MB / 2),
        "\u00ff".repeat(ONE_MB),
        "0x".repeat(ONE_MB / 2),
        "0x" + "41".repeat(ONE_MB / 2),
        "VGVz".repeat(ONE_MB / 4),
        bytes.toString());
  }

  @ParameterizedTest
  @MethodSource("names")
  void hostileMegabyteInputsAreFast(String name) {
    Transformation t = Transformations.byName(name).orElseThrow();
    List<String> inputs = hostile();
    // Warm up on small slices so that the measurement is not of the interpreter.
    for (int round = 0; round < 20; round++) {
      for (String input : inputs) {
        t.apply(input.substring(0, 4096));
      }
    }
    long worst = 0;
    String worstInput = "";
    for (String input : inputs) {
      long start = System.nanoTime();
      t.apply(input);
      long took = System.nanoTime() - start;
      if (took > worst) {
        worst = took;
        worstInput = Spec.escape(input.substring(0, 12));
      }
    }
    assertThat(worst / 1_000_000)
        .as("%s: slowest 1 MB input (%s...) took %d ms", name, worstInput, worst / 1_000_000)
        .isLessThan(1000);
  }
}
