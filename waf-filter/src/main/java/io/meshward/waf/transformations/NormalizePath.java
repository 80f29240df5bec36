package io.meshward.waf.transformations;

/**
 * {@code normalizePath} (alias {@code normalisePath}) and {@code normalizePathWin} (alias {@code normalisePathWin}).
 *
 * <p>{@code normalizePath} is lexical path cleaning as Go's {@code path.Clean} does it, which Coraza uses:
 *
 * <ul>
 *   <li>runs of {@code /} collapse to one;
 *   <li>{@code .} segments go;
 *   <li>{@code name/..} pairs go; a {@code ..} that has nothing to remove is kept at the start of a relative path
 *       ({@code a/../../b} is {@code ../b}) and dropped at the root of an absolute one ({@code /../b} is {@code /b});
 *   <li>a path that cleans to nothing ({@code .}, {@code ./}, {@code a/..}) becomes the empty string;
 *   <li>if the input ends with {@code /}, so does the output, which is why {@code /} (and {@code //}) normalise to
 *       {@code //}: the cleaned root plus the kept trailing slash. That quirk is Coraza's; ModSecurity returns
 *       {@code /}.
 * </ul>
 *
 * <p>{@code normalizePathWin} first turns every backslash into {@code /}, cleans as above, and then, as Coraza does
 * (and as Windows resolves file names), cuts an NTFS alternate data stream suffix off the last segment
 * ({@code web.config::$DATA} and {@code web.config:x} are {@code web.config}; a drive {@code C:} is kept) and strips
 * trailing dots and spaces from every segment that is not made only of dots ({@code web.config.} is
 * {@code web.config}; a segment of only spaces goes). ModSecurity does neither.
 */
final class NormalizePath implements Transformation {
  static final NormalizePath UNIX = new NormalizePath(false);
  static final NormalizePath WINDOWS = new NormalizePath(true);

  private final boolean windows;

  private NormalizePath(boolean windows) {
    this.windows = windows;
  }

  @Override
  public String apply(String input) {
    if (input.isEmpty()) {
      return input;
    }
    if (!windows && input.indexOf('/') < 0 && !input.equals(".")) {
      // One segment cleans to itself, except "." (which the transformation turns into the empty string). Most
      // values a rule normalises as a path are plain words: no need to copy them.
      return input;
    }
    if (windows && isPlainFileName(input)) {
      return input;
    }
    return cleaned(input);
  }

  /** The whole transformation, without the shortcuts. */
  String cleaned(String input) {
    String path = windows ? input.replace('\\', '/') : input;
    String result = normalize(path);
    if (windows) {
      result = stripTrailingDotsAndSpaces(stripAlternateDataStream(result));
    }
    return result.equals(input) ? input : result;
  }

  /**
   * Whether {@code normalizePathWin} leaves {@code input} (not empty) as it is: one segment (no slash of either kind)
   * that is neither {@code .} nor {@code ..}, names no data stream (no colon) and has no trailing dot or space to
   * strip. Most values CRS cleans as a Windows path (every argument, for rule 930120) are such plain words.
   */
  private static boolean isPlainFileName(String input) {
    char last = input.charAt(input.length() - 1);
    return last != '.' && last != ' ' && input.indexOf('/') < 0 && input.indexOf('\\') < 0 && input.indexOf(':') < 0;
  }

  /** Clean plus the kept trailing slash; {@code path} is not empty. */
  static String normalize(String path) {
    byte[] p = Bytes.of(path);
    int n = p.length;
    byte[] out = new byte[n + 1];
    int w = clean(p, n, out);
    if (w == 0) {
      // Clean would answer "."; the transformation answers the empty string.
      return "";
    }
    if (p[n - 1] == '/') {
      out[w++] = '/';
    }
    return Bytes.string(out, w);
  }

  /**
   * Writes the cleaned form of {@code p[0..n)} to {@code out} and returns its length; 0 stands for Go's ".". Linear:
   * each byte is written once and removed at most once.
   */
  static int clean(byte[] p, int n, byte[] out) {
    boolean rooted = p[0] == '/';
    int w = 0;
    int r = 0;
    int dotdot = 0;
    if (rooted) {
      out[w++] = '/';
      r = 1;
      dotdot = 1;
    }
    while (r < n) {
      if (p[r] == '/') {
        r++;
      } else if (p[r] == '.' && (r + 1 == n || p[r + 1] == '/')) {
        r++;
      } else if (p[r] == '.' && p[r + 1] == '.' && (r + 2 == n || p[r + 2] == '/')) {
        r += 2;
        if (w > dotdot) {
          w--;
          while (w > dotdot && out[w] != '/') {
            w--;
          }
        } else if (!rooted) {
          if (w > 0) {
            out[w++] = '/';
          }
          out[w++] = '.';
          out[w++] = '.';
          dotdot = w;
        }
      } else {
        if ((rooted && w != 1) || (!rooted && w != 0)) {
          out[w++] = '/';
        }
        while (r < n && p[r] != '/') {
          out[w++] = p[r++];
        }
      }
    }
    return w;
  }

  /** Cuts the last segment at its first ':' (an alternate data stream), keeping a leading drive letter. */
  static String stripAlternateDataStream(String path) {
    String prefix = "";
    String data = path;
    if (data.length() >= 2 && data.charAt(1) == ':' && isAsciiLetter(data.charAt(0))) {
      prefix = data.substring(0, 2);
      data = data.substring(2);
    }
    boolean trailingSlash = !data.isEmpty() && data.charAt(data.length() - 1) == '/';
    if (trailingSlash) {
      data = data.substring(0, data.length() - 1);
    }
    int colon = data.indexOf(':', data.lastIndexOf('/') + 1);
    if (colon < 0) {
      return path;
    }
    return prefix + data.substring(0, colon) + (trailingSlash ? "/" : "");
  }

  /**
   * Strips trailing '.' and ' ' from every segment that is not all dots (empty segments count as all dots); a segment
   * that strips to nothing is dropped with its separator.
   */
  static String stripTrailingDotsAndSpaces(String path) {
    if (!hasTrimmableSegment(path)) {
      return path;
    }
    StringBuilder sb = new StringBuilder(path.length());
    boolean wroteAny = false;
    int start = 0;
    int n = path.length();
    for (int i = 0; i <= n; i++) {
      if (i != n && path.charAt(i) != '/') {
        continue;
      }
      int end = i;
      if (!allDots(path, start, end)) {
        while (end > start && (path.charAt(end - 1) == '.' || path.charAt(end - 1) == ' ')) {
          end--;
        }
        if (end == start) {
          start = i + 1;
          continue;
        }
      }
      if (wroteAny) {
        sb.append('/');
      }
      sb.append(path, start, end);
      wroteAny = true;
      start = i + 1;
    }
    return sb.toString();
  }

  private static boolean hasTrimmableSegment(String path) {
    int start = 0;
    int n = path.length();
    for (int i = 0; i <= n; i++) {
      if (i != n && path.charAt(i) != '/') {
        continue;
      }
      if (!allDots(path, start, i)) {
        char last = path.charAt(i - 1);
        if (last == '.' || last == ' ') {
          return true;
        }
      }
      start = i + 1;
    }
    return false;
  }

  private static boolean allDots(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) != '.') {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
