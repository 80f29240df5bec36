package io.meshward.waf.crstest;

import io.meshward.waf.RuleLoadException;
import io.meshward.waf.WafConfig;
import io.meshward.waf.WafEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The engine CRS's regression tests run against: the test set-up ({@code crs-test-setup.conf}, a resource of this
 * package) followed by the CRS directory as it is installed (its {@code crs-setup.conf.example}, then
 * {@code rules/*.conf}).
 */
public final class CrsTestSetup {
  static final String RESOURCE = "crs-test-setup.conf";

  private CrsTestSetup() {}

  /** The SecLang text of the test set-up. */
  public static String setupText() {
    try (InputStream in = CrsTestSetup.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the resource " + RESOURCE + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The configuration: the test set-up, then the CRS directory. */
  public static WafConfig config(Path crsDirectory) throws IOException {
    return WafConfig.builder()
        .text(RESOURCE, setupText(), crsDirectory.toAbsolutePath())
        .crs(crsDirectory)
        .build();
  }

  /** Loads the engine for a CRS directory. */
  public static WafEngine load(Path crsDirectory) throws IOException, RuleLoadException {
    return WafEngine.load(config(crsDirectory));
  }
}
