package io.meshward.waf.crstest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * The few behaviours of Go's standard library that go-ftw (the CRS test runner) and albedo (the CRS test backend)
 * rely on, re-implemented from their documented semantics so that requests and responses come out byte for byte
 * the same: header-name canonicalisation, query escaping, base64 and content sniffing.
 */
final class GoCompat {
  private GoCompat() {}

  private static final String TOKEN_SPECIALS = "!#$%&'*+-.^_`|~";

  /** A byte of an HTTP token (RFC 9110 tchar). */
  static boolean isTokenChar(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || (c < 0x80 && c > 0x20 && TOKEN_SPECIALS.indexOf(c) >= 0);
  }

  /**
   * Go's {@code textproto.CanonicalMIMEHeaderKey}: "content-type" becomes "Content-Type"; a name holding a byte that
   * is not a token character is returned unchanged.
   */
  static String canonicalHeaderKey(String name) {
    for (int i = 0; i < name.length(); i++) {
      if (!isTokenChar(name.charAt(i))) {
        return name;
      }
    }
    StringBuilder out = new StringBuilder(name.length());
    boolean upper = true;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (upper && c >= 'a' && c <= 'z') {
        c = (char) (c - 32);
      } else if (!upper && c >= 'A' && c <= 'Z') {
        c = (char) (c + 32);
      }
      out.append(c);
      upper = c == '-';
    }
    return out.toString();
  }

  /**
   * Go's {@code url.QueryUnescape} on raw bytes: {@code +} becomes a space, {@code %XX} its byte.
   *
   * @return the decoded bytes, or null where Go reports an error (a {@code %} not followed by two hex digits)
   */
  static byte[] queryUnescape(byte[] in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
    for (int i = 0; i < in.length; i++) {
      int c = in[i] & 0xff;
      if (c == '%') {
        if (i + 2 >= in.length || hex(in[i + 1]) < 0 || hex(in[i + 2]) < 0) {
          return null;
        }
        out.write(hex(in[i + 1]) << 4 | hex(in[i + 2]));
        i += 2;
      } else if (c == '+') {
        out.write(' ');
      } else {
        out.write(c);
      }
    }
    return out.toByteArray();
  }

  /** Go's {@code url.QueryEscape}: unreserved bytes stay, a space becomes {@code +}, the rest {@code %XX}. */
  static void queryEscape(byte[] in, int from, int to, ByteArrayOutputStream out) {
    for (int i = from; i < to; i++) {
      int c = in[i] & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
          || c == '.' || c == '~') {
        out.write(c);
      } else if (c == ' ') {
        out.write('+');
      } else {
        out.write('%');
        out.write("0123456789ABCDEF".charAt(c >> 4));
        out.write("0123456789ABCDEF".charAt(c & 15));
      }
    }
  }

  static int hex(byte b) {
    int c = b & 0xff;
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /**
   * Go's {@code base64.StdEncoding.DecodeString}: strict padded base64, except that carriage returns and line feeds
   * are skipped.
   *
   * @throws IllegalArgumentException for anything else that is not base64
   */
  static byte[] base64Decode(String text) {
    String compact = text.replace("\r", "").replace("\n", "");
    if (compact.length() % 4 != 0) {
      throw new IllegalArgumentException("illegal base64 data: the padding is missing"); // Java would accept it
    }
    return Base64.getDecoder().decode(compact);
  }

  /** Go strings are UTF-8 bytes; YAML text reaches the wire that way. */
  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  // ---- content sniffing (Go's net/http.DetectContentType, after the WHATWG MIME Sniffing standard)

  private static final int SNIFF_LENGTH = 512;
  private static final String[] HTML_TAGS = {"<!DOCTYPE HTML", "<HTML", "<HEAD", "<SCRIPT", "<IFRAME", "<H1", "<DIV",
      "<FONT", "<TABLE", "<A", "<STYLE", "<TITLE", "<B", "<BODY", "<BR", "<P", "<!--"};

  /**
   * The Content-Type Go's HTTP server gives a response whose handler set none: albedo's reflected bodies get
   * their type this way, which decides whether phase 4 inspects them.
   */
  static String detectContentType(byte[] body) {
    int length = Math.min(body.length, SNIFF_LENGTH);
    int start = 0;
    while (start < length && isSniffWhitespace(body[start])) {
      start++;
    }
    for (String tag : HTML_TAGS) {
      if (htmlTagAt(body, start, length, tag)) {
        return "text/html; charset=utf-8";
      }
    }
    if (startsWith(body, start, length, "<?xml")) {
      return "text/xml; charset=utf-8";
    }
    if (startsWith(body, 0, length, "%PDF-")) {
      return "application/pdf";
    }
    if (startsWith(body, 0, length, "%!PS-Adobe-")) {
      return "application/postscript";
    }
    // the byte-order marks are four-byte masked signatures in Go: shorter bodies never match them
    if (length >= 4 && bytesAt(body, length, 0, 0xFE, 0xFF)) {
      return "text/plain; charset=utf-16be";
    }
    if (length >= 4 && bytesAt(body, length, 0, 0xFF, 0xFE)) {
      return "text/plain; charset=utf-16le";
    }
    if (length >= 4 && bytesAt(body, length, 0, 0xEF, 0xBB, 0xBF)) {
      return "text/plain; charset=utf-8";
    }
    String binary = binarySignature(body, length);
    if (binary != null) {
      return binary;
    }
    for (int i = 0; i < length; i++) {
      int c = body[i] & 0xff;
      if (c <= 0x08 || c == 0x0B || (c >= 0x0E && c <= 0x1A) || (c >= 0x1C && c <= 0x1F)) {
        return "application/octet-stream";
      }
    }
    return "text/plain; charset=utf-8";
  }

  private static String binarySignature(byte[] b, int n) {
    if (bytesAt(b, n, 0, 0, 0, 1, 0) || bytesAt(b, n, 0, 0, 0, 2, 0)) {
      return "image/x-icon";
    }
    if (startsWith(b, 0, n, "BM")) {
      return "image/bmp";
    }
    if (startsWith(b, 0, n, "GIF87a") || startsWith(b, 0, n, "GIF89a")) {
      return "image/gif";
    }
    if (startsWith(b, 0, n, "RIFF") && startsWith(b, 8, n, "WEBPVP")) {
      return "image/webp";
    }
    if (bytesAt(b, n, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return "image/png";
    }
    if (bytesAt(b, n, 0, 0xFF, 0xD8, 0xFF)) {
      return "image/jpeg";
    }
    if (startsWith(b, 0, n, "FORM") && startsWith(b, 8, n, "AIFF")) {
      return "audio/aiff";
    }
    if (startsWith(b, 0, n, "ID3")) {
      return "audio/mpeg";
    }
    if (bytesAt(b, n, 0, 'O', 'g', 'g', 'S', 0)) {
      return "application/ogg";
    }
    if (bytesAt(b, n, 0, 'M', 'T', 'h', 'd', 0, 0, 0, 6)) {
      return "audio/midi";
    }
    if (startsWith(b, 0, n, "RIFF") && startsWith(b, 8, n, "AVI ")) {
      return "video/avi";
    }
    if (startsWith(b, 0, n, "RIFF") && startsWith(b, 8, n, "WAVE")) {
      return "audio/wave";
    }
    if (isMp4(b, n)) {
      return "video/mp4";
    }
    if (bytesAt(b, n, 0, 0x1A, 0x45, 0xDF, 0xA3)) {
      return "video/webm";
    }
    if (n >= 36 && b[34] == 'L' && b[35] == 'P') {
      return "application/vnd.ms-fontobject";
    }
    if (bytesAt(b, n, 0, 0, 1, 0, 0)) {
      return "font/ttf";
    }
    if (startsWith(b, 0, n, "OTTO")) {
      return "font/otf";
    }
    if (startsWith(b, 0, n, "ttcf")) {
      return "font/collection";
    }
    if (startsWith(b, 0, n, "wOFF")) {
      return "font/woff";
    }
    if (startsWith(b, 0, n, "wOF2")) {
      return "font/woff2";
    }
    if (bytesAt(b, n, 0, 0x1F, 0x8B, 0x08)) {
      return "application/x-gzip";
    }
    if (bytesAt(b, n, 0, 'P', 'K', 3, 4)) {
      return "application/zip";
    }
    if (bytesAt(b, n, 0, 'R', 'a', 'r', '!', 0x1A, 0x07, 0) || bytesAt(b, n, 0, 'R', 'a', 'r', '!', 0x1A, 0x07, 1, 0)) {
      return "application/x-rar-compressed";
    }
    if (bytesAt(b, n, 0, 0, 'a', 's', 'm')) {
      return "application/wasm";
    }
    return null;
  }

  private static boolean isMp4(byte[] b, int n) {
    if (n < 12) {
      return false;
    }
    int boxSize = (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    if (boxSize < 12 || n < boxSize || boxSize % 4 != 0 || !startsWith(b, 4, n, "ftyp")) {
      return false;
    }
    for (int i = 8; i < boxSize; i += 4) {
      if (i == 12) {
        continue; // the minor version
      }
      if (startsWith(b, i, n, "mp4")) {
        return true;
      }
    }
    return false;
  }

  private static boolean isSniffWhitespace(byte b) {
    return b == '\t' || b == '\n' || b == 0x0C || b == '\r' || b == ' ';
  }

  private static boolean htmlTagAt(byte[] b, int start, int n, String tag) {
    if (!startsWithIgnoreCase(b, start, n, tag)) {
      return false;
    }
    int next = start + tag.length();
    return next < n && (b[next] == ' ' || b[next] == '>');
  }

  private static boolean startsWithIgnoreCase(byte[] b, int start, int n, String prefix) {
    if (n - start < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      int c = b[start + i] & 0xff;
      int p = prefix.charAt(i);
      if (p >= 'A' && p <= 'Z') {
        c &= 0xDF; // fold ASCII letters to upper case
      }
      if (c != p) {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWith(byte[] b, int start, int n, String prefix) {
    if (n - start < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if ((b[start + i] & 0xff) != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean bytesAt(byte[] b, int n, int start, int... expected) {
    if (n - start < expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if ((b[start + i] & 0xff) != expected[i]) {
        return false;
      }
    }
    return true;
  }

  static String lower(String text) {
    return text.toLowerCase(Locale.ROOT);
  }
}
