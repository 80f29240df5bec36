package io.meshward.waf.crstest;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.waf.Interruption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class StageExecutorTest {
  private static FtwStage stage(String yamlInput) throws Exception {
    FtwTestFile file = FtwYamlReader.parse("rule_id: 1\ntests:\n  - test_id: 1\n    stages:\n      - input:\n"
        + yamlInput.indent(10) + "        output: {}\n", Path.of("1.yaml"));
    return file.tests().get(0).stages().get(0);
  }

  @Test
  void feedsTheWafWhatTheServerKeptInPhaseOrder() throws Exception {
    FakeTransaction.Source waf = new FakeTransaction.Source(tx -> List.of(920100));
    StageOutcome outcome = new StageExecutor(waf, "10.0.0.9").execute(stage("""
        method: POST
        uri: /reflect?x=%41
        headers:
          Host: localhost
          Content-Type: application/json
          X-Dup: a
          x-dup: b
        data: '{"status": 201, "body": "<html><p>hi</p>"}'
        """));
    FakeTransaction tx = waf.made.get(0);
    assertThat(tx.calls).containsExactly("connection", "uri", "phase1", "phase2", "phase3", "phase4", "phase5",
        "close");
    assertThat(tx.clientAddress).isEqualTo("10.0.0.9");
    assertThat(tx.method).isEqualTo("POST");
    assertThat(tx.uri).isEqualTo("/reflect?x=%41");
    assertThat(tx.protocol).isEqualTo("HTTP/1.1");
    assertThat(tx.requestHeaders).extracting(HeaderField::name)
        .containsExactly("Content-Type", "Host", "X-Dup", "Connection", "Content-Length");
    assertThat(tx.header("X-Dup")).as("repeated headers arrive merged").isEqualTo("a, b");
    assertThat(tx.body()).isEqualTo("{\"status\": 201, \"body\": \"<html><p>hi</p>\"}");
    assertThat(tx.responseStatus).isEqualTo(201);
    assertThat(tx.responseHeaders).contains(new HeaderField("Content-Type", "text/html; charset=utf-8"));
    assertThat(tx.responseBody.toString()).isEqualTo("<html><p>hi</p>");
    assertThat(outcome.response().status()).isEqualTo(201);
    assertThat(outcome.log()).singleElement().asString().contains("[id \"920100\"]");
    assertThat(outcome.wafRan()).isTrue();
  }

  @Test
  void aRefusedRequestNeverReachesTheWaf() throws Exception {
    FakeTransaction.Source waf = new FakeTransaction.Source(tx -> List.of(920100));
    StageOutcome outcome = new StageExecutor(waf, "127.0.0.1").execute(stage("""
        method: "     GET"
        headers: {Host: localhost}
        """));
    assertThat(waf.made).isEmpty();
    assertThat(outcome.response().status()).isEqualTo(400);
    assertThat(outcome.log()).isEmpty();
    assertThat(outcome.notes()).singleElement().asString().contains("whitespace before the method");
  }

  @Test
  void anHttp09RequestRunsTheWafButTheClientSeesAnError() throws Exception {
    FakeTransaction.Source waf = new FakeTransaction.Source(tx -> List.of(920430));
    StageOutcome outcome = new StageExecutor(waf, "127.0.0.1").execute(stage("version: ''\nheaders: {Host: x}\n"));
    assertThat(waf.made.get(0).protocol).isEqualTo("HTTP/0.9");
    assertThat(waf.made.get(0).requestHeaders).isEmpty();
    assertThat(outcome.clientError()).contains("HTTP/0.9");
    assertThat(outcome.response()).isNull();
    assertThat(outcome.log()).hasSize(1);
  }

  @Test
  void anInterruptionAnswersWithItsStatus() throws Exception {
    FakeTransaction.Source waf = new FakeTransaction.Source(tx -> List.of())
        .interruptingWith(new Interruption(0, "deny", 413, ""));
    StageOutcome outcome = new StageExecutor(waf, "127.0.0.1").execute(stage("headers: {Host: x}\n"));
    assertThat(outcome.response().status()).isEqualTo(413);
    assertThat(waf.made.get(0).calls).containsExactly("connection", "uri", "phase1", "phase5", "close");
    assertThat(outcome.notes()).anySatisfy(n -> assertThat(n).contains("interrupted").contains("413"));
  }

  @Test
  void aBodyShorterThanItsLengthTimesOutAfterPhase1() throws Exception {
    FakeTransaction.Source waf = new FakeTransaction.Source(tx -> List.of());
    StageOutcome outcome = new StageExecutor(waf, "127.0.0.1").execute(stage("""
        method: POST
        headers: {Host: x, Content-Length: 10}
        data: abc
        """));
    assertThat(outcome.clientError()).contains("timed out");
    assertThat(waf.made.get(0).calls).containsExactly("connection", "uri", "phase1", "phase5", "close");
  }
}
