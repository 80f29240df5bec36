package io.meshward.waf.transformations;

import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
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
  private static final Map<Transformation, ByteFlow> FLOWS = flows();

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

  /**
   * How {@code transformation} can change the bytes of a value ({@link ByteFlow}), read off each implementation:
   * the decoders turn their escape character into any byte, the case and whitespace mappings turn some bytes into
   * others, the deleting transformations keep a subset. Opaque for a transformation not listed here.
   */
  public static ByteFlow flowOf(Transformation transformation) {
    return FLOWS.getOrDefault(transformation, ByteFlow.OPAQUE);
  }

  private static Map<Transformation, ByteFlow> flows() {
    Map<Transformation, ByteFlow> flows = new IdentityHashMap<>();
    flows.put(NONE, ByteFlow.IDENTITY);
    ByteFlow urlDecode = ByteFlow.identityWith(new int[][] {{'%'}, {'+', ' '}});
    flows.put(UrlDecode.PLAIN, urlDecode);
    flows.put(UrlDecode.UNI, urlDecode);
    flows.put(HtmlEntityDecode.INSTANCE, ByteFlow.identityWith(new int[][] {{'&'}}));
    ByteFlow backslashEscapes = ByteFlow.identityWith(new int[][] {{'\\'}});
    flows.put(JsDecode.INSTANCE, backslashEscapes);
    flows.put(CssDecode.INSTANCE, backslashEscapes);
    flows.put(EscapeSeqDecode.INSTANCE, backslashEscapes);
    flows.put(CaseFold.LOWER, ByteFlow.caseMapping(false));
    // uppercase reads a value with any byte above 0x7F as UTF-8 and may write U+FFFD or other code points.
    flows.put(CaseFold.UPPER, ByteFlow.caseMapping(true).then(ByteFlow.anyFrom(0x80, 0xFF)));
    flows.put(CmdLine.INSTANCE, ByteFlow.caseMapping(false).then(ByteFlow.identityWith(
        new int[][] {{',', ' '}, {';', ' '}, {'\t', ' '}, {'\r', ' '}, {'\n', ' '}})));
    flows.put(Whitespace.COMPRESS, ByteFlow.identityWith(
        new int[][] {{'\t', ' '}, {'\n', ' '}, {0x0B, ' '}, {0x0C, ' '}, {'\r', ' '}, {0x85, ' '}, {0xA0, ' '}}));
    // removeWhitespace turns each byte outside valid UTF-8 into EF BF BD, and keeps or deletes the rest.
    flows.put(Whitespace.REMOVE, ByteFlow.highBytesStayHigh());
    flows.put(Whitespace.TRIM, ByteFlow.IDENTITY);
    flows.put(Whitespace.TRIM_LEFT, ByteFlow.IDENTITY);
    flows.put(Whitespace.TRIM_RIGHT, ByteFlow.IDENTITY);
    flows.put(Comments.REPLACE, ByteFlow.identityWith(new int[][] {{'/', ' '}, {'*', ' '}}));
    flows.put(Comments.REMOVE_CHARS, ByteFlow.IDENTITY);
    flows.put(Nulls.REMOVE, ByteFlow.IDENTITY);
    flows.put(Nulls.REPLACE, ByteFlow.identityWith(new int[][] {{0, ' '}}));
    flows.put(NormalizePath.UNIX, ByteFlow.IDENTITY);
    flows.put(NormalizePath.WINDOWS, ByteFlow.identityWith(new int[][] {{'\\', '/'}}));
    flows.put(Utf8ToUnicode.INSTANCE, ByteFlow.anyFrom(0x80, 0xFF));
    ByteFlow anything = ByteFlow.anyFrom(0, 0xFF);
    for (Transformation decoder : new Transformation[] {Base64Decode.STRICT, Base64Decode.EXT, Codecs.HEX_DECODE,
        Codecs.HEX_ENCODE, Codecs.SQL_HEX_DECODE, Codecs.URL_ENCODE}) {
      flows.put(decoder, anything);
    }
    // length, md5 and sha1 write bytes even for an empty value: they stay opaque.
    return Collections.unmodifiableMap(flows);
  }

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
