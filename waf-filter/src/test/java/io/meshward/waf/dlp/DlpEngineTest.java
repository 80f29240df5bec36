package io.meshward.waf.dlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DlpEngineTest {
  private static final DlpEngine ALL = compileAll();

  private static DlpEngine compileAll() {
    try {
      return DlpEngine.compile(BuiltinSensors.all());
    } catch (DlpConfigException e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> sensorsFiring(String text) {
    return ALL.scan(DlpLocation.RESPONSE_BODY, text).findings().stream().map(DlpFinding::sensor).toList();
  }

  /** One valid example per built-in sensor (shared with the service tests that check nothing leaks). */
  static final Map<String, String> EXAMPLES = SensorExamples.EXAMPLES;

  @Test
  void everyBuiltInSensorFindsItsExampleInText() {
    assertThat(EXAMPLES.keySet()).as("an example per built-in sensor")
        .containsExactlyInAnyOrderElementsOf(BuiltinSensors.all().stream().map(DlpSensor::name).toList());
    EXAMPLES.forEach((sensor, example) ->
        assertThat(sensorsFiring("{\"note\": \"see " + example + " here\"}")).as(sensor).contains(sensor));
  }

  @Test
  void findingsNeverHoldTheValueTheyFound() {
    EXAMPLES.forEach((sensor, example) -> {
      DlpScan scan = ALL.scan(DlpLocation.RESPONSE_BODY, "x " + example + " y");
      DlpFinding finding = scan.findings().stream().filter(f -> f.sensor().equals(sensor)).findFirst().orElseThrow();
      String sample = finding.maskedSample();
      assertThat(sample).as(sensor).doesNotContain(example);
      assertThat(sample.replaceAll("[^A-Za-z0-9]", "")).as("%s: at most 4 characters of the value remain", sensor)
          .hasSizeLessThanOrEqualTo(4);
      assertThat(finding.toString()).doesNotContain(example);
    });
  }

  @Test
  void cardNumbersAreLuhnCheckedAndLookAlikesIgnored() {
    assertThat(sensorsFiring("card 4111-1111-1111-1111 ok")).contains("payment-card");
    assertThat(sensorsFiring("card 4111111111111111 ok")).contains("payment-card");
    assertThat(sensorsFiring("order 4111111111111112 (fails Luhn)")).doesNotContain("payment-card");
    assertThat(sensorsFiring("{\"ts\": 1732612345678, \"id\": 5105105105105100}")).contains("payment-card");
    assertThat(sensorsFiring("{\"ts\": 1732612345678, \"uuid\": \"9f1c2b4a-5d6e-4b8a-9d7e-3f1c2b4a5d6e\"}"))
        .isEmpty();
    assertThat(sensorsFiring("41111111111111110000")).as("no word boundary after 16 digits").isEmpty();
  }

  @Test
  void ssnRangesAndIbanChecksumsAreChecked() {
    assertThat(sensorsFiring("ssn 666-12-3456")).doesNotContain("us-ssn");
    assertThat(sensorsFiring("ssn 123-00-4567")).doesNotContain("us-ssn");
    assertThat(sensorsFiring("ssn 078-05-1120")).as("the advertising number").doesNotContain("us-ssn");
    assertThat(sensorsFiring("iban GB82WEST12345698765432")).contains("iban");
    assertThat(sensorsFiring("iban GB82WEST12345698765433")).doesNotContain("iban");
  }

  @Test
  void matchesCarryPositionsForMasking() {
    String text = "pay 4111 1111 1111 1111 and 5500 0000 0000 0004 now";
    DlpScan scan = ALL.scan(DlpLocation.REQUEST_BODY, text);

    assertThat(scan.matches()).extracting(m -> text.substring(m.start(), m.end()))
        .containsExactly("4111 1111 1111 1111", "5500 0000 0000 0004");
    assertThat(scan.findings()).singleElement().satisfies(f -> {
      assertThat(f.matches()).isEqualTo(2);
      assertThat(f.maskedSample()).isEqualTo("**** **** **** 1111");
      assertThat(f.action()).isEqualTo(DlpAction.MASK);
    });
  }

  @Test
  void minMatchesDecidesWhenASensorFires() throws Exception {
    DlpEngine engine = DlpEngine.compile(List.of(new DlpSensor("bulk-cards",
        List.of(new DlpSensor.Pattern("visa", "\\b4\\d{15}\\b", Validator.LUHN, 0)),
        Set.of(DlpLocation.RESPONSE_BODY), 3, DlpAction.BLOCK, MaskStyle.CARD, true)));

    assertThat(engine.scan(DlpLocation.RESPONSE_BODY, "4111111111111111 4012888888881881").fired()).isFalse();
    assertThat(engine.scan(DlpLocation.RESPONSE_BODY, "4111111111111111 4012888888881881 4111111111111111")
        .fired()).isTrue();
    assertThat(engine.scan(DlpLocation.REQUEST_BODY, "4111111111111111 4111111111111111 4111111111111111")
        .fired()).as("not a location it looks at").isFalse();
  }

  @Test
  void badSensorsAreRefusedNamingSensorPatternAndProblem() {
    assertThatThrownBy(() -> compile("x", "(a+)+b", 0)).isInstanceOf(DlpConfigException.class)
        .hasMessageContaining("DLP sensor x, pattern p: an unbounded repetition inside another");
    assertThatThrownBy(() -> compile("x", "[a-z]+@[a-z]+", 0))
        .hasMessageContaining("can match text of any length");
    assertThatThrownBy(() -> compile("x", "^secret", 0)).hasMessageContaining("remove the leading ^");
    assertThatThrownBy(() -> compile("x", "(secret", 0)).hasMessageContaining("does not compile");
    assertThatThrownBy(() -> compile("x", "(\\w)\\1", 0)).hasMessageContaining("back references");
    assertThatThrownBy(() -> compile("Bad Name", "abc", 0)).hasMessageContaining("the name must be");
    assertThatThrownBy(() -> DlpEngine.compile(List.of(sensor("x", "abc", 0), sensor("x", "def", 0))))
        .hasMessageContaining("DLP sensor x: defined twice");
    assertThatThrownBy(() -> new MaskStyle('a', 4, true)).hasMessageContaining("printable ASCII punctuation");
    assertThat(Validator.byName("luhn")).contains(Validator.LUHN);
    assertThat(Validator.byName("us-ssn")).contains(Validator.US_SSN);
    assertThat(Validator.byName("crc32")).isEmpty();
  }

  @Test
  void anUnboundedPatternIsSearchedWithinItsMaxLength() throws Exception {
    DlpEngine engine = DlpEngine.compile(List.of(sensor("emails", "[a-z]+@[a-z]+\\.com", 40)));

    assertThat(engine.scan(DlpLocation.RESPONSE_BODY, "mail bob@example.com now").fired()).isTrue();
  }

  @Test
  void hostileTextIsScannedInBoundedWork() {
    String digits = "4".repeat(200_000);
    String separators = "4111 ".repeat(40_000);
    long start = System.nanoTime();
    assertThat(ALL.scan(DlpLocation.RESPONSE_BODY, digits).fired()).isFalse();
    assertThat(ALL.scan(DlpLocation.RESPONSE_BODY, separators).matches()).isNotNull();
    assertThat(ALL.scan(DlpLocation.RESPONSE_BODY, "\u0000\u00ff".repeat(100_000)).fired()).isFalse();
    // Not a timing assertion: a sanity bound far above any plausible cost, to catch an accidental quadratic scan.
    assertThat(System.nanoTime() - start).isLessThan(30_000_000_000L);
  }

  private static DlpEngine compile(String name, String regex, int maxLength) throws DlpConfigException {
    return DlpEngine.compile(List.of(sensor(name, regex, maxLength)));
  }

  private static DlpSensor sensor(String name, String regex, int maxLength) {
    return new DlpSensor(name, List.of(new DlpSensor.Pattern("p", regex, Validator.NONE, maxLength)),
        Set.of(DlpLocation.RESPONSE_BODY), 1, DlpAction.ALERT, MaskStyle.FULL, true);
  }
}
