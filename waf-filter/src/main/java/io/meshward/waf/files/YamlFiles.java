package io.meshward.waf.files;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/** Where documents of one kind are read from: a YAML file, or every {@code *.yaml}/{@code *.yml} of a directory. */
public final class YamlFiles {
  private YamlFiles() {}

  /**
   * The file itself, or the directory's YAML files in name order.
   *
   * @param what what the files hold, for the message ("the WAF profiles")
   * @throws IOException with a message naming the path, when it does not exist or cannot be listed
   */
  public static List<Path> list(Path path, String what) throws IOException {
    if (Files.isRegularFile(path)) {
      return List.of(path);
    }
    if (!Files.isDirectory(path)) {
      throw new IOException(path + ": no such file or directory (" + what + ")");
    }
    TreeSet<Path> files = new TreeSet<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(path, "*.{yaml,yml}")) {
      for (Path file : stream) {
        if (Files.isRegularFile(file)) {
          files.add(file);
        }
      }
    } catch (IOException e) {
      throw new IOException(path + ": cannot be listed: " + e.getMessage(), e);
    }
    return List.copyOf(files);
  }
}
