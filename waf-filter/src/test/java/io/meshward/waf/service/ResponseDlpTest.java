package io.meshward.waf.service;

import static io.meshward.waf.service.ExternalProcessorServiceTest.attributes;
import static io.meshward.waf.service.ExternalProcessorServiceTest.headers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import io.envoyproxy.envoy.extensions.filters.http.ext_proc.v3.ProcessingMode.BodySendMode;
import io.envoyproxy.envoy.service.ext_proc.v3.BodyMutation;
import io.envoyproxy.envoy.service.ext_proc.v3.CommonResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpBody;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpHeaders;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse.ResponseCase;
import io.envoyproxy.envoy.service.ext_proc.v3.ProtocolConfiguration;
import io.meshward.waf.service.ExternalProcessorServiceTest.Stream;
import io.meshward.waf.service.dlp.DecodingLimits;
import io.meshward.waf.service.profile.LiveProfiles;
import io.meshward.waf.service.profile.WafProfile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ext_proc runs the route profile's DLP sensors over responses, over real gRPC on loopback: ENFORCE masks (BUFFERED
 * and STREAMED bodies, gzip too) and blocks; LEARN and MONITOR only report; compressed bodies are decoded within
 * bounds; custom sensors come from a directory that reloads with the profiles.
 */
class ResponseDlpTest {
  /** Luhn-valid, so the payment-card sensor fires; masked it keeps its last four digits. */
  static final String CARD = "4111 1111 1105 1234";
  static final String MASKED_CARD = "**** **** **** 1234";
  static final String AWS_KEY = "AKIAIOSFODNN7EXAMPLE";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path sensors;
  private static RunningWafFilter waf;

  static String employeeIdSensor(String action) {
    return """
        apiVersion: meshward.io/v1alpha1
        kind: DlpSensor
        metadata:
          name: employee-id
        spec:
          patterns:
            - name: badge
              regex: '\\bEMP-[0-9]{6}\\b'
          locations: [response-body]
          action: %s
        """.formatted(action);
  }

  @BeforeAll
  static void start() throws Exception {
    Files.writeString(sensors.resolve("employee-id.yaml"), employeeIdSensor("mask"));
    WafProfile base = WafProfile.defaultProfile().withTimeBudget(Duration.ofSeconds(10));
    waf = RunningWafFilter.start(RunningWafFilter.config()
        .withProfiles(List.of(base,
            base.withName("hr").withDlpSensors(Optional.of(List.of("employee-id", "payment-card"))),
            base.withName("keys-only").withDlpSensors(Optional.of(List.of("aws-access-key")))))
        .withDlpSensorsPath(sensors)
        .withResponseDecoding(new DecodingLimits(1024 * 1024, 100)));
  }

  @AfterAll
  static void stop() throws Exception {
    waf.close();
  }

  static ProcessingRequest responseHeaders(String contentType, Integer length, String... more) {
    List<String> all = new ArrayList<>(List.of(":status", "200", "content-type", contentType));
    if (length != null) {
      all.addAll(List.of("content-length", Integer.toString(length)));
    }
    all.addAll(Arrays.asList(more));
    return ProcessingRequest.newBuilder()
        .setResponseHeaders(HttpHeaders.newBuilder().setHeaders(headers(all.toArray(String[]::new))))
        .putAttributes("envoy.filters.http.ext_proc", attributes())
        .build();
  }

  /** Response headers as an Envoy that announces its body mode sends them, first in the stream. */
  static ProcessingRequest announcing(BodySendMode mode, ProcessingRequest headers) {
    return headers.toBuilder().setProtocolConfig(ProtocolConfiguration.newBuilder().setResponseBodyMode(mode))
        .build();
  }

  static ProcessingRequest streamedHeaders(String contentType, Integer length, String... more) {
    return announcing(BodySendMode.STREAMED, responseHeaders(contentType, length, more));
  }

  static ProcessingRequest body(byte[] bytes, boolean end) {
    return ProcessingRequest.newBuilder()
        .setResponseBody(HttpBody.newBuilder().setBody(ByteString.copyFrom(bytes)).setEndOfStream(end))
        .build();
  }

  static ProcessingRequest body(String text, boolean end) {
    return body(text.getBytes(StandardCharsets.UTF_8), end);
  }

  /** The bytes Envoy sends on for a body answer: the mutation's, or the chunk as it came. */
  static byte[] sentOn(ProcessingResponse answer, byte[] original) {
    assertThat(answer.getResponseCase()).isEqualTo(ResponseCase.RESPONSE_BODY);
    CommonResponse common = answer.getResponseBody().getResponse();
    if (!common.hasBodyMutation()) {
      return original;
    }
    BodyMutation mutation = common.getBodyMutation();
    return mutation.getClearBody() ? new byte[0] : mutation.getBody().toByteArray();
  }

  static List<String> removed(ProcessingResponse headersAnswer) {
    return headersAnswer.getResponseHeaders().getResponse().getHeaderMutation().getRemoveHeadersList();
  }

  static List<String> dlp(Struct metadata) {
    List<String> names = new ArrayList<>();
    if (metadata.containsFields("dlp")) {
      metadata.getFieldsOrThrow("dlp").getListValue().getValuesList().forEach(v -> names.add(v.getStringValue()));
    }
    return names;
  }

  static String orderJson(String card) {
    return "{\"order\": 42, \"customer\": {\"name\": \"Zoë\", \"card\": \"" + card + "\"}, \"pan\": 4012888888881881,"
        + " \"items\": [\"book\", \"lamp\"]}";
  }

  @Test
  void aBufferedJsonResponseIsMaskedInEnforceStaysValidJsonAndLosesItsContentLength() throws Exception {
    String json = orderJson(CARD);
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    Stream stream = Stream.open(waf, "ENFORCE", "default");

    ProcessingResponse afterHeaders = stream.send(responseHeaders("application/json", bytes.length));
    ProcessingResponse afterBody = stream.send(body(bytes, true));

    assertThat(removed(afterHeaders)).as("a masked body may change length").containsExactly("content-length");
    JsonNode masked = JSON.readTree(sentOn(afterBody, bytes));
    assertThat(masked.at("/customer/card").asText()).isEqualTo(MASKED_CARD);
    assertThat(masked.at("/pan").asText()).as("a card sent as a number becomes a masked string")
        .isEqualTo("************1881");
    assertThat(masked.at("/customer/name").asText()).isEqualTo("Zoë");
    assertThat(masked.at("/items/1").asText()).isEqualTo("lamp");
    assertThat(dlp(afterBody.getDynamicMetadata())).containsExactly("payment-card@response-body");
    assertThat(afterBody.toString()).doesNotContain("4111").doesNotContain("1105").doesNotContain("4012888888881881");
    stream.requests.onCompleted();
    stream.closed.get(10, TimeUnit.SECONDS);
  }

  @Test
  void aStreamedCardSplitAcrossTwoChunksIsMaskedWhole() throws Exception {
    String json = orderJson(CARD);
    int split = json.indexOf(CARD) + 7; // "4111 11" | "11 1105 1234"
    byte[] first = json.substring(0, split).getBytes(StandardCharsets.UTF_8);
    byte[] second = json.substring(split).getBytes(StandardCharsets.UTF_8);
    Stream stream = Stream.open(waf, "ENFORCE", "default");

    ProcessingResponse afterHeaders = stream.send(streamedHeaders("application/json", null));
    ProcessingResponse one = stream.send(body(first, false));
    ProcessingResponse two = stream.send(body(second, true));

    assertThat(afterHeaders.getResponseCase()).isEqualTo(ResponseCase.RESPONSE_HEADERS);
    byte[] sentFirst = sentOn(one, first);
    assertThat(new String(sentFirst, StandardCharsets.UTF_8)).as("the start of the card is held back")
        .doesNotContain("4111");
    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    whole.write(sentFirst);
    whole.write(sentOn(two, second));
    JsonNode masked = JSON.readTree(whole.toByteArray());
    assertThat(masked.at("/customer/card").asText()).isEqualTo(MASKED_CARD);
    assertThat(masked.at("/order").asInt()).isEqualTo(42);
    assertThat(dlp(two.getDynamicMetadata())).containsExactly("payment-card@response-body");
    stream.requests.onCompleted();
  }

  @Test
  void aBufferedPartialPrefixIsMaskedAndReleasedWholeSinceNoMessageFollowsIt() throws Exception {
    String json = orderJson(CARD);
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    Stream stream = Stream.open(waf, "ENFORCE", "default");

    stream.send(announcing(BodySendMode.BUFFERED_PARTIAL, responseHeaders("application/json", 1 << 20)));
    // Over Envoy's buffer limit: the buffered prefix comes in one message that does not end the body.
    ProcessingResponse answer = stream.send(body(bytes, false));

    String sent = new String(sentOn(answer, bytes), StandardCharsets.UTF_8);
    assertThat(sent).isEqualTo(json.replace(CARD, MASKED_CARD).replace("4012888888881881",
        "\"************1881\""));
    stream.requests.onCompleted();
  }

  @Test
  void withoutAnAnnouncedModeAFirstChunkIsReleasedWholeAndLaterChunksAreHeldBackAsStreamed() throws Exception {
    String text = "one " + CARD + " two " + CARD.replace(' ', '-') + " three";
    int border = text.indexOf(" two ") + 5 + 6; // the second card straddles the second border
    String[] chunks = {text.substring(0, 10), text.substring(10, border), text.substring(border)};
    Stream stream = Stream.open(waf, "ENFORCE", "default");

    stream.send(responseHeaders("text/plain", null));
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < chunks.length; i++) {
      byte[] bytes = chunks[i].getBytes(StandardCharsets.UTF_8);
      out.append(new String(sentOn(stream.send(body(bytes, i == chunks.length - 1)), bytes),
          StandardCharsets.UTF_8));
    }

    // The first card straddles the first border: a prefix is released as it is (nothing after it may come), so that
    // card is missed; the second, split across the second border, is held back and masked whole.
    assertThat(out.toString()).isEqualTo(text.replace(CARD.replace(' ', '-'), "****-****-****-1234"));
    stream.requests.onCompleted();
  }

  @Test
  void afterAFailedStepTheBodyGoesOnUnreadWithTheTailThatWasHeldBack() throws Exception {
    String text = "first part " + CARD + " and the rest";
    byte[] first = text.substring(0, 20).getBytes(StandardCharsets.UTF_8);
    byte[] second = text.substring(20).getBytes(StandardCharsets.UTF_8);
    Stream stream = Stream.open(waf, "ENFORCE", "default");

    stream.send(streamedHeaders("text/plain", null));
    byte[] sentFirst = sentOn(stream.send(body(first, false)), first);
    // Response headers again, in the middle of the body: a protocol violation, and the (fail-open) fail policy
    // for the rest of the stream.
    ProcessingResponse violation = stream.send(streamedHeaders("text/plain", null));
    ProcessingResponse last = stream.send(body(second, true));

    assertThat(violation.getDynamicMetadata().getFieldsOrThrow("failure").getStringValue()).isEqualTo("protocol");
    assertThat(sentFirst).as("all held back: the card may continue").isEmpty();
    assertThat(new String(sentOn(last, second), StandardCharsets.UTF_8)).as("nothing lost, read no further")
        .isEqualTo(text);
    stream.requests.onCompleted();

    // In MONITOR the chunks went on as they came: after the same failure nothing is owed and nothing is repeated.
    Stream monitor = Stream.open(waf, "MONITOR", "default");
    monitor.send(streamedHeaders("text/plain", null));
    assertThat(monitor.send(body(first, false)).getResponseBody().getResponse().hasBodyMutation()).isFalse();
    monitor.send(streamedHeaders("text/plain", null));
    assertThat(monitor.send(body(second, true)).getResponseBody().getResponse().hasBodyMutation()).isFalse();
    monitor.requests.onCompleted();
  }

  @Test
  void aBlockingSensorReplacesTheResponseWithA403NamingTheSensorOnly() throws Exception {
    String leak = "{\"backup\": {\"aws_access_key_id\": \"" + AWS_KEY + "\"}}";
    Stream stream = Stream.open(waf, "ENFORCE", "default");

    stream.send(responseHeaders("application/json", leak.length()));
    ProcessingResponse answer = stream.send(body(leak, true));

    assertThat(answer.getResponseCase()).isEqualTo(ResponseCase.IMMEDIATE_RESPONSE);
    assertThat(answer.getImmediateResponse().getStatus().getCodeValue()).isEqualTo(403);
    JsonNode denial = JSON.readTree(answer.getImmediateResponse().getBody().toStringUtf8());
    assertThat(denial.get("dlp_sensors").toString()).isEqualTo("[\"aws-access-key\"]");
    assertThat(denial.get("request_id").asText()).isEqualTo("5e1c0a7b-2d4f-4e8a-b1c3-9f7e6d5c4b3a");
    assertThat(answer.toString()).doesNotContain(AWS_KEY).doesNotContain("AKIA");
    stream.requests.onCompleted();
  }

  @Test
  void aBlockingSensorInAResponseHeaderDeniesToo() throws Exception {
    Stream stream = Stream.open(waf, "ENFORCE", "keys-only");

    ProcessingResponse answer = stream.send(responseHeaders("text/plain", 2, "x-debug-key", AWS_KEY));

    assertThat(answer.getResponseCase()).isEqualTo(ResponseCase.IMMEDIATE_RESPONSE);
    assertThat(answer.getImmediateResponse().getBody().toStringUtf8()).contains("aws-access-key")
        .doesNotContain(AWS_KEY);
    stream.requests.onCompleted();
  }

  @Test
  void monitorOnlyReportsTheBodyGoesOnUntouchedWithItsContentLength() throws Exception {
    String leak = orderJson(CARD).replace("}, \"pan\"", ", \"key\": \"" + AWS_KEY + "\"}, \"pan\"");
    byte[] bytes = leak.getBytes(StandardCharsets.UTF_8);
    Stream stream = Stream.open(waf, "MONITOR", "default");

    ProcessingResponse afterHeaders = stream.send(responseHeaders("application/json", bytes.length));
    ProcessingResponse afterBody = stream.send(body(bytes, true));

    assertThat(removed(afterHeaders)).isEmpty();
    assertThat(afterBody.getResponseCase()).isEqualTo(ResponseCase.RESPONSE_BODY);
    assertThat(afterBody.getResponseBody().getResponse().hasBodyMutation()).isFalse();
    Struct metadata = afterBody.getDynamicMetadata();
    assertThat(dlp(metadata)).containsExactlyInAnyOrder("payment-card@response-body",
        "aws-access-key@response-body");
    assertThat(metadata.getFieldsOrThrow("action").getStringValue()).isEqualTo("would-deny");
    assertThat(metadata.toString()).doesNotContain(AWS_KEY).doesNotContain("4111");
    stream.requests.onCompleted();
  }

  @Test
  void aStreamedResponseInLearnIsReportedAndNeverRewritten() throws Exception {
    String json = orderJson(CARD);
    int split = json.indexOf(CARD) + 9;
    Stream stream = Stream.open(waf, "LEARN", "default");

    stream.send(streamedHeaders("application/json", json.length()));
    ProcessingResponse one = stream.send(body(json.substring(0, split), false));
    ProcessingResponse two = stream.send(body(json.substring(split), true));

    assertThat(one.getResponseBody().getResponse().hasBodyMutation()).isFalse();
    assertThat(two.getResponseBody().getResponse().hasBodyMutation()).isFalse();
    assertThat(dlp(two.getDynamicMetadata())).as("found across the chunk border")
        .containsExactly("payment-card@response-body");
    stream.requests.onCompleted();
  }

  @Test
  void contentLengthStaysWhenNoMaskingSensorAppliesToTheBody() throws Exception {
    Stream stream = Stream.open(waf, "ENFORCE", "keys-only");

    ProcessingResponse afterHeaders = stream.send(responseHeaders("application/json", 20));

    assertThat(removed(afterHeaders)).isEmpty();
    stream.requests.onCompleted();
  }

  @Test
  void aGzipBodyWithinTheBoundsIsDecodedMaskedAndEncodedAgain() throws Exception {
    byte[] gzip = gzip(orderJson(CARD).getBytes(StandardCharsets.UTF_8));
    Stream stream = Stream.open(waf, "ENFORCE", "default");

    ProcessingResponse afterHeaders = stream.send(responseHeaders("application/json", gzip.length,
        "content-encoding", "gzip"));
    ProcessingResponse afterBody = stream.send(body(gzip, true));

    assertThat(removed(afterHeaders)).containsExactly("content-length");
    byte[] sent = sentOn(afterBody, gzip);
    assertThat(sent).as("still gzip: content-encoding is unchanged").startsWith(0x1f, 0x8b);
    JsonNode masked = JSON.readTree(gunzip(sent));
    assertThat(masked.at("/customer/card").asText()).isEqualTo(MASKED_CARD);
    assertThat(dlp(afterBody.getDynamicMetadata())).containsExactly("payment-card@response-body");
    stream.requests.onCompleted();
  }

  @Test
  void aDeflateBodyIsDecodedAndReportedInMonitor() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeflaterOutputStream zlib = new DeflaterOutputStream(out)) {
      zlib.write(("customer card " + CARD + " on file").getBytes(StandardCharsets.UTF_8));
    }
    Stream stream = Stream.open(waf, "MONITOR", "default");

    stream.send(responseHeaders("text/plain", out.size(), "content-encoding", "deflate"));
    ProcessingResponse afterBody = stream.send(body(out.toByteArray(), true));

    assertThat(afterBody.getResponseBody().getResponse().hasBodyMutation()).isFalse();
    assertThat(dlp(afterBody.getDynamicMetadata())).containsExactly("payment-card@response-body");
    stream.requests.onCompleted();
  }

  @Test
  void aGzipBombIsNotDecodedPastTheRatioBoundAndIsCounted() throws Exception {
    // 8 MiB of zeros with a card at the end: about 8 KB compressed, a ratio near 1000:1.
    byte[] plain = new byte[8 * 1024 * 1024];
    byte[] tail = (" " + CARD).getBytes(StandardCharsets.UTF_8);
    System.arraycopy(tail, 0, plain, plain.length - tail.length, tail.length);
    byte[] bomb = gzip(plain);
    double before = skipped("ratio");
    Stream stream = Stream.open(waf, "ENFORCE", "default");

    stream.send(responseHeaders("text/plain", bomb.length, "content-encoding", "gzip"));
    ProcessingResponse afterBody = stream.send(body(bomb, true));

    assertThat(afterBody.getResponseCase()).isEqualTo(ResponseCase.RESPONSE_BODY);
    assertThat(afterBody.getResponseBody().getResponse().hasBodyMutation()).as("sent on as it came").isFalse();
    assertThat(dlp(afterBody.getDynamicMetadata())).isEmpty();
    assertThat(skipped("ratio")).isEqualTo(before + 1);
    stream.requests.onCompleted();
  }

  @Test
  void aBodyThatDecodesPastTheSizeBoundIsSkippedAndCounted() throws Exception {
    // Text that compresses about 4:1 (within the ratio) but decodes to 2 MiB, past the 1 MiB bound.
    StringBuilder text = new StringBuilder();
    java.util.Random random = new java.util.Random(6);
    while (text.length() < 2 * 1024 * 1024) {
      text.append("{\"id\":").append(random.nextInt(1_000_000)).append(",\"sku\":\"")
          .append(Long.toString(random.nextLong(), 36)).append("\"}\n");
    }
    byte[] gzip = gzip(text.toString().getBytes(StandardCharsets.UTF_8));
    double before = skipped("decoded-size");
    Stream stream = Stream.open(waf, "ENFORCE", "default");

    stream.send(responseHeaders("text/plain", gzip.length, "content-encoding", "gzip"));
    ProcessingResponse afterBody = stream.send(body(gzip, true));

    assertThat(afterBody.getResponseBody().getResponse().hasBodyMutation()).isFalse();
    assertThat(skipped("decoded-size")).isEqualTo(before + 1);
    stream.requests.onCompleted();
  }

  @Test
  void binaryAndUnsupportedEncodingsAreSkippedCountedAndSentOnUntouched() throws Exception {
    double binary = skipped("binary");
    double brotli = skipped("unsupported-encoding");
    for (String[] headers : List.of(new String[] {"image/png"}, new String[] {"application/octet-stream"},
        new String[] {"text/plain", "content-encoding", "br"})) {
      Stream stream = Stream.open(waf, "ENFORCE", "default");
      List<String> more = List.of(headers).subList(1, headers.length);
      stream.send(responseHeaders(headers[0], null, more.toArray(String[]::new)));
      ProcessingResponse answer = stream.send(body("\u0089PNG " + CARD, true));
      assertThat(answer.getResponseBody().getResponse().hasBodyMutation()).as(headers[0]).isFalse();
      stream.requests.onCompleted();
    }

    assertThat(skipped("binary")).isEqualTo(binary + 2);
    assertThat(skipped("unsupported-encoding")).isEqualTo(brotli + 1);
  }

  @Test
  void aStreamedGzipBodyIsScannedAcrossChunksButNotMaskedAndThatIsCounted() throws Exception {
    byte[] gzip = gzip(("card " + CARD + " ok").repeat(50).getBytes(StandardCharsets.UTF_8));
    double before = skipped("mask-compressed-stream");
    Stream stream = Stream.open(waf, "ENFORCE", "hr");

    stream.send(streamedHeaders("text/plain", null, "content-encoding", "gzip"));
    int half = gzip.length / 2;
    ProcessingResponse one = stream.send(body(Arrays.copyOfRange(gzip, 0, half), false));
    ProcessingResponse two = stream.send(body(Arrays.copyOfRange(gzip, half, gzip.length), true));

    assertThat(one.getResponseBody().getResponse().hasBodyMutation()).isFalse();
    assertThat(two.getResponseBody().getResponse().hasBodyMutation()).isFalse();
    assertThat(dlp(two.getDynamicMetadata())).containsExactly("payment-card@response-body");
    assertThat(skipped("mask-compressed-stream")).isEqualTo(before + 1);
    stream.requests.onCompleted();
  }

  @Test
  void aManyChunkStreamedResponseIsAnsweredChunkByChunkAndComesOutWholeAndMasked() throws Exception {
    int chunk = 64 * 1024;
    int chunks = Integer.getInteger("meshward.test.streamedChunks", 1600); // 100 MiB
    byte[] filler = ("{\"sku\": \"A-100\", \"qty\": 2, \"note\": \"ok\"}\n").repeat(chunk / 40 + 1)
        .substring(0, chunk).getBytes(StandardCharsets.US_ASCII);
    Stream stream = Stream.open(waf, "ENFORCE", "default");
    stream.send(streamedHeaders("text/plain", null));
    long sent = 0;
    long received = 0;
    int middle = chunks / 2;
    ByteArrayOutputStream aroundTheCard = new ByteArrayOutputStream();
    for (int i = 0; i < chunks; i++) {
      byte[] bytes = filler;
      if (i == middle || i == middle + 1) {
        // The card straddles the border between two chunks.
        bytes = filler.clone();
        byte[] card = (" " + CARD + " ").getBytes(StandardCharsets.US_ASCII);
        if (i == middle) {
          System.arraycopy(card, 0, bytes, bytes.length - 9, 9);
        } else {
          System.arraycopy(card, 9, bytes, 0, card.length - 9);
        }
      }
      ProcessingResponse answer = stream.send(body(bytes, i == chunks - 1));
      byte[] out = sentOn(answer, bytes);
      sent += bytes.length;
      received += out.length;
      if (i >= middle && i <= middle + 2) {
        aroundTheCard.write(out);
      }
    }

    assertThat(received).as("every byte comes out, held back at most a bounded tail").isEqualTo(sent);
    assertThat(aroundTheCard.toString(StandardCharsets.US_ASCII)).contains(MASKED_CARD).doesNotContain("4111");
    stream.requests.onCompleted();
    stream.closed.get(30, TimeUnit.SECONDS);
  }

  @Test
  void customSensorsFromTheDirectoryMaskAndABrokenFileIsRefusedKeepingTheSensorsInForce() throws Exception {
    String record = "{\"name\": \"Ada\", \"badge\": \"EMP-204518\"}";
    assertThat(JSON.readTree(maskedBy("hr", record)).path("badge").asText()).isEqualTo("***-******");

    Path broken = sensors.resolve("zz-broken.yaml");
    Files.writeString(broken, employeeIdSensor("mask").replace("employee-id", "badge-id")
        .replace("'\\bEMP-[0-9]{6}\\b'", "'(a+)*x'"));
    LiveProfiles.Outcome refused = waf.server.reload();

    assertThat(refused.applied()).isFalse();
    assertThat(refused.message()).contains("zz-broken.yaml").contains("DlpSensor badge-id")
        .contains("an unbounded repetition inside another");
    assertThat(JSON.readTree(maskedBy("hr", record)).path("badge").asText()).as("the sensors in force still mask")
        .isEqualTo("***-******");

    // A valid change is picked up by the file watcher, as profile changes are.
    Files.delete(broken);
    Files.writeString(sensors.resolve("employee-id.yaml"), employeeIdSensor("block"));
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> denied("hr", record));
    } finally {
      Files.writeString(sensors.resolve("employee-id.yaml"), employeeIdSensor("mask"));
      await().atMost(Duration.ofSeconds(30)).until(() -> !denied("hr", record));
    }
  }

  private static String maskedBy(String profile, String json) throws Exception {
    Stream stream = Stream.open(waf, "ENFORCE", profile);
    stream.send(responseHeaders("application/json", json.length()));
    ProcessingResponse answer = stream.send(body(json, true));
    stream.requests.onCompleted();
    return new String(sentOn(answer, json.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
  }

  private static boolean denied(String profile, String json) throws Exception {
    Stream stream = Stream.open(waf, "ENFORCE", profile);
    stream.send(responseHeaders("application/json", json.length()));
    ProcessingResponse answer = stream.send(body(json, true));
    stream.requests.onCompleted();
    return answer.getResponseCase() == ResponseCase.IMMEDIATE_RESPONSE;
  }

  private static double skipped(String reason) {
    io.micrometer.core.instrument.Counter counter = waf.server.metrics().find("meshward.waf.dlp.body.skipped")
        .tag("reason", reason).counter();
    return counter == null ? 0 : counter.count();
  }

  static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    }
    return out.toByteArray();
  }

  static byte[] gunzip(byte[] bytes) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    }
  }
}
