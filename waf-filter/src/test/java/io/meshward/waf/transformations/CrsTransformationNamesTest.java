package io.meshward.waf.transformations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every transformation the Core Rule Set names (outside comments) resolves. Needs the shared CRS copy. */
class CrsTransformationNamesTest {
  private static final Pattern T_ACTION = Pattern.compile("(?:^|[\\s,\"'])t:([A-Za-z0-9]+)");

  @ParameterizedTest
  @ValueSource(strings = {"v4", "v3.3"})
  void everyNameInTheRulesResolves(String version) throws IOException {
    String shared = System.getProperty("meshward.shared.dir");
    assertThat(shared).as("meshward.shared.dir (../shared beside the project)").isNotNull();
    Path rules = Path.of(shared, "crs", version, "rules");
    assertThat(rules).as("CRS rules under ../shared").isDirectory();
    Set<String> names = new TreeSet<>();
    List<Path> files;
    try (Stream<Path> list = Files.list(rules)) {
      files = list.filter(p -> p.getFileName().toString().endsWith(".conf")).sorted().toList();
    }
    for (Path file : files) {
      for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
        if (line.strip().startsWith("#")) {
          continue;
        }
        Matcher m = T_ACTION.matcher(line);
        while (m.find()) {
          names.add(m.group(1));
        }
      }
    }
    assertThat(names).as("transformation names in CRS %s", version).isNotEmpty();
    for (String name : names) {
      assertThat(Transformations.byName(name)).as("t:%s in CRS %s", name, version).isPresent();
    }
  }
}
