package io.meshward.waf.xss;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

  /** The classes decided by the exact name (ASCII case and NULs ignored). */
  private static final NameTable<AttributeClass> BY_NAME = byName();

  /** Classifies an attribute name; ASCII case and NUL bytes in it are ignored. */
  static AttributeClass of(String name, EventNames events) {
    return of(name, 0, name.length(), events);
  }

  /** Classifies the attribute name {@code s[from, to)} in place; ASCII case and NUL bytes in it are ignored. */
  static AttributeClass of(String s, int from, int to, EventNames events) {
    int length = to - from;
    if (length < 2) {
      return NONE;
    }
    if (length >= 5) {
      // The raw first bytes decide these prefixes (NULs included), as in the reference.
      if (Ascii.regionStartsWithIgnoreCase(s, from, to, "on") && events.isPrefixOf(s, from + 2, to)) {
        return EVENT_HANDLER;
      }
      if (Ascii.regionStartsWithIgnoreCase(s, from, to, "xmlns")
          || Ascii.regionStartsWithIgnoreCase(s, from, to, "xlink")) {
        return ALWAYS_BAD;
      }
    }
    AttributeClass byName = BY_NAME.get(s, from, to);
    return byName == null ? NONE : byName;
  }

  private static NameTable<AttributeClass> byName() {
    Map<String, AttributeClass> names = new HashMap<>();
    for (String name : List.of("dataformatas", "datasrc")) {
      names.put(name, ALWAYS_BAD);
    }
    for (String name : List.of("style", "filter")) {
      names.put(name, STYLE);
    }
    for (String name : List.of("action", "background", "by", "dynsrc", "folder", "formaction", "from", "handler",
        "href", "lowsrc", "poster", "src", "to", "values", "xlink:href")) {
      names.put(name, URL);
    }
    names.put("attributename", INDIRECT);
    return new NameTable<>(names);
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
