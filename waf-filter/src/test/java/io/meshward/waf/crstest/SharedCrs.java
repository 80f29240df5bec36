package io.meshward.waf.crstest;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CRS trees shared beside the project: {@code meshward.shared.dir} (set by surefire to
 * {@code ${maven.multiModuleProjectDirectory}/../shared}), else {@code ../../shared} from the module directory.
 * A missing tree fails the test with a message; it is never skipped silently.
 */
final class SharedCrs {
  private SharedCrs() {}

  static Path directory(String version) {
    Path shared = Path.of(System.getProperty("meshward.shared.dir", "../../shared"));
    Path crs = shared.resolve("crs").resolve(version);
    if (!Files.isDirectory(crs.resolve("tests").resolve("regression").resolve("tests"))) {
      fail("the CRS " + version + " tree is missing: expected " + crs.toAbsolutePath().normalize()
          + "/tests/regression/tests (set -Dmeshward.shared.dir to the directory holding crs/" + version + ")");
    }
    return crs;
  }
}
