package io.meshward.waf.service.extproc;

import com.google.protobuf.ByteString;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpBody;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpHeaders;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.grpc.stub.StreamObserver;
import io.meshward.waf.Transaction;
import io.meshward.waf.service.inspect.BodyCoverage;
import io.meshward.waf.service.inspect.Deadline;
import io.meshward.waf.service.inspect.Decisions;
import io.meshward.waf.service.inspect.Failure;
import io.meshward.waf.service.inspect.Findings;
import io.meshward.waf.service.inspect.InspectionFailedException;
import io.meshward.waf.service.inspect.InspectionPool;
import io.meshward.waf.service.inspect.RequestPhases;
import io.meshward.waf.service.inspect.Verdict;
import io.meshward.waf.service.log.OnceLog;
import io.meshward.waf.service.mapping.ExtProcRequestMapper;
import io.meshward.waf.service.mapping.InboundRequest;
import io.meshward.waf.service.profile.WafProfile;
import io.meshward.waf.service.respond.FindingHeaders;
import io.meshward.waf.service.respond.RequestIds;
import io.meshward.waf.service.respond.VerdictMetadata;
import io.meshward.waf.service.route.RouteContext;
import io.meshward.waf.service.mapping.Endpoint;
import io.meshward.waf.service.report.CheckedExchange;
import io.meshward.waf.service.report.ExchangeListener;
import io.meshward.waf.service.report.PathSummary;
import io.meshward.waf.service.dlp.DecodingLimits;
import io.meshward.waf.service.dlp.ResponseDlp;
import io.meshward.waf.service.dlp.SkippedBodies;
import io.meshward.waf.service.mapping.HeaderField;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One ext_proc stream: one HTTP exchange, one engine transaction. Messages are handled one after another (each on
 * an inspection thread, within the profile's time budget), in the order Envoy sends them: request headers and body
 * (phases 1-2) when Envoy sends them, else the request line from the stream's attributes; response headers (phase
 * 3); response body, BUFFERED in one message or STREAMED in chunks (phase 4 at end of stream). Each message gets its
 * answer; in ENFORCE an interruption gets an immediate 403 instead, so a leaking response never reaches the client.
 *
 * <p>The profile's DLP sensors read the response headers and the whole body beside the engine ({@link ResponseDlp}):
 * their findings join the engine's, so a blocking sensor in ENFORCE gets the same immediate 403, and a masking one
 * has the body rewritten through body mutations (with {@code content-length} removed in the headers' answer).
 *
 * <p>A message out of order (a body before its headers, anything after the end of the response) is a protocol
 * violation: logged once, no further inspection, and the profile's fail policy for the rest of the stream. A stream
 * that ends early just ends. When a step overran its budget its transaction is abandoned, never touched again
 * (the step may still be running on it).
 */
final class ProcessingStream implements StreamObserver<ProcessingRequest> {
  private enum Stage { START, REQUEST_HEADERS, REQUEST_DONE, RESPONSE_HEADERS, RESPONSE_DONE }

  private final StreamObserver<ProcessingResponse> out;
  private final RouteContext route;
  private final WafProfile profile;
  private final InspectionPool pool;
  private final ProcessingResponses responses;
  private final OnceLog problems;
  private final ExchangeListener reporting;
  private final RequestPhases phases = new RequestPhases();
  private final ExtProcRequestMapper mapper = new ExtProcRequestMapper();
  private final Decisions decisions = new Decisions();

  // Touched only by the steps of the chain below, which run one at a time, each after the previous completed.
  private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
  private Stage stage = Stage.START;
  private Transaction tx;
  private String requestId;
  private RequestPhases.Fed requestPlan = new RequestPhases.Fed(BodyCoverage.FULL, 0);
  private long requestFed;
  private long responseFed;
  private BodyCoverage responseCoverage = BodyCoverage.FULL;
  private Optional<Failure> failure = Optional.empty();
  private boolean abandoned;
  private boolean answered;
  private final Optional<ResponseDlp> dlp; // the profile's DLP sensors over the response, when it has any
  private InboundRequest request; // the request line and peers, for the report
  private Verdict lastVerdict; // the latest answer's verdict, reported when the stream ends
  private long busyNanos; // time spent answering this stream's messages

  ProcessingStream(StreamObserver<ProcessingResponse> out, RouteContext route, InspectionPool pool,
                   ProcessingResponses responses, OnceLog problems, ExchangeListener reporting,
                   DecodingLimits decoding, SkippedBodies skips) {
    this.out = out;
    this.route = route;
    this.profile = route.profile().profile();
    this.pool = pool;
    this.responses = responses;
    this.problems = problems;
    this.reporting = reporting;
    this.dlp = route.profile().dlp().map(engine -> new ResponseDlp(engine, route.mode().blocks(), decoding, skips));
  }

  @Override
  public synchronized void onNext(ProcessingRequest message) {
    tail = tail.thenCompose(ignored -> handle(message)).exceptionally(error -> {
      problems.warn("an ext_proc step failed: " + error.getClass().getSimpleName());
      return null;
    });
  }

  @Override
  public synchronized void onError(Throwable error) {
    tail = tail.thenRun(this::closeTransaction);
  }

  @Override
  public synchronized void onCompleted() {
    tail = tail.thenRun(() -> {
      if (stage != Stage.RESPONSE_DONE && !answered) {
        problems.warn("an ext_proc stream ended before the end of the response");
      }
      closeTransaction();
      try {
        out.onCompleted();
      } catch (RuntimeException e) {
        problems.warn("an ext_proc stream could not be closed: " + e.getClass().getSimpleName());
      }
    });
  }

  private CompletableFuture<Void> handle(ProcessingRequest message) {
    if (answered) {
      return CompletableFuture.completedFuture(null); // an immediate response ended the exchange
    }
    if (requestId == null) {
      Optional<String> proxyId = Optional.ofNullable(message.getAttributesMap()
              .get(ExtProcRequestMapper.ATTRIBUTES_KEY))
          .map(s -> s.getFieldsOrDefault("request.id", com.google.protobuf.Value.getDefaultInstance()))
          .map(com.google.protobuf.Value::getStringValue);
      requestId = RequestIds.choose(proxyId.orElse(""), RequestIds.generate());
    }
    if (message.hasProtocolConfig()) {
      // Sent with a stream's first message by Envoys that know the field: how the response body will come.
      ResponseDlp.BodyMode mode = switch (message.getProtocolConfig().getResponseBodyMode()) {
        case BUFFERED -> ResponseDlp.BodyMode.BUFFERED;
        case BUFFERED_PARTIAL -> ResponseDlp.BodyMode.BUFFERED_PARTIAL;
        case STREAMED, FULL_DUPLEX_STREAMED -> ResponseDlp.BodyMode.STREAMED;
        default -> ResponseDlp.BodyMode.UNKNOWN;
      };
      dlp.ifPresent(sensors -> sensors.announced(mode));
    }
    if (failure.isPresent()) {
      return send(failed(message, failure.get()));
    }
    long started = System.nanoTime();
    // From arrival: a wait for a free inspection thread spends the budget too.
    Deadline deadline = Deadline.after(profile.timeBudget());
    return pool.submit(() -> step(message, deadline), profile.timeBudget(),
            () -> new Step(null, Failure.TIMEOUT), () -> new Step(null, Failure.OVERLOADED))
        .exceptionally(error -> new Step(null, Failure.ENGINE_ERROR))
        .thenCompose(step -> {
          if (step.failure() != null) {
            if (step.failure() == Failure.TIMEOUT || step.failure() == Failure.ENGINE_ERROR) {
              abandoned = true;
            }
            failure = Optional.of(step.failure());
            problems.warn("an ext_proc exchange was not inspected: " + step.failure().label() + " (profile "
                + profile.name() + ")");
            busyNanos += System.nanoTime() - started;
            return send(failed(message, step.failure()));
          }
          busyNanos += System.nanoTime() - started;
          return send(step.response());
        });
  }

  /** A step's result: the answer, or why there is none. */
  private record Step(ProcessingResponse response, Failure failure) {}

  private Step step(ProcessingRequest message, Deadline deadline) {
    try {
      return switch (message.getRequestCase()) {
        case REQUEST_HEADERS -> requestHeaders(message, deadline);
        case REQUEST_BODY -> requestBody(message, deadline);
        case RESPONSE_HEADERS -> responseHeaders(message, deadline);
        case RESPONSE_BODY -> responseBody(message, deadline);
        case REQUEST_TRAILERS, RESPONSE_TRAILERS -> new Step(responses.proceed(message, Map.of(), null), null);
        default -> violation("an ext_proc message of no known kind");
      };
    } catch (InspectionFailedException e) {
      return new Step(null, e.failure());
    }
  }

  private Step requestHeaders(ProcessingRequest message, Deadline deadline) throws InspectionFailedException {
    if (stage != Stage.START) {
      return violation("ext_proc request headers arrived after " + stage);
    }
    request = mapper.map(message.getRequestHeaders(), message.getAttributesMap());
    request.problems().forEach(problems::warn);
    tx = route.profile().engine().newTransaction(requestId);
    phases.headers(tx, request, deadline);
    requestPlan = phases.plan(profile, request.declaredBodyLength(), request.mediaType());
    stage = Stage.REQUEST_HEADERS;
    if (message.getRequestHeaders().getEndOfStream()) {
      finishRequest(deadline);
    }
    return answer(message, true, ProcessingResponses.Mutation.NONE);
  }

  private Step requestBody(ProcessingRequest message, Deadline deadline) throws InspectionFailedException {
    if (stage != Stage.REQUEST_HEADERS) {
      return violation("an ext_proc request body arrived " + (stage == Stage.START ? "before the request headers"
          : "after the end of the request"));
    }
    HttpBody body = message.getRequestBody();
    long room = requestPlan.coverage() == BodyCoverage.FULL || requestPlan.coverage() == BodyCoverage.PARTIAL
        ? profile.maxInspectedBodyBytes() - requestFed : 0;
    if (room > 0 && !body.getBody().isEmpty()) {
      ByteString slice = body.getBody().substring(0, (int) Math.min(room, body.getBody().size()));
      RequestPhases.append(tx, slice);
      requestFed += slice.size();
    }
    if (requestPlan.coverage() == BodyCoverage.FULL && body.getBody().size() > room) {
      // More than Content-Length said (or none was given): only the first bytes are inspected.
      requestPlan = new RequestPhases.Fed(profile.bodyLimitOutcome()
          == io.meshward.waf.service.profile.BodyLimitOutcome.REJECT ? BodyCoverage.OVER_LIMIT : BodyCoverage.PARTIAL,
          requestFed);
    }
    if (body.getEndOfStream()) {
      finishRequest(deadline);
    }
    return answer(message, body.getEndOfStream(), ProcessingResponses.Mutation.NONE);
  }

  private void finishRequest(Deadline deadline) throws InspectionFailedException {
    tx.processRequestBody();
    stage = Stage.REQUEST_DONE;
    RequestPhases.check(tx, deadline, "request body");
  }

  private Step responseHeaders(ProcessingRequest message, Deadline deadline) throws InspectionFailedException {
    if (stage == Stage.START) {
      // Request headers skipped (meshward's sidecars: ext_authz saw the request): the attributes give its line.
      // ext_authz decided the request; here its phases only set up the response rules. Without the attributes the
      // request is a bare "GET /" that CRS would score as anomalous, and denying a response for that would be wrong.
      request = mapper.map(null, message.getAttributesMap());
      request.problems().forEach(problems::warn);
      tx = route.profile().engine().newTransaction(requestId);
      tx.requestDecidedElsewhere();
      phases.headers(tx, request, deadline);
      stage = Stage.REQUEST_HEADERS;
    }
    if (stage == Stage.REQUEST_HEADERS) {
      finishRequest(deadline);
    }
    if (stage != Stage.REQUEST_DONE) {
      return violation("ext_proc response headers arrived after " + stage);
    }
    HttpHeaders headers = message.getResponseHeaders();
    int status = 200;
    long declared = -1;
    List<HeaderField> fields = new ArrayList<>(headers.getHeaders().getHeadersCount());
    for (HeaderValue header : headers.getHeaders().getHeadersList()) {
      String value = header.getRawValue().isEmpty()
          ? header.getValue() : header.getRawValue().toString(StandardCharsets.ISO_8859_1);
      String name = header.getKey();
      fields.add(new HeaderField(name, value));
      if (name.equals(":status")) {
        status = parse(value, 200);
      } else if (!name.isEmpty() && name.charAt(0) != ':') {
        tx.addResponseHeader(name, value);
        if (name.equalsIgnoreCase("content-length")) {
          declared = parse(value, -1);
        }
      }
    }
    tx.processResponseHeaders(status, "HTTP/1.1");
    stage = Stage.RESPONSE_HEADERS;
    // Responses are never refused for their length (a 413 answers a request): past the limit, the first bytes are
    // inspected.
    responseCoverage = declared > profile.maxInspectedBodyBytes() ? BodyCoverage.PARTIAL : BodyCoverage.FULL;
    RequestPhases.check(tx, deadline, "response headers");
    dlp.ifPresent(sensors -> sensors.headers(fields));
    if (headers.getEndOfStream()) {
      finishResponse(deadline);
    }
    // A masked body may change length: without content-length, Envoy sends it chunked.
    boolean dropLength = declared >= 0 && !headers.getEndOfStream()
        && dlp.map(ResponseDlp::mayChangeLength).orElse(false);
    return answer(message, headers.getEndOfStream(), dropLength
        ? new ProcessingResponses.Mutation(List.of("content-length"), Optional.empty())
        : ProcessingResponses.Mutation.NONE);
  }

  private Step responseBody(ProcessingRequest message, Deadline deadline) throws InspectionFailedException {
    if (stage != Stage.RESPONSE_HEADERS) {
      return violation("an ext_proc response body arrived " + (stage == Stage.RESPONSE_DONE
          ? "after the end of the response" : "before the response headers"));
    }
    HttpBody body = message.getResponseBody();
    long room = profile.maxInspectedBodyBytes() - responseFed;
    ByteString chunk = body.getBody();
    if (chunk.size() > room) {
      responseCoverage = BodyCoverage.PARTIAL;
    }
    if (room > 0 && !chunk.isEmpty()) {
      ByteString slice = chunk.substring(0, (int) Math.min(room, chunk.size()));
      for (ByteBuffer buffer : slice.asReadOnlyByteBufferList()) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        tx.appendResponseBody(bytes, 0, bytes.length);
      }
      responseFed += slice.size();
    }
    // The DLP sensors read the whole body (masking must cover all of it), in bounded memory; the engine's limit
    // is about the rules' cost, not about what may leak.
    Optional<ByteString> replacement = dlp.flatMap(sensors -> sensors.body(chunk, body.getEndOfStream()));
    if (body.getEndOfStream()) {
      finishResponse(deadline);
    }
    return answer(message, body.getEndOfStream(), new ProcessingResponses.Mutation(List.of(), replacement));
  }

  private void finishResponse(Deadline deadline) throws InspectionFailedException {
    tx.processResponseBody();
    stage = Stage.RESPONSE_DONE;
    RequestPhases.check(tx, deadline, "response body");
  }

  /**
   * The answer after a step: the denial in ENFORCE when the engine interrupted, else "go on" (with the verdict as
   * dynamic metadata when {@code last}, the finding headers on the request going upstream, and {@code mutation}:
   * a masked or held-back body, a dropped content-length).
   */
  private Step answer(ProcessingRequest message, boolean last, ProcessingResponses.Mutation mutation) {
    Findings findings = findings();
    Verdict verdict = decisions.decide(route, requestId, findings);
    lastVerdict = verdict;
    if (!verdict.allowed()) {
      answered = true;
      return new Step(responses.deny(verdict, VerdictMetadata.of(verdict)), null);
    }
    boolean report = last && !findings.clean();
    Map<String, String> upstream = message.hasRequestHeaders() ? FindingHeaders.of(verdict) : Map.of();
    return new Step(responses.proceed(message, upstream, report ? VerdictMetadata.of(verdict) : null, mutation),
        null);
  }

  /** What the engine and the DLP sensors found so far. */
  private Findings findings() {
    Findings engine = Findings.of(tx, requestPlan.coverage(), requestFed, responseCoverage, responseFed);
    return dlp.map(sensors -> engine.withDlp(sensors.findings())).orElse(engine);
  }

  private Step violation(String reason) {
    problems.warn(reason + ": the rest of the exchange gets the fail policy");
    return new Step(null, Failure.PROTOCOL);
  }

  /** The fail policy's answer to {@code message}. */
  private ProcessingResponse failed(ProcessingRequest message, Failure why) {
    Findings findings = tx == null || abandoned ? Findings.none() : findings();
    Verdict verdict = decisions.failed(route, requestId, findings, why);
    lastVerdict = verdict;
    if (!verdict.allowed()) {
      answered = true;
      return responses.deny(verdict, VerdictMetadata.of(verdict));
    }
    // A body the DLP sensors were holding back goes on with its tail. (After a step that overran its budget the
    // sensors' state is left alone: that step may still be running on it, and the tail is lost.)
    Optional<ByteString> body = message.hasResponseBody() && !abandoned
        ? dlp.flatMap(sensors -> sensors.unread(message.getResponseBody().getBody()))
        : Optional.empty();
    return responses.proceed(message, Map.of(), VerdictMetadata.of(verdict),
        new ProcessingResponses.Mutation(List.of(), body));
  }

  private CompletableFuture<Void> send(ProcessingResponse response) {
    try {
      out.onNext(response);
    } catch (RuntimeException e) {
      problems.warn("an ext_proc answer could not be sent: " + e.getClass().getSimpleName());
    }
    return CompletableFuture.completedFuture(null);
  }

  private void closeTransaction() {
    report();
    if (tx != null && !abandoned) {
      try {
        tx.processLogging();
        tx.close();
      } catch (RuntimeException e) {
        problems.warn("an ext_proc transaction did not close cleanly: " + e.getClass().getSimpleName());
      }
    }
    tx = null;
    if (!abandoned) {
      dlp.ifPresent(ResponseDlp::close); // an abandoned step may still be decoding; the inflater's cleaner frees it
    }
  }

  /** Once per stream, when it ends: the exchange's last verdict, with no payload (see CheckedExchange). */
  private void report() {
    if (lastVerdict == null) {
      return;
    }
    Verdict verdict = lastVerdict;
    lastVerdict = null;
    reporting.checked(request == null
        ? new CheckedExchange(CheckedExchange.EXT_PROC, Instant.now(), Endpoint.UNKNOWN, Endpoint.UNKNOWN, "", "", "",
            verdict, busyNanos)
        : new CheckedExchange(CheckedExchange.EXT_PROC, Instant.now(), request.source(), request.destination(),
            PathSummary.method(request.method()), PathSummary.of(request.target()), request.protocol(), verdict,
            busyNanos));
  }

  private static int parse(String value, int fallback) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
