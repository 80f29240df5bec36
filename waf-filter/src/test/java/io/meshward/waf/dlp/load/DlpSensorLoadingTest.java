package io.meshward.waf.dlp.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.meshward.policy.yaml.PolicyCodec;
import io.meshward.waf.dlp.BuiltinSensors;
import io.meshward.waf.dlp.DlpAction;
import io.meshward.waf.dlp.DlpConfigException;
import io.meshward.waf.dlp.DlpEngine;
import io.meshward.waf.dlp.DlpFinding;
import io.meshward.waf.dlp.DlpLocation;
import io.meshward.waf.dlp.DlpSensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DlpSensorLoadingTest {
  @TempDir
  Path dir;

  private final DlpSensorFiles files = new DlpSensorFiles(new PolicyCodec());

  static String sensor(String name, String regex, String action, boolean enabledByDefault) {
    return """
        apiVersion: meshward.io/v1alpha1
        kind: DlpSensor
        metadata:
          name: %s
        spec:
          patterns:
            - name: p
              regex: '%s'
              maxLength: 64
          locations: [request-body, response-body]
          action: %s
          enabledByDefault: %s
        """.formatted(name, regex, action, enabledByDefault);
  }

  private Path write(String file, String text) throws IOException {
    return Files.writeString(dir.resolve(file), text);
  }

  private static List<String> names(List<DlpSensor> sensors) {
    return sensors.stream().map(DlpSensor::name).toList();
  }

  @Test
  void withoutDocumentsTheSetIsTheBuiltInLibrary() throws Exception {
    DlpSensorSet set = DlpSensorSet.builtins();

    assertThat(set.all()).containsExactlyElementsOf(BuiltinSensors.all());
    assertThat(set.defaults()).containsExactlyElementsOf(BuiltinSensors.defaults());
  }

  @Test
  void aDocumentReplacesTheBuiltInOfItsNameInPlaceAndNewSensorsComeAfter() throws Exception {
    write("a.yaml", sensor("payment-card", "\\b4\\d{15}\\b", "alert", true));
    write("b.yml", sensor("order-ref", "\\bORD-\\d{8}\\b", "block", false));

    DlpSensorSet set = DlpSensorSet.load(files.read(dir));

    List<String> expected = new ArrayList<>(names(BuiltinSensors.all()));
    expected.add("order-ref");
    assertThat(names(set.all())).containsExactlyElementsOf(expected);
    DlpSensor card = set.sensor("payment-card").orElseThrow();
    assertThat(card.action()).isEqualTo(DlpAction.ALERT);
    assertThat(card.patterns()).hasSize(1);
    // The override is what a profile without sensors gets: a card is now only reported, not masked.
    List<DlpFinding> findings = set.engine(Optional.empty())
        .scan(DlpLocation.RESPONSE_BODY, "{\"pan\": \"4111111111111111\"}").findings();
    assertThat(findings).extracting(DlpFinding::sensor, DlpFinding::action)
        .containsExactly(tuple("payment-card", DlpAction.ALERT));
    assertThat(names(set.defaults())).doesNotContain("order-ref");
  }

  @Test
  void aSensorThatPassesTheYamlChecksButNestsUnboundedRepetitionIsRefusedWithFileAndName() throws Exception {
    Path file = write("nested.yaml", sensor("nested-ids", "(?:ID-\\d+)+x", "alert", false));
    write("good.yaml", sensor("order-ref", "\\bORD-\\d{8}\\b", "block", true));
    List<SourcedSensor> read = files.read(dir);

    assertThat(read).extracting(SourcedSensor::name).containsExactly("order-ref", "nested-ids");
    assertThatThrownBy(() -> DlpSensorSet.load(read))
        .isInstanceOf(DlpConfigException.class)
        .hasMessage(file + ": DlpSensor nested-ids: DLP sensor nested-ids, pattern p: an unbounded repetition inside"
            + " another (like (a+)*) can backtrack without bound; bound the inner one or flatten it");
  }

  @Test
  void everyRefusedSensorIsListedAndALeadingAnchorIsOneOfThem() throws Exception {
    Path anchored = write("anchored.yaml", sensor("anchored", "^secret-\\d{4}", "alert", false));
    Path unbounded = write("unbounded.yaml", sensor("unbounded", "key-\\w+", "alert", false)
        .replace("      maxLength: 64\n", ""));

    assertThatThrownBy(() -> DlpSensorSet.load(files.read(dir)))
        .isInstanceOf(DlpConfigException.class)
        .hasMessageContaining(anchored + ": DlpSensor anchored: DLP sensor anchored, pattern p: DLP patterns are"
            + " searched anywhere; remove the leading ^")
        .hasMessageContaining(unbounded + ": DlpSensor unbounded: DLP sensor unbounded, pattern p: the regex can"
            + " match text of any length");
  }

  @Test
  void invalidYamlIsRefusedWithFileLineAndField() throws Exception {
    Path file = write("typo.yaml", sensor("typo", "x{1,2}", "blok", false));

    assertThatThrownBy(() -> files.read(dir))
        .isInstanceOf(DlpConfigException.class)
        .hasMessageContaining(file + ":11:11: document 1 (DlpSensor typo): spec.action: unknown action \"blok\"")
        .hasMessageContaining("did you mean block?");
  }

  @Test
  void aSensorDefinedInTwoFilesIsRefusedNamingBoth() throws Exception {
    Path first = write("1.yaml", sensor("dup", "x{1,2}", "alert", false));
    Path second = write("2.yaml", sensor("dup", "y{1,2}", "alert", false));

    assertThatThrownBy(() -> files.read(dir))
        .hasMessage(second + ": DlpSensor dup is defined twice: it is already defined in " + first);
  }

  @Test
  void otherKindsAndOtherFilesAreSkippedAndAFileCanBeReadAlone() throws Exception {
    Path file = write("mixed.yaml", sensor("order-ref", "\\bORD-\\d{8}\\b", "block", false) + """
        ---
        apiVersion: meshward.io/v1alpha1
        kind: WafProfile
        metadata:
          name: api
        """);
    write("notes.txt", "not yaml: [");

    assertThat(files.read(dir)).extracting(SourcedSensor::name, SourcedSensor::file)
        .containsExactly(tuple("order-ref", file));
    assertThat(files.read(file)).extracting(SourcedSensor::name).containsExactly("order-ref");
    assertThatThrownBy(() -> files.read(dir.resolve("missing")))
        .hasMessage(dir.resolve("missing") + ": no such file or directory (the DLP sensors)");
  }

  @Test
  void theEngineOfANamedSelectionHoldsOnlyThoseSensors() throws Exception {
    DlpEngine engine = DlpSensorSet.builtins().engine(Optional.of(List.of("email", "us-ssn")));

    assertThat(names(engine.sensors())).containsExactly("email", "us-ssn");
    assertThat(engine.looksAt(DlpLocation.REQUEST_HEADERS)).isFalse();
  }
}
