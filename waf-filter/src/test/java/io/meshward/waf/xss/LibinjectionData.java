package io.meshward.waf.xss;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** libinjection's exported data files: ../shared/libinjection beside the project, never copied into it. */
final class LibinjectionData {
  private LibinjectionData() {}

  static Path root() {
    Path shared = Path.of(System.getProperty("meshward.shared.dir", "../../shared"));
    Path root = shared.resolve("libinjection");
    if (!Files.isDirectory(root.resolve("tests"))) {
      throw new IllegalStateException("the libinjection data is expected under " + root.toAbsolutePath()
          + " (../shared beside the project; set -Dmeshward.shared.dir)");
    }
    return root;
  }

  /** The URL decoding of the sample corpora: '+' is a space, a valid %XX one byte, any other '%' itself. */
  static String urlDecode(String line) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(line.length());
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '+') {
        out.write(' ');
      } else if (c == '%' && i + 2 < line.length() && hex(line.charAt(i + 1)) >= 0 && hex(line.charAt(i + 2)) >= 0) {
        out.write(hex(line.charAt(i + 1)) * 16 + hex(line.charAt(i + 2)));
        i += 2;
      } else {
        out.write(c);
      }
    }
    return out.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  private static int hex(char c) {
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

  /** Strips trailing spaces, tabs, CRs and LFs, as libinjection's test driver does. */
  static String rtrim(String s) {
    int end = s.length();
    while (end > 0 && " \t\r\n".indexOf(s.charAt(end - 1)) >= 0) {
      end--;
    }
    return s.substring(0, end);
  }
}
