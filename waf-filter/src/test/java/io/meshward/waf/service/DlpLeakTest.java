package io.meshward.waf.service;

import static io.meshward.waf.service.ResponseDlpTest.body;
import static io.meshward.waf.service.ResponseDlpTest.responseHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.meshward.telemetry.v1.ReportAck;
import io.meshward.telemetry.v1.SecurityEvent;
import io.meshward.telemetry.TelemetryGrpc;
import io.meshward.waf.dlp.BuiltinSensors;
import io.meshward.waf.dlp.DlpLocation;
import io.meshward.waf.dlp.DlpSensor;
import io.meshward.waf.dlp.SensorExamples;
import io.meshward.waf.service.ExternalProcessorServiceTest.Stream;
import io.meshward.waf.service.profile.WafProfile;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Never leak what we found, end to end: for every built-in sensor, a request carrying its example through ext_authz
 * and a response carrying it through ext_proc (in ENFORCE, where it is blocked or masked, and in MONITOR, where it is
 * only reported), on a real waf-filter that sends its security events to a control plane on loopback and writes an
 * audit log. No security event, audit line, log line or ext_proc / ext_authz answer holds the value. (The engine's
 * own findings are checked the same way in DlpEngineTest; this is the service around them.)
 */
class DlpLeakTest {
  @TempDir
  static Path tmp;
  private static Path auditLog;
  private static Server controlPlane;
  private static RunningWafFilter waf;
  private static final ConcurrentLinkedQueue<SecurityEvent> EVENTS = new ConcurrentLinkedQueue<>();
  private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
  private static final Map<String, String> EXAMPLES = SensorExamples.EXAMPLES;

  @BeforeAll
  static void start() throws Exception {
    LOGS.start();
    root().addAppender(LOGS);
    controlPlane = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(TelemetryGrpc.service((batch, answer) -> {
          EVENTS.addAll(batch.getSecurityEventsList());
          answer.onNext(ReportAck.newBuilder().setAcceptedSecurityEvents(batch.getSecurityEventsCount())
              .setAcceptedFlowObservations(batch.getFlowObservationsCount()).build());
          answer.onCompleted();
        }))
        .build().start();
    auditLog = tmp.resolve("audit.jsonl");
    List<String> everySensor = BuiltinSensors.all().stream().map(DlpSensor::name).toList();
    waf = RunningWafFilter.start(RunningWafFilter.config()
        .withProfiles(List.of(WafProfile.defaultProfile().withName("all-sensors")
            .withTimeBudget(Duration.ofSeconds(10)).withDlpSensors(Optional.of(everySensor))))
        .withReporting(ReportingConfig.defaults().withAuditLog(auditLog, 16 * 1024 * 1024)
            .withControlPlane("127.0.0.1:" + controlPlane.getPort())));
  }

  @AfterAll
  static void stop() throws Exception {
    waf.close();
    controlPlane.shutdownNow();
    root().detachAppender(LOGS);
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  @Test
  void noEventAuditLineLogOrAnswerHoldsAValueFoundByAnyBuiltInSensor() throws Exception {
    assertThat(EXAMPLES.keySet()).as("an example per built-in sensor")
        .containsExactlyInAnyOrderElementsOf(BuiltinSensors.all().stream().map(DlpSensor::name).toList());
    List<String> answers = new ArrayList<>();
    int exchanges = 0;
    for (Map.Entry<String, String> example : EXAMPLES.entrySet()) {
      String value = example.getValue();
      String text = "note: " + value + " end";
      CheckResponse check = waf.authz().check(EnvoyCheck.request("POST", "/api/notes")
          .body("text/plain", text.getBytes(StandardCharsets.UTF_8))
          .route("shop/payments", "MONITOR", "all-sensors").build());
      answers.add(check.toString());
      exchanges++;
      DlpSensor sensor = BuiltinSensors.all().stream().filter(s -> s.name().equals(example.getKey())).findFirst()
          .orElseThrow();
      // Single-line values also go in a response header, for the sensors that look there.
      boolean inHeader = sensor.locations().contains(DlpLocation.RESPONSE_HEADERS) && !value.contains("\n");
      for (String mode : List.of("ENFORCE", "MONITOR")) {
        Stream stream = Stream.open(waf, mode, "all-sensors");
        ProcessingResponse headers = stream.send(inHeader
            ? responseHeaders("text/plain", text.length(), "x-debug", value)
            : responseHeaders("text/plain", text.length()));
        answers.add(headers.toString());
        if (headers.getResponseCase() != ProcessingResponse.ResponseCase.IMMEDIATE_RESPONSE) {
          answers.add(stream.send(body(text, true)).toString());
        }
        stream.requests.onCompleted();
        stream.closed.get(10, java.util.concurrent.TimeUnit.SECONDS);
        exchanges++;
      }
    }

    // Every exchange had findings: each is a security event and an audit line once reported.
    int expected = exchanges;
    await().atMost(Duration.ofSeconds(30)).until(() -> EVENTS.size() >= expected && auditLines().size() >= expected);
    Set<String> sensorsInAudit = new HashSet<>();
    for (String line : auditLines()) {
      new ObjectMapper().readTree(line).path("dlp").forEach(f -> sensorsInAudit.add(f.path("sensor").asText()));
    }
    assertThat(sensorsInAudit).as("every sensor fired somewhere").containsAll(EXAMPLES.keySet());
    assertThat(EVENTS).anySatisfy(e -> assertThat(e.getPhase()).isEqualTo("response"))
        .allSatisfy(e -> assertThat(e.getSensor()).isNotEmpty());

    String events = EVENTS.toString();
    String audit = Files.readString(auditLog);
    String logs = logText();
    for (Map.Entry<String, String> example : EXAMPLES.entrySet()) {
      for (String value : forms(example.getValue())) {
        String sensor = example.getKey();
        assertThat(events).as("%s in a security event", sensor).doesNotContain(value);
        assertThat(audit).as("%s in the audit log", sensor).doesNotContain(value);
        assertThat(logs).as("%s in a log line", sensor).doesNotContain(value);
        assertThat(answers).as("%s in an answer to Envoy", sensor).noneMatch(answer -> answer.contains(value));
      }
    }
  }

  /** The value as found, and as it appears escaped in JSON (audit lines) and in a proto's text form (answers). */
  private static List<String> forms(String value) {
    return List.of(value, value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"));
  }

  private static List<String> auditLines() throws Exception {
    return Files.exists(auditLog) ? Files.readAllLines(auditLog) : List.of();
  }

  private static String logText() {
    StringBuilder text = new StringBuilder();
    for (ILoggingEvent event : LOGS.list) {
      text.append(event.getFormattedMessage()).append('\n');
      for (IThrowableProxy error = event.getThrowableProxy(); error != null; error = error.getCause()) {
        text.append(error.getMessage()).append('\n');
      }
    }
    return text.toString();
  }
}
