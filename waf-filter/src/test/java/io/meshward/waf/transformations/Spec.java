package io.meshward.waf.transformations;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

/**
 * Helpers for the specification tables: a case is a transformation name, an input and the expected output, all byte
 * strings (one char per byte), with a short reason. Byte strings are written with Java escapes (NUL as backslash-0,
 * the char U+00E9 as the single byte E9), or built with {@link #utf8} (the UTF-8 bytes of a Unicode text) and
 * {@link #hex}.
 */
final class Spec {
  private Spec() {}

  /** One row of a table. */
  record Case(String name, String input, String expected, String why) {
    @Override
    public String toString() {
      return name + " " + why + ": \"" + escape(input) + "\" -> \"" + escape(expected) + "\"";
    }
  }

  static Case c(String name, String input, String expected, String why) {
    return new Case(name, input, expected, why);
  }

  /** Applies the transformation and checks the output, and that an unchanged value comes back as the same instance. */
  static void check(Case c) {
    Transformation t = Transformations.byName(c.name()).orElseThrow();
    String input = new String(c.input()); // a fresh instance, so that identity means "returned the input"
    String actual = t.apply(input);
    assertThat(escape(actual)).as(c.toString()).isEqualTo(escape(c.expected()));
    if (c.expected().equals(c.input())) {
      assertThat(actual).as("unchanged value is returned as the same instance: " + c).isSameAs(input);
    }
  }

  /** The UTF-8 encoding of {@code text} as a byte string. */
  static String utf8(String text) {
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  /** A byte string from hex pairs, spaces allowed: {@code hex("C3 A9")}. */
  static String hex(String pairs) {
    String h = pairs.replace(" ", "");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < h.length(); i += 2) {
      sb.append((char) Integer.parseInt(h.substring(i, i + 2), 16));
    }
    return sb.toString();
  }

  /** Printable form: bytes outside 0x20-0x7E as {@code \xHH}. */
  static String escape(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch >= 0x20 && ch < 0x7F && ch != '\\') {
        sb.append(ch);
      } else if (ch == '\\') {
        sb.append("\\\\");
      } else {
        sb.append(String.format("\\x%02x", (int) ch));
      }
    }
    return sb.toString();
  }
}
