package io.meshward.waf.xss;

import java.util.Set;

/** How an attribute's value is judged, decided by the attribute name alone. */
enum AttributeClass {
  /** Harmless whatever its value. */
  NONE,
  /** {@code onerror}, {@code onload}, ...: the value is script. */
  EVENT_HANDLER,
  /** Namespace and data-binding attributes ({@code xmlns*}, {@code xlink*}, {@code datasrc}, ...). */
  ALWAYS_BAD,
  /** {@code style} and IE's {@code filter}: CSS can run script (expression(), behaviors, bindings). */
  STYLE,
  /** Holds a URL: dangerous when the URL starts with a script or data scheme. */
  URL,
  /** SVG {@code attributeName}: its value names another attribute, dangerous when that one would be. */
  INDIRECT;

  private static final Set<String> ALWAYS_BAD_NAMES = Set.of("dataformatas", "datasrc");
  private static final Set<String> STYLE_NAMES = Set.of("style", "filter");
  private static final Set<String> URL_NAMES = Set.of(
      "action", "background", "by", "dynsrc", "folder", "formaction", "from", "handler", "href", "lowsrc", "poster",
      "src", "to", "values", "xlink:href");

  /** Classifies an attribute name; ASCII case and NUL bytes in it are ignored. */
  static AttributeClass of(String name, EventNames events) {
    if (name.length() < 2) {
      return NONE;
    }
    if (name.length() >= 5 && Ascii.startsWithIgnoreCase(name, "on")
        && events.prefixOf(Ascii.lowerWithoutNuls(name.substring(2))) != null) {
      return EVENT_HANDLER;
    }
    if (name.length() >= 5
        && (Ascii.startsWithIgnoreCase(name, "xmlns") || Ascii.startsWithIgnoreCase(name, "xlink"))) {
      return ALWAYS_BAD;
    }
    String folded = Ascii.lowerWithoutNuls(name);
    if (ALWAYS_BAD_NAMES.contains(folded)) {
      return ALWAYS_BAD;
    }
    if (STYLE_NAMES.contains(folded)) {
      return STYLE;
    }
    if (URL_NAMES.contains(folded)) {
      return URL;
    }
    if (folded.equals("attributename")) {
      return INDIRECT;
    }
    return NONE;
  }

  /** Whether {@code value}, given to an attribute of this class, makes the input XSS. */
  boolean isDangerousValue(String value, EventNames events) {
    return switch (this) {
      case NONE -> false;
      case EVENT_HANDLER, ALWAYS_BAD, STYLE -> true;
      case URL -> UrlSchemes.isDangerous(value);
      case INDIRECT -> of(value, events) != NONE;
    };
  }
}
