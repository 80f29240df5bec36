package io.meshward.waf.transformations;

import static io.meshward.waf.transformations.Spec.c;

import io.meshward.waf.transformations.Spec.Case;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** normalizePath and normalizePathWin (lexical cleaning as Go's path.Clean, plus Coraza's trailing-slash rule). */
class NormalizePathTest {

  static Stream<Case> normalizePath() {
    String d = "normalizePath";
    return Stream.of(
        c(d, "", "", "empty"),
        c(d, "/foo/bar/baz", "/foo/bar/baz", "already clean"),
        c(d, "/foo/bar\0/baz", "/foo/bar\0/baz", "NUL is an ordinary byte"),
        c(d, "x", "x", "one segment"),
        c(d, ".", "", "dot alone cleans to nothing"),
        c(d, "./", "", "dot slash too"),
        c(d, "./..", "..", "a leading .. of a relative path stays"),
        c(d, "./../", "../", "with the trailing slash"),
        c(d, "..", "..", "unchanged"),
        c(d, "../", "../", "unchanged with slash"),
        c(d, "../.", "..", "trailing dot"),
        c(d, ".././", "../", "trailing dot slash"),
        c(d, "../..", "../..", "two"),
        c(d, "../../", "../../", "two with slash"),
        c(d, "/dir/foo//bar", "/dir/foo/bar", "double slash"),
        c(d, "dir/foo//bar/", "dir/foo/bar/", "double slash, trailing slash kept"),
        c(d, "dir/../foo", "foo", "dir/.. goes"),
        c(d, "dir/../../foo", "../foo", "one .. too many"),
        c(d, "dir/./.././../../foo/bar", "../../foo/bar", "mixed"),
        c(d, "dir/./.././../../foo/bar/.", "../../foo/bar", "trailing /. goes"),
        c(d, "dir/./.././../../foo/bar/./", "../../foo/bar/", "trailing /./ leaves the slash"),
        c(d, "dir/./.././../../foo/bar/..", "../../foo", "trailing /.."),
        c(d, "dir/./.././../../foo/bar/../", "../../foo/", "trailing /../"),
        c(d, "dir//.//..//.//..//..//foo//bar", "../../foo/bar", "doubled slashes everywhere"),
        c(d, "dir//.//..//.//..//..//foo//bar//", "../../foo/bar/", "and a trailing one"),
        c(d, "dir/subdir/subsubdir/subsubsubdir/../../..", "dir", "three up"),
        c(d, "dir/./subdir/../subsubdir/../subsubsubdir/..", "dir", "up and down"),
        c(d, "/dir/./subdir/../subsubdir/../subsubsubdir/../", "/dir/", "absolute"),
        c(d, "/./.././../../../../../../../\0/../etc/./passwd", "/etc/passwd", "traversal above the root"),
        c(d, "/../../etc/passwd", "/etc/passwd", ".. at the root goes"),
        c(d, "a/..", "", "cleans to nothing"),
        c(d, "a/../", "", "cleans to nothing, despite the slash"),
        c(d, "/", "//", "Coraza quirk: the root plus the kept trailing slash"),
        c(d, "//", "//", "the same"),
        c(d, "///a///", "/a/", "runs of slashes"),
        c(d, "/..", "/", "root"),
        c(d, "...", "...", "three dots is a name"),
        c(d, "a/.../b", "a/.../b", "in the middle too"),
        c(d, ".a/..b/c.", ".a/..b/c.", "dots inside names"),
        c(d, "a\\..\\b", "a\\..\\b", "backslash is not a separator here"));
  }

  static Stream<Case> normalizePathWin() {
    String d = "normalizePathWin";
    return Stream.of(
        c(d, "", "", "empty"),
        c(d, "\\foo\\bar\\baz", "/foo/bar/baz", "backslashes become slashes"),
        c(d, "\\foo\\bar\0\\baz", "/foo/bar\0/baz", "NUL"),
        c(d, "x", "x", "one segment"),
        c(d, ".", "", "dot"),
        c(d, ".\\", "", "dot backslash"),
        c(d, ".\\..", "..", "leading .."),
        c(d, ".\\..\\", "../", "with trailing separator"),
        c(d, "..\\.", "..", "trailing dot"),
        c(d, "..\\..\\", "../../", "two"),
        c(d, "\\dir\\foo\\\\bar", "/dir/foo/bar", "doubled backslash"),
        c(d, "dir\\foo\\\\bar\\", "dir/foo/bar/", "trailing separator kept"),
        c(d, "dir\\..\\..\\foo", "../foo", "one .. too many"),
        c(d, "dir\\.\\..\\.\\..\\..\\foo\\bar\\..\\", "../../foo/", "mixed"),
        c(d, "\\.\\..\\.\\..\\..\\..\\..\\..\\..\\..\\\\0\\..\\etc\\.\\passwd", "/etc/passwd", "traversal"),
        c(d, "foo\\bar", "foo/bar", "relative"),
        c(d, "a/b\\c", "a/b/c", "both separators"),
        c(d, "//", "//", "the Coraza root quirk"),
        c(d, "C:\\inetpub\\wwwroot\\index.html", "C:/inetpub/wwwroot/index.html", "drive letter kept"),
        c(d, "..\\..\\etc\\passwd", "../../etc/passwd", "relative traversal"),
        c(d, "foo\\..\\bar", "bar", "resolved"),
        c(d, "C:\\inetpub\\wwwroot\\web.config.", "C:/inetpub/wwwroot/web.config", "trailing dot goes"),
        c(d, "C:\\inetpub\\wwwroot\\web.config ", "C:/inetpub/wwwroot/web.config", "trailing space goes"),
        c(d, "web.config. . .", "web.config", "trailing dots and spaces"),
        c(d, "dir. \\file", "dir/file", "in every segment"),
        c(d, "C:\\inetpub\\wwwroot\\web.config::$DATA", "C:/inetpub/wwwroot/web.config", "default data stream"),
        c(d, "C:\\inetpub\\wwwroot\\web.config:hidden", "C:/inetpub/wwwroot/web.config", "named data stream"),
        c(d, "file.txt:stream", "file.txt", "stream on a bare name"),
        c(d, "a:b\\c", "a:b/c", "a colon before the last segment stays"),
        c(d, "..\\..\\web.config.", "../../web.config", "leading .. is not a file name"),
        c(d, "C:", "C:", "a drive alone"),
        c(d, "C:\\", "C:/", "a drive root"),
        c(d, "C:\\path\\web.config:$DATA\\", "C:/path/web.config/", "stream before a trailing separator"),
        c(d, "C:\\ \\file.txt", "C:/file.txt", "a segment of spaces goes"),
        c(d, " ", "", "only a space"));
  }

  @ParameterizedTest
  @MethodSource("normalizePath")
  void normalizePathCases(Case c) {
    Spec.check(c);
  }

  @ParameterizedTest
  @MethodSource("normalizePathWin")
  void normalizePathWinCases(Case c) {
    Spec.check(c);
  }

  @org.junit.jupiter.api.Test
  void aValueWithoutASlashIsReturnedAsItIsByTheShortcutAsTheFullCleaningWould() {
    assertShortcutAgrees(NormalizePath.UNIX, NormalizePath::normalize, 3, ".a\\ :x0", 6);
  }

  @org.junit.jupiter.api.Test
  void aPlainFileNameIsReturnedAsItIsByTheWindowsShortcutAsTheFullCleaningWould() {
    assertShortcutAgrees(NormalizePath.WINDOWS, NormalizePath.WINDOWS::cleaned, 4, ".a\\/ :x0$", 7);
  }

  /** {@code transformation} on 20,000 random values of 1 to {@code maxLength} chars from {@code alphabet}. */
  private static void assertShortcutAgrees(NormalizePath transformation,
                                           java.util.function.UnaryOperator<String> fullCleaning, long seed,
                                           String alphabet, int maxLength) {
    java.util.Random random = new java.util.Random(seed);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder value = new StringBuilder();
      for (int j = random.nextInt(maxLength) + 1; j > 0; j--) {
        value.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String input = value.toString();
      org.assertj.core.api.Assertions.assertThat(transformation.apply(input)).as(input)
          .isEqualTo(fullCleaning.apply(input));
    }
  }
}
