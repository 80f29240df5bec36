package io.meshward.waf.crstest;

import io.meshward.waf.Interruption;
import io.meshward.waf.MatchedRule;
import io.meshward.waf.Transaction;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A stand-in WAF for the runner's tests: records what it is fed, and "matches" the rule ids a function picks from
 * the recorded request (logged as ModSecurity-style lines).
 */
class FakeTransaction implements Transaction {
  final List<String> calls = new ArrayList<>();
  String clientAddress;
  String uri;
  String method;
  String protocol;
  final List<HeaderField> requestHeaders = new ArrayList<>();
  final ByteArrayOutputStream requestBody = new ByteArrayOutputStream();
  int responseStatus;
  final List<HeaderField> responseHeaders = new ArrayList<>();
  final ByteArrayOutputStream responseBody = new ByteArrayOutputStream();
  private final Function<FakeTransaction, List<Integer>> rules;
  private final Interruption interruptInPhase1;
  private final List<MatchedRule> matched = new ArrayList<>();

  FakeTransaction(Function<FakeTransaction, List<Integer>> rules, Interruption interruptInPhase1) {
    this.rules = rules;
    this.interruptInPhase1 = interruptInPhase1;
  }

  /** A source of fake transactions that keeps every one it made. */
  static final class Source implements Supplier<Transaction> {
    final List<FakeTransaction> made = Collections.synchronizedList(new ArrayList<>());
    private final Function<FakeTransaction, List<Integer>> rules;
    private Interruption interruptInPhase1;

    Source(Function<FakeTransaction, List<Integer>> rules) {
      this.rules = rules;
    }

    Source interruptingWith(Interruption interruption) {
      this.interruptInPhase1 = interruption;
      return this;
    }

    @Override
    public Transaction get() {
      FakeTransaction tx = new FakeTransaction(rules, interruptInPhase1);
      made.add(tx);
      return tx;
    }
  }

  String header(String name) {
    return requestHeaders.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(HeaderField::value)
        .findFirst().orElse(null);
  }

  String body() {
    return requestBody.toString(StandardCharsets.ISO_8859_1);
  }

  static MatchedRule rule(int id, String message) {
    return new MatchedRule(id, 2, "/crs/rules/TEST.conf", 10, message, "Matched Data: x found within ARGS:x: x", 2,
        List.of("OWASP_CRS"), "OWASP_CRS/4.0", "", 0, 0, true, "pass", List.of(), "127.0.0.1", "/", "localhost",
        "tx-1");
  }

  @Override
  public String id() {
    return "fake";
  }

  @Override
  public void processConnection(String clientAddress, int clientPort, String serverAddress, int serverPort) {
    calls.add("connection");
    this.clientAddress = clientAddress;
  }

  @Override
  public void processUri(String uri, String method, String protocol) {
    calls.add("uri");
    this.uri = uri;
    this.method = method;
    this.protocol = protocol;
  }

  @Override
  public void addRequestHeader(String name, String value) {
    requestHeaders.add(new HeaderField(name, value));
  }

  @Override
  public Optional<Interruption> processRequestHeaders() {
    calls.add("phase1");
    return Optional.ofNullable(interruptInPhase1);
  }

  @Override
  public Optional<Interruption> appendRequestBody(byte[] data, int offset, int length) {
    requestBody.write(data, offset, length);
    return Optional.empty();
  }

  @Override
  public Optional<Interruption> processRequestBody() {
    calls.add("phase2");
    return Optional.empty();
  }

  @Override
  public void addResponseHeader(String name, String value) {
    responseHeaders.add(new HeaderField(name, value));
  }

  @Override
  public Optional<Interruption> processResponseHeaders(int status, String protocol) {
    calls.add("phase3");
    responseStatus = status;
    return Optional.empty();
  }

  @Override
  public Optional<Interruption> appendResponseBody(byte[] data, int offset, int length) {
    responseBody.write(data, offset, length);
    return Optional.empty();
  }

  @Override
  public Optional<Interruption> processResponseBody() {
    calls.add("phase4");
    return Optional.empty();
  }

  @Override
  public void processLogging() {
    calls.add("phase5");
    for (int id : rules.apply(this)) {
      matched.add(rule(id, "rule " + id + " matched"));
    }
  }

  @Override
  public Optional<Interruption> interruption() {
    return Optional.ofNullable(interruptInPhase1);
  }

  @Override
  public List<MatchedRule> matchedRules() {
    return List.copyOf(matched);
  }

  @Override
  public Optional<String> variable(String name, String key) {
    return Optional.empty();
  }

  @Override
  public Optional<String> engineError() {
    return Optional.empty();
  }

  @Override
  public boolean ruleEngineEnabled() {
    return true;
  }

  @Override
  public void close() {
    calls.add("close");
  }

  @Override
  public void requestDecidedElsewhere() {
    throw new UnsupportedOperationException("the CRS test runner never decides requests elsewhere");
  }
}
