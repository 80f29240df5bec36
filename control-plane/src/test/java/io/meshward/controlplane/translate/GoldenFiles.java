package io.meshward.controlplane.translate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares rendered configuration with the reviewed files under src/test/resources/golden. After an intended change,
 * regenerate them with {@code -Dmeshward.golden.update=true} and review the diff before committing.
 */
final class GoldenFiles {
  private static final Path DIR = Path.of("src", "test", "resources", "golden");

  private GoldenFiles() {}

  static void assertMatches(String name, String actual) {
    Path file = DIR.resolve(name);
    try {
      if (Boolean.getBoolean("meshward.golden.update")) {
        Files.createDirectories(DIR);
        Files.writeString(file, actual, StandardCharsets.UTF_8);
        return;
      }
      assertThat(file).as("golden file %s (regenerate with -Dmeshward.golden.update=true)", file).exists();
      assertThat(actual).as("rendering compared with %s", file)
          .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
