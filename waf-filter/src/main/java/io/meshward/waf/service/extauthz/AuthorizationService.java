package io.meshward.waf.service.extauthz;

import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.stub.StreamObserver;
import io.meshward.waf.Interruption;
import io.meshward.waf.Transaction;
import io.meshward.waf.service.inspect.BodyCoverage;
import io.meshward.waf.service.inspect.Deadline;
import io.meshward.waf.service.inspect.Decisions;
import io.meshward.waf.service.inspect.Failure;
import io.meshward.waf.service.inspect.Findings;
import io.meshward.waf.service.inspect.InspectionFailedException;
import io.meshward.waf.service.inspect.InspectionPool;
import io.meshward.waf.service.inspect.RequestDlp;
import io.meshward.waf.service.inspect.RequestPhases;
import io.meshward.waf.service.inspect.Verdict;
import io.meshward.waf.service.log.OnceLog;
import io.meshward.waf.service.mapping.CheckRequestMapper;
import io.meshward.waf.service.mapping.HeaderField;
import io.meshward.waf.service.mapping.InboundRequest;
import io.meshward.waf.service.profile.WafProfile;
import io.meshward.waf.service.respond.DenialBody;
import io.meshward.waf.service.respond.RequestIds;
import io.meshward.waf.service.route.RouteContext;
import io.meshward.waf.service.route.RouteContextResolver;
import io.meshward.waf.service.mapping.Endpoint;
import io.meshward.waf.service.report.CheckedExchange;
import io.meshward.waf.service.report.ExchangeListener;
import io.meshward.waf.service.report.PathSummary;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code envoy.service.auth.v3.Authorization/Check}: one request, phases 1 and 2, on an inspection thread within the
 * profile's time budget; the verdict by the route's mode. Every call gets a {@code CheckResponse}: bad input has a
 * defined outcome, and a failure inside becomes the profile's fail policy, never a gRPC error.
 */
public final class AuthorizationService extends AuthorizationGrpc.AuthorizationImplBase {
  private final RouteContextResolver routes;
  private final CheckRequestMapper mapper;
  private final RequestPhases phases;
  private final Decisions decisions;
  private final InspectionPool pool;
  private final CheckResponses responses;
  private final OnceLog problems;
  private final ExchangeListener reporting;

  /**
   * @param reporting told about every answered check (metrics, events, audit log); must not block
   */
  public AuthorizationService(RouteContextResolver routes, InspectionPool pool, DenialBody denialBody,
                              OnceLog problems, ExchangeListener reporting) {
    this.routes = routes;
    this.mapper = new CheckRequestMapper();
    this.phases = new RequestPhases();
    this.decisions = new Decisions();
    this.pool = pool;
    this.responses = new CheckResponses(denialBody);
    this.problems = problems;
    this.reporting = reporting;
  }

  @Override
  public void check(CheckRequest check, StreamObserver<CheckResponse> observer) {
    long started = System.nanoTime();
    RouteContext route = routes.fromContextExtensions(check.getAttributes().getContextExtensionsMap());
    InboundRequest request;
    try {
      request = mapper.map(check);
    } catch (RuntimeException e) {
      problems.warn("a CheckRequest could not be mapped: " + e.getClass().getSimpleName());
      String id = RequestIds.generate();
      Verdict verdict = decisions.failed(route, id, Findings.none(), Failure.ENGINE_ERROR);
      reply(observer, verdict, List.of());
      report(null, verdict, started);
      return;
    }
    request.problems().forEach(problems::warn);
    String id = RequestIds.choose(request.requestId(), RequestIds.generate());
    List<String> names = request.headers().stream().map(HeaderField::name).toList();
    WafProfile profile = route.profile().profile();
    // From arrival: a wait for a free inspection thread spends the budget too.
    Deadline deadline = Deadline.after(profile.timeBudget());
    pool.submit(() -> inspect(route, request, id, deadline), profile.timeBudget(),
            () -> failed(route, id, Failure.TIMEOUT),
            () -> failed(route, id, Failure.OVERLOADED))
        .exceptionally(error -> {
          problems.warn("an inspection failed: " + error.getClass().getSimpleName());
          return decisions.failed(route, id, Findings.none(), Failure.ENGINE_ERROR);
        })
        .thenAccept(verdict -> {
          reply(observer, verdict, names);
          report(request, verdict, started);
        });
  }

  /** After the answer went out, so that reporting never adds to the latency the proxy sees. */
  private void report(InboundRequest request, Verdict verdict, long started) {
    long nanos = System.nanoTime() - started;
    reporting.checked(request == null
        ? new CheckedExchange(CheckedExchange.EXT_AUTHZ, Instant.now(), Endpoint.UNKNOWN, Endpoint.UNKNOWN, "", "",
            "", verdict, nanos)
        : new CheckedExchange(CheckedExchange.EXT_AUTHZ, Instant.now(), request.source(), request.destination(),
            PathSummary.method(request.method()), PathSummary.of(request.target()), request.protocol(), verdict,
            nanos));
  }

  private Verdict failed(RouteContext route, String id, Failure failure) {
    problems.warn("a request was not inspected: " + failure.label() + " (profile " + route.profile().name() + ")");
    return decisions.failed(route, id, Findings.none(), failure);
  }

  private Verdict inspect(RouteContext route, InboundRequest request, String id, Deadline deadline) {
    WafProfile profile = route.profile().profile();
    try (Transaction tx = route.profile().engine().newTransaction(id)) {
      RequestPhases.Fed fed = new RequestPhases.Fed(BodyCoverage.FULL, 0);
      try {
        Optional<Interruption> interruption = phases.headers(tx, request, deadline);
        if (interruption.isEmpty()) {
          fed = phases.body(tx, request, profile, deadline);
        }
        tx.processLogging();
        Findings findings = Findings.of(tx, fed.coverage(), fed.inspectedBytes(), BodyCoverage.FULL, 0)
            .withDlp(route.profile().dlp().map(engine -> new RequestDlp(engine).scan(request, profile))
                .orElse(java.util.List.of()));
        return decisions.decide(route, id, findings);
      } catch (InspectionFailedException e) {
        problems.warn("a request was not inspected: " + e.failure().label() + " after " + e.getMessage()
            + " (profile " + profile.name() + ")");
        return decisions.failed(route, id,
            Findings.of(tx, fed.coverage(), fed.inspectedBytes(), BodyCoverage.FULL, 0), e.failure());
      }
    }
  }

  private void reply(StreamObserver<CheckResponse> observer, Verdict verdict, List<String> headerNames) {
    try {
      observer.onNext(responses.of(verdict, headerNames));
      observer.onCompleted();
    } catch (RuntimeException e) {
      // The caller went away (cancelled, deadline passed): there is no one left to answer.
      problems.warn("an ext_authz answer could not be sent: " + e.getClass().getSimpleName());
    }
  }
}
