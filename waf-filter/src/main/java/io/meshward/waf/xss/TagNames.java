package io.meshward.waf.xss;

import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Start tags that can run script or load active content, whatever their attributes. */
final class TagNames {
  private static final NameTable<Boolean> BLACKLISTED = new NameTable<>(Stream.of(
      "applet", "base", "comment", "embed", "frame", "frameset", "handler", "iframe", "import", "isindex", "link",
      "listener", "meta", "noscript", "object", "script", "style", "vmlframe", "xml", "xss")
      .collect(Collectors.toMap(name -> name, name -> Boolean.TRUE)));

  private TagNames() {}

  /**
   * Whether the start-tag name {@code s[from, to)}, read in place, is dangerous: an exact match of the list (ASCII
   * case and NUL bytes ignored), or any name starting with {@code svg} (SVG can carry script) or {@code xsl} (XSLT).
   */
  static boolean isBlacklisted(String s, int from, int to) {
    if (to - from < 3) {
      return false;
    }
    if (Ascii.regionStartsWithIgnoreCase(s, from, to, "svg")
        || Ascii.regionStartsWithIgnoreCase(s, from, to, "xsl")) {
      return true;
    }
    return BLACKLISTED.get(s, from, to) != null;
  }
}
