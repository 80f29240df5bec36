package io.meshward.waf.xss;

import java.util.Set;

/** Start tags that can run script or load active content, whatever their attributes. */
final class TagNames {
  private static final Set<String> BLACKLISTED = Set.of(
      "applet", "base", "comment", "embed", "frame", "frameset", "handler", "iframe", "import", "isindex", "link",
      "listener", "meta", "noscript", "object", "script", "style", "vmlframe", "xml", "xss");

  private TagNames() {}

  /**
   * Whether a start-tag name is dangerous: an exact match of the list (ASCII case and NUL bytes ignored), or any
   * name starting with {@code svg} (SVG can carry script) or {@code xsl} (XSLT).
   */
  static boolean isBlacklisted(String name) {
    if (name.length() < 3) {
      return false;
    }
    if (Ascii.startsWithIgnoreCase(name, "svg") || Ascii.startsWithIgnoreCase(name, "xsl")) {
      return true;
    }
    return BLACKLISTED.contains(Ascii.lowerWithoutNuls(name));
  }
}
