package io.meshward.waf.engine;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the CRS and other shared test data live: ../shared beside the project, never copied into it. */
final class SharedData {
  private SharedData() {}

  static Path crsV4() {
    Path shared = Path.of(System.getProperty("meshward.shared.dir", "../../shared"));
    Path crs = shared.resolve("crs").resolve("v4");
    if (!Files.isDirectory(crs.resolve("rules"))) {
      throw new IllegalStateException("the CRS v4 rules are expected under " + crs.toAbsolutePath()
          + " (../shared beside the project; set -Dmeshward.shared.dir)");
    }
    return crs;
  }
}
