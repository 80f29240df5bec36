package io.meshward.cli;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** The example policy files under src/test/resources/policies. */
final class PolicyFixtures {
  private PolicyFixtures() {}

  /** The absolute path of a fixture, as a user would pass it to {@code -f}. */
  static String path(String name) {
    URL url = PolicyFixtures.class.getResource("/policies/" + name);
    if (url == null) {
      throw new IllegalArgumentException("no fixture policies/" + name);
    }
    try {
      return Path.of(url.toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
