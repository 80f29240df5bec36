package io.meshward.waf.sqli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed data resource must be exactly what the generator makes from libinjection's JSON: no drift. */
class SqliDataResourceTest {
  @Test
  void committedResourceMatchesAFreshGeneration() throws Exception {
    Path json = SqliDataGenerator.sharedJson();
    assertThat(json).as("libinjection data under ../shared (set -Dmeshward.shared.dir)").isRegularFile();
    String fresh = SqliDataGenerator.generate(json);
    String committed = Files.readString(SqliDataGenerator.RESOURCE, StandardCharsets.US_ASCII);
    assertThat(committed).isEqualTo(fresh);
  }

  @Test
  void classpathResourceLoadsTheFullTables() throws Exception {
    SqliData data = SqliData.loadDefault();
    assertThat(data.classOf(' ')).isEqualTo(CharClass.CHAR_WHITE);
    assertThat(data.classOf(0xA0)).isEqualTo(CharClass.CHAR_WHITE);
    assertThat(data.keywordType("union all")).isEqualTo('U');
    assertThat(data.isBlacklisted("s&sos")).isTrue();
    assertThat(data.isBlacklisted("X")).isTrue();
  }

  @Test
  void licenceTextShipsBesideTheResource() throws Exception {
    Path licence = Path.of("src/main/resources/io/meshward/waf/sqli/LICENSE-libinjection.txt");
    Path upstream = SqliDataGenerator.sharedJson().getParent().getParent().resolve("COPYING");
    assertThat(Files.readAllBytes(licence)).isEqualTo(Files.readAllBytes(upstream));
  }
}
