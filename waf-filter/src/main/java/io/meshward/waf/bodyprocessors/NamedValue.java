package io.meshward.waf.bodyprocessors;

import java.util.Objects;

/**
 * One name/value pair of a collection (an argument, a cookie, a multipart part header), both byte strings.
 *
 * @param name the key, possibly empty
 * @param value the value, possibly empty
 */
public record NamedValue(String name, String value) {
  public NamedValue {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }

  /** Shorthand for the constructor. */
  public static NamedValue of(String name, String value) {
    return new NamedValue(name, value);
  }
}
