package io.meshward.policy.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A request path pattern of an allowlist rule. The grammar is deliberately small, so that every pattern becomes an
 * exact, prefix or RE2 match that both Envoy and grpc-java evaluate in linear time:
 * <ul>
 *   <li>{@code /healthz}: exactly this path;</li>
 *   <li>{@code /api/**}: every path under {@code /api/} ({@code **} only as the last segment);</li>
 *   <li>{@code /users/*}/orders} or {@code /users/{id}/orders}: {@code *} and {@code {name}} stand for exactly one
 *       non-empty segment.</li>
 * </ul>
 * Query strings are never part of a pattern.
 */
public record PathPattern(String text, Kind kind, String matchValue) {

  public enum Kind {
    /** {@code matchValue} is the whole path. */
    EXACT,
    /** {@code matchValue} is a path prefix ending in "/". */
    PREFIX,
    /** {@code matchValue} is an RE2 regular expression that must match the whole path. */
    TEMPLATE
  }

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{[A-Za-z_][A-Za-z0-9_]*}");
  /** RFC 3986 pchar, minus the characters a pattern gives meaning to. */
  private static final Pattern LITERAL_SEGMENT = Pattern.compile("[A-Za-z0-9\\-._~!$&'()+,;=:@%]*");

  public PathPattern {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(matchValue, "matchValue");
  }

  @Override
  public String toString() {
    return text;
  }

  /**
   * Parses a pattern.
   *
   * @throws IllegalArgumentException with a message fit for an operator when the pattern is malformed
   */
  public static PathPattern parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("a path pattern must not be empty");
    }
    if (!text.startsWith("/")) {
      throw new IllegalArgumentException("a path pattern must start with '/'");
    }
    if (text.indexOf('?') >= 0 || text.indexOf('#') >= 0) {
      throw new IllegalArgumentException("a path pattern cannot contain a query or fragment ('?' or '#')");
    }
    if (text.length() > 1024) {
      throw new IllegalArgumentException("a path pattern must be at most 1024 characters");
    }
    String[] segments = text.substring(1).split("/", -1);
    boolean wildcard = false;
    List<String> regexParts = new ArrayList<>();
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      boolean last = i == segments.length - 1;
      if (segment.equals("**")) {
        if (!last) {
          throw new IllegalArgumentException("'**' may only be the last segment of a path pattern");
        }
        if (wildcard) {
          throw new IllegalArgumentException("'**' cannot follow '*' or '{name}' segments in a path pattern");
        }
        String prefix = text.substring(0, text.length() - 2);
        return new PathPattern(text, Kind.PREFIX, prefix);
      }
      if (segment.equals("*") || PLACEHOLDER.matcher(segment).matches()) {
        wildcard = true;
        regexParts.add("[^/]+");
        continue;
      }
      if (segment.contains("*") || segment.contains("{") || segment.contains("}")) {
        throw new IllegalArgumentException("segment '" + segment
            + "': '*' and '{name}' must stand for a whole segment, and '**' only for the last one");
      }
      if (!LITERAL_SEGMENT.matcher(segment).matches()) {
        throw new IllegalArgumentException("segment '" + segment + "' has a character that is not allowed in a path");
      }
      regexParts.add(quote(segment));
    }
    if (!wildcard) {
      return new PathPattern(text, Kind.EXACT, text);
    }
    return new PathPattern(text, Kind.TEMPLATE, "/" + String.join("/", regexParts));
  }

  /** Escapes the RE2 metacharacters that a literal segment may contain. */
  private static String quote(String literal) {
    StringBuilder out = new StringBuilder(literal.length() + 8);
    for (char c : literal.toCharArray()) {
      if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }
}
