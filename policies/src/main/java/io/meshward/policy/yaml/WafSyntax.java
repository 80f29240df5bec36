package io.meshward.policy.yaml;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The values of a WafProfile that end up in SecLang text (methods, media types, tags, targets). They are checked
 * against narrow character sets rather than quoted, so that the SecLang waf-filter generates from them is always
 * well-formed, whatever a profile says.
 */
final class WafSyntax {
  private static final Pattern METHOD = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,31}");
  private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9][a-z0-9.+-]{0,63}/[a-z0-9][a-z0-9.+-]{0,63}");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:-]{0,127}");
  private static final Pattern RULE_RANGE = Pattern.compile("([0-9]{1,9})-([0-9]{1,9})");
  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_.$@\\[\\]-]{1,256}");
  private static final Pattern REGEX_KEY = Pattern.compile("/[^\"'\\s,|]{1,256}/");
  static final int MAX_RULE_ID = 999_999_999;

  /** The collections a rule can be told to skip; a typo would otherwise silently exclude nothing. */
  static final List<String> COLLECTIONS = List.of("ARGS", "ARGS_GET", "ARGS_POST", "ARGS_NAMES", "ARGS_GET_NAMES",
      "ARGS_POST_NAMES", "ARGS_COMBINED_SIZE", "REQUEST_COOKIES", "REQUEST_COOKIES_NAMES", "REQUEST_HEADERS",
      "REQUEST_HEADERS_NAMES", "REQUEST_BODY", "REQUEST_URI", "REQUEST_URI_RAW", "REQUEST_FILENAME",
      "REQUEST_BASENAME", "REQUEST_LINE", "QUERY_STRING", "XML", "FILES", "FILES_NAMES", "MULTIPART_PART_HEADERS",
      "RESPONSE_HEADERS", "RESPONSE_HEADERS_NAMES", "RESPONSE_BODY", "MATCHED_VARS", "MATCHED_VARS_NAMES");

  private WafSyntax() {}

  /** An HTTP method, upper-cased. */
  static String method(String text) {
    if (!METHOD.matcher(text).matches()) {
      throw new IllegalArgumentException(Quote.value(text) + " is not an HTTP method: use 1-32 letters, digits,"
          + " '_' or '-', starting with a letter");
    }
    return text.toUpperCase(Locale.ROOT);
  }

  /** A media type without parameters, lower-cased. */
  static String mediaType(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.indexOf(';') >= 0) {
      throw new IllegalArgumentException(Quote.value(text) + " has parameters: give the media type alone, such as"
          + " application/json (CRS compares the type without its parameters)");
    }
    if (!MEDIA_TYPE.matcher(lower).matches()) {
      throw new IllegalArgumentException(Quote.value(text) + " is not a media type: expected type/subtype, such as"
          + " application/json");
    }
    return lower;
  }

  static String tag(String text) {
    if (!TAG.matcher(text).matches()) {
      throw new IllegalArgumentException(Quote.value(text) + " is not a rule tag: use letters, digits and . _ / : -,"
          + " such as attack-sqli or paranoia-level/2");
    }
    return text;
  }

  /** "942100-942199" as its two ends. */
  static int[] ruleRange(String text) {
    var matcher = RULE_RANGE.matcher(text.trim());
    if (!matcher.matches()) {
      throw new IllegalArgumentException(Quote.value(text) + " is not a rule id range: expected FIRST-LAST, such as"
          + " 942100-942199");
    }
    int first = Integer.parseInt(matcher.group(1));
    int last = Integer.parseInt(matcher.group(2));
    if (first < 1 || last < first) {
      throw new IllegalArgumentException(Quote.value(text) + " is not a rule id range: the first id must be positive"
          + " and not larger than the last");
    }
    return new int[] {first, last};
  }

  /** A variable as SecLang names it: {@code COLLECTION} or {@code COLLECTION:key} or {@code COLLECTION:/regex/}. */
  static String target(String text) {
    int colon = text.indexOf(':');
    String collection = colon < 0 ? text : text.substring(0, colon);
    String upper = collection.toUpperCase(Locale.ROOT);
    if (!COLLECTIONS.contains(upper)) {
      throw new IllegalArgumentException("unknown variable " + Quote.value(collection) + " in target "
          + Quote.value(text) + Suggestions.closest(upper, COLLECTIONS).map(s -> ": did you mean " + s + "?")
          .orElse(": expected one of " + String.join(", ", COLLECTIONS)));
    }
    if (colon < 0) {
      return upper;
    }
    String key = text.substring(colon + 1);
    if (!PLAIN_KEY.matcher(key).matches() && !REGEX_KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("the key of target " + Quote.value(text) + " is not valid: use a name of"
          + " letters, digits and _ . $ @ [ ] - (such as ARGS:json.user.bio), or a /regex/ without quotes, spaces,"
          + " ',' or '|'");
    }
    return upper + ":" + key;
  }
}
