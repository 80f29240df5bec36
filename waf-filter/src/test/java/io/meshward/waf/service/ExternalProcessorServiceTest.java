package io.meshward.waf.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.HeaderMap;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpBody;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpHeaders;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse.ResponseCase;
import io.grpc.stub.StreamObserver;
import io.meshward.waf.service.profile.WafProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ext_proc over real gRPC on loopback: streams shaped as Envoy sends them with meshward's sidecar processing mode
 * (request headers skipped, the request line in the attributes; response headers sent; response body BUFFERED or
 * STREAMED), and with request headers and body sent.
 */
class ExternalProcessorServiceTest {
  static final String SQL_ERROR_PAGE = "<html><body><h1>Error</h1><p>You have an error in your SQL syntax; check the"
      + " manual that corresponds to your MySQL server version for the right syntax to use near ''' at line 1</p>"
      + "</body></html>";
  private static RunningWafFilter waf;

  @BeforeAll
  static void start() throws Exception {
    // "default" with a budget a loaded CI machine cannot spend (budgets have their own tests); "bulk" the same.
    waf = RunningWafFilter.start(List.of(WafProfile.defaultProfile().withTimeBudget(Duration.ofSeconds(10)),
        WafProfile.defaultProfile().withName("bulk")
        .withTimeBudget(Duration.ofSeconds(10))));
  }

  @AfterAll
  static void stop() throws Exception {
    waf.close();
  }

  /** A client side of the stream: sends messages one at a time and takes the answers as they come. */
  static final class Stream implements StreamObserver<ProcessingResponse> {
    final LinkedBlockingQueue<ProcessingResponse> answers = new LinkedBlockingQueue<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    StreamObserver<ProcessingRequest> requests;

    static Stream open(String mode) {
      return open(mode, "default");
    }

    static Stream open(String mode, String profile) {
      return open(waf, mode, profile);
    }

    static Stream open(RunningWafFilter server, String mode, String profile) {
      Stream stream = new Stream();
      stream.requests = server.extProc("shop/payments", mode, profile).process(stream);
      return stream;
    }

    ProcessingResponse send(ProcessingRequest request) throws InterruptedException {
      requests.onNext(request);
      ProcessingResponse answer = answers.poll(30, TimeUnit.SECONDS);
      assertThat(answer).as("an answer to " + request.getRequestCase()).isNotNull();
      return answer;
    }

    @Override
    public void onNext(ProcessingResponse value) {
      answers.add(value);
    }

    @Override
    public void onError(Throwable t) {
      closed.completeExceptionally(t);
    }

    @Override
    public void onCompleted() {
      closed.complete(null);
    }
  }

  static Struct attributes() {
    return Struct.newBuilder()
        .putFields("request.id", Value.newBuilder().setStringValue("5e1c0a7b-2d4f-4e8a-b1c3-9f7e6d5c4b3a").build())
        .putFields("request.method", Value.newBuilder().setStringValue("GET").build())
        .putFields("request.path", Value.newBuilder().setStringValue("/api/orders/42").build())
        .putFields("request.host", Value.newBuilder().setStringValue("payments.shop.svc").build())
        .putFields("source.address", Value.newBuilder().setStringValue("10.20.3.17:48122").build())
        .build();
  }

  static HeaderMap headers(String... namesAndValues) {
    HeaderMap.Builder map = HeaderMap.newBuilder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      map.addHeaders(HeaderValue.newBuilder().setKey(namesAndValues[i])
          .setRawValue(ByteString.copyFromUtf8(namesAndValues[i + 1])));
    }
    return map.build();
  }

  static ProcessingRequest responseHeaders(String contentType, int length) {
    return ProcessingRequest.newBuilder()
        .setResponseHeaders(HttpHeaders.newBuilder().setHeaders(headers(":status", "500", "content-type", contentType,
            "content-length", Integer.toString(length))))
        .putAttributes("envoy.filters.http.ext_proc", attributes())
        .build();
  }

  static ProcessingRequest responseBody(String chunk, boolean end) {
    return ProcessingRequest.newBuilder()
        .setResponseBody(HttpBody.newBuilder().setBody(ByteString.copyFromUtf8(chunk)).setEndOfStream(end))
        .build();
  }

  static List<Integer> ruleIds(Struct metadata) {
    List<Integer> ids = new ArrayList<>();
    metadata.getFieldsOrThrow("rule_ids").getListValue().getValuesList()
        .forEach(v -> ids.add((int) v.getNumberValue()));
    return ids;
  }

  @Test
  void aResponseCarryingAnSqlErrorIsReplacedByAnImmediate403InEnforce() throws Exception {
    Stream stream = Stream.open("ENFORCE");

    ProcessingResponse afterHeaders = stream.send(responseHeaders("text/html", SQL_ERROR_PAGE.length()));
    ProcessingResponse afterBody = stream.send(responseBody(SQL_ERROR_PAGE, true));

    assertThat(afterHeaders.getResponseCase()).isEqualTo(ResponseCase.RESPONSE_HEADERS);
    assertThat(afterBody.getResponseCase()).isEqualTo(ResponseCase.IMMEDIATE_RESPONSE);
    assertThat(afterBody.getImmediateResponse().getStatus().getCodeValue()).isEqualTo(403);
    String json = afterBody.getImmediateResponse().getBody().toStringUtf8();
    assertThat(json).contains("\"request_id\":\"5e1c0a7b-2d4f-4e8a-b1c3-9f7e6d5c4b3a\"").contains("951230")
        .doesNotContain("SQL syntax").doesNotContain("MySQL");
    assertThat(ruleIds(afterBody.getDynamicMetadata())).contains(951230, 959100);
    stream.requests.onCompleted();
    stream.closed.get(10, TimeUnit.SECONDS);
  }

  @Test
  void theSameResponseGoesOnInMonitorWithItsFindingsInDynamicMetadata() throws Exception {
    Stream stream = Stream.open("MONITOR");

    stream.send(responseHeaders("text/html", SQL_ERROR_PAGE.length()));
    ProcessingResponse afterBody = stream.send(responseBody(SQL_ERROR_PAGE, true));

    assertThat(afterBody.getResponseCase()).isEqualTo(ResponseCase.RESPONSE_BODY);
    assertThat(afterBody.getResponseBody().getResponse().hasBodyMutation()).isFalse();
    Struct metadata = afterBody.getDynamicMetadata();
    assertThat(ruleIds(metadata)).contains(951230);
    assertThat(metadata.getFieldsOrThrow("action").getStringValue()).isEqualTo("would-deny");
    assertThat(metadata.getFieldsOrThrow("outbound_score").getNumberValue()).isGreaterThanOrEqualTo(4);
    stream.requests.onCompleted();
  }

  @Test
  void aStreamedResponseIsInspectedAcrossItsChunks() throws Exception {
    Stream stream = Stream.open("ENFORCE");
    int middle = SQL_ERROR_PAGE.indexOf("SQL syntax") + 5;

    stream.send(responseHeaders("text/html", SQL_ERROR_PAGE.length()));
    ProcessingResponse first = stream.send(responseBody(SQL_ERROR_PAGE.substring(0, middle), false));
    ProcessingResponse last = stream.send(responseBody(SQL_ERROR_PAGE.substring(middle), true));

    assertThat(first.getResponseCase()).isEqualTo(ResponseCase.RESPONSE_BODY);
    assertThat(last.getResponseCase()).isEqualTo(ResponseCase.IMMEDIATE_RESPONSE);
    stream.requests.onCompleted();
  }

  @Test
  void aBenignResponsePassesWithoutMetadata() throws Exception {
    Stream stream = Stream.open("ENFORCE");
    String json = "{\"id\":42,\"status\":\"shipped\"}";

    stream.send(responseHeaders("application/json", json.length()));
    ProcessingResponse afterBody = stream.send(responseBody(json, true));

    assertThat(afterBody.getResponseCase()).isEqualTo(ResponseCase.RESPONSE_BODY);
    assertThat(afterBody.hasDynamicMetadata()).isFalse();
    stream.requests.onCompleted();
  }

  @Test
  void aResponseWhoseRequestExtAuthzAlreadyDecidedIsNotDeniedForTheRequest() throws Exception {
    // ext_authz let this request through (say its route was in MONITOR there, or an exclusion applied); ext_proc
    // sees only the response, and the request's line in the attributes is an attack CRS scores far over the
    // threshold. The response is benign: it goes on, with the request's findings reported.
    Stream stream = Stream.open("ENFORCE");
    Struct attack = attributes().toBuilder()
        .putFields("request.path", Value.newBuilder()
            .setStringValue("/api/search?q=%3Cscript%3Ealert(document.cookie)%3C/script%3E").build())
        .build();
    String json = "{\"results\":[]}";

    ProcessingResponse afterHeaders = stream.send(ProcessingRequest.newBuilder()
        .setResponseHeaders(HttpHeaders.newBuilder().setHeaders(headers(":status", "200", "content-type",
            "application/json", "content-length", Integer.toString(json.length()))))
        .putAttributes("envoy.filters.http.ext_proc", attack)
        .build());
    ProcessingResponse afterBody = stream.send(responseBody(json, true));

    assertThat(afterHeaders.getResponseCase()).isEqualTo(ResponseCase.RESPONSE_HEADERS);
    assertThat(afterBody.getResponseCase()).isEqualTo(ResponseCase.RESPONSE_BODY);
    assertThat(ruleIds(afterBody.getDynamicMetadata())).contains(941100);
    stream.requests.onCompleted();
  }

  @Test
  void aResponseWithoutAnyRequestAttributesIsInspectedAndNotDeniedForTheBareRequest() throws Exception {
    Stream stream = Stream.open("ENFORCE");

    stream.send(ProcessingRequest.newBuilder()
        .setResponseHeaders(HttpHeaders.newBuilder().setHeaders(headers(":status", "500", "content-type",
            "text/html", "content-length", Integer.toString(SQL_ERROR_PAGE.length()))))
        .build());
    ProcessingResponse afterBody = stream.send(responseBody(SQL_ERROR_PAGE, true));

    // The leak is still caught by the response rules alone.
    assertThat(afterBody.getResponseCase()).isEqualTo(ResponseCase.IMMEDIATE_RESPONSE);
    assertThat(ruleIds(afterBody.getDynamicMetadata())).contains(951230, 959100);
    stream.requests.onCompleted();
  }

  @Test
  void requestHeadersAndBodySentOverExtProcRunPhasesOneAndTwo() throws Exception {
    Stream stream = Stream.open("ENFORCE");
    String form = "name=x&comment=1%27%20UNION%20SELECT%20password%20FROM%20users--";

    ProcessingResponse afterHeaders = stream.send(ProcessingRequest.newBuilder()
        .setRequestHeaders(HttpHeaders.newBuilder().setHeaders(headers(":method", "POST", ":path", "/api/comments",
            ":authority", "payments.shop.svc", ":scheme", "http", "content-type",
            "application/x-www-form-urlencoded", "content-length", Integer.toString(form.length()))))
        .putAttributes("envoy.filters.http.ext_proc", attributes())
        .build());
    ProcessingResponse afterBody = stream.send(ProcessingRequest.newBuilder()
        .setRequestBody(HttpBody.newBuilder().setBody(ByteString.copyFromUtf8(form)).setEndOfStream(true))
        .build());

    assertThat(afterHeaders.getResponseCase()).isEqualTo(ResponseCase.REQUEST_HEADERS);
    assertThat(afterBody.getResponseCase()).isEqualTo(ResponseCase.IMMEDIATE_RESPONSE);
    assertThat(afterBody.getImmediateResponse().getStatus().getCodeValue()).isEqualTo(403);
    assertThat(ruleIds(afterBody.getDynamicMetadata())).contains(942100);
    stream.requests.onCompleted();
  }

  @Test
  void aTenMegabyteStreamedRequestBodyIsAnsweredChunkByChunkAndOnlyTheLimitIsInspected() throws Exception {
    Stream stream = Stream.open("MONITOR", "bulk");
    int chunk = 64 * 1024;
    int chunks = 160; // 10 MiB
    stream.send(ProcessingRequest.newBuilder()
        .setRequestHeaders(HttpHeaders.newBuilder().setHeaders(headers(":method", "POST", ":path", "/api/upload",
            ":authority", "payments.shop.svc", "content-type", "text/plain")))
        .build());
    byte[] bytes = new byte[chunk];
    java.util.Arrays.fill(bytes, (byte) 'a');
    ProcessingResponse last = null;
    for (int i = 0; i < chunks; i++) {
      last = stream.send(ProcessingRequest.newBuilder().setRequestBody(HttpBody.newBuilder()
          .setBody(ByteString.copyFrom(bytes)).setEndOfStream(i == chunks - 1)).build());
      assertThat(last.getResponseCase()).isEqualTo(ResponseCase.REQUEST_BODY);
    }

    Struct metadata = last.getDynamicMetadata();
    assertThat(metadata.getFieldsOrThrow("inspected_request_bytes").getNumberValue()).isEqualTo(64 * 1024);
    assertThat(metadata.getFieldsOrThrow("action").getStringValue()).isEqualTo("would-deny");
    stream.requests.onCompleted();
  }

  @Test
  void aBodyBeforeItsHeadersGetsTheFailPolicyAndTheStreamStillAnswers() throws Exception {
    Stream stream = Stream.open("ENFORCE");

    ProcessingResponse answer = stream.send(responseBody("early", true));

    // The default profile fails open: the message goes on, marked as not inspected.
    assertThat(answer.getResponseCase()).isEqualTo(ResponseCase.RESPONSE_BODY);
    assertThat(answer.getDynamicMetadata().getFieldsOrThrow("failure").getStringValue()).isEqualTo("protocol");
    stream.requests.onCompleted();
    stream.closed.get(10, TimeUnit.SECONDS);
  }

  @Test
  void aStreamThatEndsEarlyEndsQuietlyAndTheServiceKeepsServing() throws Exception {
    Stream early = Stream.open("ENFORCE");
    early.send(responseHeaders("text/html", 1000));
    early.requests.onError(new RuntimeException("downstream reset"));

    Stream next = Stream.open("ENFORCE");
    next.send(responseHeaders("text/html", SQL_ERROR_PAGE.length()));
    ProcessingResponse answer = next.send(responseBody(SQL_ERROR_PAGE, true));

    assertThat(answer.getResponseCase()).isEqualTo(ResponseCase.IMMEDIATE_RESPONSE);
  }
}
