package io.meshward.waf.transformations;

import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The SecLang transformations by name. Names are case-insensitive, as in the reference engines ({@code t:urlDecodeUni},
 * {@code t:URLDECODEUNI}); {@code normalisePath} and {@code normalisePathWin} are accepted as aliases.
 *
 * <p>Every transformation is a stateless, thread-safe singleton that works on byte strings (see {@link Transformation}),
 * runs in time and memory linear in its input, never throws on any input, and returns its input instance when the
 * value does not change. Semantics follow Coraza, which passes all CRS regression tests; each class documents where
 * ModSecurity differs.
 */
public final class Transformations {
  /** The identity. The rule compiler gives {@code t:none} its meaning: drop the transformations before it. */
  public static final Transformation NONE = s -> s;

  private static final Map<String, Transformation> BY_NAME = new HashMap<>();
  private static final SortedSet<String> NAMES;

  static {
    SortedSet<String> names = new TreeSet<>();
    register(names, "none", NONE);
    register(names, "base64Decode", Base64Decode.STRICT);
    register(names, "base64DecodeExt", Base64Decode.EXT);
    register(names, "cmdLine", CmdLine.INSTANCE);
    register(names, "compressWhitespace", Whitespace.COMPRESS);
    register(names, "cssDecode", CssDecode.INSTANCE);
    register(names, "escapeSeqDecode", EscapeSeqDecode.INSTANCE);
    register(names, "hexDecode", Codecs.HEX_DECODE);
    register(names, "hexEncode", Codecs.HEX_ENCODE);
    register(names, "htmlEntityDecode", HtmlEntityDecode.INSTANCE);
    register(names, "jsDecode", JsDecode.INSTANCE);
    register(names, "length", Codecs.LENGTH);
    register(names, "lowercase", CaseFold.LOWER);
    register(names, "md5", Codecs.MD5);
    register(names, "normalizePath", NormalizePath.UNIX);
    register(names, "normalizePathWin", NormalizePath.WINDOWS);
    register(names, "removeCommentsChar", Comments.REMOVE_CHARS);
    register(names, "removeNulls", Nulls.REMOVE);
    register(names, "removeWhitespace", Whitespace.REMOVE);
    register(names, "replaceComments", Comments.REPLACE);
    register(names, "replaceNulls", Nulls.REPLACE);
    register(names, "sha1", Codecs.SHA1);
    register(names, "sqlHexDecode", Codecs.SQL_HEX_DECODE);
    register(names, "trim", Whitespace.TRIM);
    register(names, "trimLeft", Whitespace.TRIM_LEFT);
    register(names, "trimRight", Whitespace.TRIM_RIGHT);
    register(names, "uppercase", CaseFold.UPPER);
    register(names, "urlDecode", UrlDecode.PLAIN);
    register(names, "urlDecodeUni", UrlDecode.UNI);
    register(names, "urlEncode", Codecs.URL_ENCODE);
    register(names, "utf8toUnicode", Utf8ToUnicode.INSTANCE);
    BY_NAME.put("normalisepath", NormalizePath.UNIX);
    BY_NAME.put("normalisepathwin", NormalizePath.WINDOWS);
    NAMES = Collections.unmodifiableSortedSet(names);
  }

  private Transformations() {}

  private static void register(SortedSet<String> names, String name, Transformation t) {
    names.add(name);
    BY_NAME.put(name.toLowerCase(Locale.ROOT), t);
  }

  /** The transformation named as in SecLang (case-insensitive: "urlDecodeUni", "lowercase"), or empty. */
  public static Optional<Transformation> byName(String name) {
    if (name == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(BY_NAME.get(name.toLowerCase(Locale.ROOT)));
  }

  /** The canonical names, sorted. */
  public static SortedSet<String> names() {
    return NAMES;
  }
}
