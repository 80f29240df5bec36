package io.meshward.waf.crstest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StageCheckerTest {
  private static final String LINE_920100 = "[client 127.0.0.1] ModSecurity: Warning. Matched \"Operator match\" "
      + "against variable `REQUEST_LINE' (Value: `GET / HTTP/1.1' ) [file \"/crs/rules/REQUEST-920.conf\"] "
      + "[line \"40\"] [id \"920100\"] [msg \"Invalid HTTP Request Line\"] [data \"Matched Data: x found within "
      + "ARGS:host: x\"] [severity \"4\"]";
  private static final String LINE_949110 = "[client 127.0.0.1] ModSecurity: Warning. [id \"949110\"] "
      + "[msg \"Inbound Anomaly Score Exceeded (Total Score: 5)\"]";

  private static StageOutput output(List<Integer> status, List<Integer> expect, List<Integer> noExpect, String match,
      String noMatch, Boolean expectError) {
    return new StageOutput(status, null, expect, noExpect, match, noMatch, null, null, expectError, false, false);
  }

  private static StageOutcome outcome(int status, String... log) {
    return new StageOutcome(new byte[0], ServerDecision.rejected(status, "x"), true,
        new HttpResponse(status, List.of(), new byte[0]), null, List.of(log), List.of());
  }

  private static StageOutcome connectionError() {
    return new StageOutcome(new byte[0], ServerDecision.noResponse("timeout"), false, null, "timeout", List.of(),
        List.of());
  }

  @Test
  void findsRuleIdsAsGoFtwDoes() {
    assertThat(StageChecker.triggeredIds(List.of(LINE_920100, LINE_949110, "[id \\\"942100\\\"]",
        "{\"id\": \"941100\"}", "{\"id\":941101}", "no id here"))).containsExactly(920100, 949110, 942100, 941100,
        941101);
  }

  @Test
  void checksExpectedAndUnwantedIds() {
    assertThat(StageChecker.check(output(List.of(), List.of(920100), List.of(), null, null, null),
        outcome(200, LINE_920100))).isEmpty();
    assertThat(StageChecker.check(output(List.of(), List.of(920100, 942100), List.of(), null, null, null),
        outcome(200, LINE_920100))).singleElement().asString()
        .isEqualTo("expected ids [920100, 942100] in the log; missing [942100]; log ids: [920100]");
    assertThat(StageChecker.check(output(List.of(), List.of(), List.of(920100), null, null, null),
        outcome(200, LINE_920100))).singleElement().asString()
        .isEqualTo("expected none of [920100] in the log; found [920100]");
    assertThat(StageChecker.check(output(List.of(), List.of(), List.of(920100), null, null, null), outcome(200)))
        .isEmpty();
  }

  @Test
  void searchesRegexesLineByLine() {
    assertThat(StageChecker.check(output(List.of(), List.of(), List.of(), "found within ARGS:host:", null, null),
        outcome(200, LINE_949110, LINE_920100))).isEmpty();
    assertThat(StageChecker.check(output(List.of(), List.of(), List.of(), "920100.*949110", null, null),
        outcome(200, LINE_920100, LINE_949110))).as("a regex never spans two lines").hasSize(1);
    assertThat(StageChecker.check(output(List.of(), List.of(), List.of(), null, "\\[id \"\\d+\"\\]", null),
        outcome(200))).isEmpty();
    assertThat(StageChecker.check(output(List.of(), List.of(), List.of(), null, "\\[id \"\\d+\"\\]", null),
        outcome(200, LINE_949110))).singleElement().asString().startsWith("expected no log line matching");
    assertThat(StageChecker.check(output(List.of(), List.of(), List.of(), "([", null, null), outcome(200)))
        .singleElement().asString().contains("not a valid regular expression");
  }

  @Test
  void checksTheStatus() {
    assertThat(StageChecker.check(output(List.of(400), List.of(), List.of(), null, null, null), outcome(400)))
        .isEmpty();
    assertThat(StageChecker.check(output(List.of(400), List.of(), List.of(), null, null, null), outcome(200)))
        .containsExactly("expected status 400; got 200");
    assertThat(StageChecker.check(output(List.of(403, 400), List.of(), List.of(), null, null, null), outcome(200)))
        .containsExactly("expected status one of 403, 400; got 200");
  }

  @Test
  void anExpectedErrorDecidesAlone() {
    assertThat(StageChecker.check(output(List.of(200), List.of(1), List.of(), null, null, true), connectionError()))
        .as("expect_error: nothing else is checked").isEmpty();
    assertThat(StageChecker.check(output(List.of(), List.of(), List.of(), null, null, true), outcome(200)))
        .containsExactly("expected a connection error; got status 200");
    assertThat(StageChecker.check(output(List.of(), List.of(), List.of(920100), null, null, null), connectionError()))
        .containsExactly("unexpected connection error: timeout");
  }

  @Test
  void handlesTheOldFormat() {
    StageOutput legacy = new StageOutput(List.of(403, 400), null, List.of(), List.of(), null, null,
        "id \"920100\"", "id \"949110\"", null, false, false);
    assertThat(StageChecker.check(legacy, outcome(400, LINE_920100))).isEmpty();
    assertThat(StageChecker.check(legacy, outcome(400, LINE_920100, LINE_949110))).singleElement().asString()
        .startsWith("expected no log line matching no_log_contains");
    assertThat(StageChecker.check(legacy, outcome(400))).singleElement().asString()
        .startsWith("expected a log line matching log_contains");
  }

  @Test
  void searchesTheWholeResponseText() {
    StageOutput contains = new StageOutput(List.of(), "400 Bad Request", List.of(), List.of(), null, null, null,
        null, null, false, false);
    assertThat(StageChecker.check(contains, outcome(400))).isEmpty();
    StageOutput body = new StageOutput(List.of(), "<h1>Bad Request</h1>", List.of(), List.of(), null, null, null,
        null, null, false, false);
    assertThat(StageChecker.check(body, outcome(400))).containsExactly(
        "expected the response to match /<h1>Bad Request</h1>/; it does not");
    StageOutcome withBody = new StageOutcome(new byte[0], ServerDecision.rejected(400, "x"), false,
        HttpResponse.error(400), null, List.of(), List.of());
    assertThat(StageChecker.check(body, withBody)).isEmpty();
  }

  @Test
  void isolatedAllowsOneId() {
    StageOutput isolated = new StageOutput(List.of(), null, List.of(920100), List.of(), null, null, null, null, null,
        false, true);
    assertThat(StageChecker.check(isolated, outcome(200, LINE_920100))).isEmpty();
    assertThat(StageChecker.check(isolated, outcome(200, LINE_920100, LINE_949110))).hasSize(1);
  }

  @Test
  void readsRegexesAsGoDoes() {
    assertThat(StageChecker.compileGo("a.b").matcher("a\u0085b").find()).as("only LF ends a line").isTrue();
    assertThat(StageChecker.compileGo("a.b").matcher("a\nb").find()).isFalse();
    assertThat(StageChecker.compileGo("(?P<id>\\d+)").matcher("x12").find()).isTrue();
  }
}
