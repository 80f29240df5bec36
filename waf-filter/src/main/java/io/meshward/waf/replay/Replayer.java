package io.meshward.waf.replay;

import com.google.protobuf.ByteString;
import io.meshward.waf.MatchedRule;
import io.meshward.waf.Transaction;
import io.meshward.waf.dlp.DlpEngine;
import io.meshward.waf.dlp.DlpFinding;
import io.meshward.waf.service.dlp.DecodingLimits;
import io.meshward.waf.service.dlp.ResponseDlp;
import io.meshward.waf.service.dlp.SkippedBodies;
import io.meshward.waf.service.inspect.BodyCoverage;
import io.meshward.waf.service.inspect.Deadline;
import io.meshward.waf.service.inspect.Decisions;
import io.meshward.waf.service.inspect.Findings;
import io.meshward.waf.service.inspect.InspectionFailedException;
import io.meshward.waf.service.inspect.RequestDlp;
import io.meshward.waf.service.inspect.RequestPhases;
import io.meshward.waf.service.inspect.Verdict;
import io.meshward.waf.service.mapping.Endpoint;
import io.meshward.waf.service.mapping.HeaderField;
import io.meshward.waf.service.mapping.InboundRequest;
import io.meshward.waf.service.profile.LoadedProfile;
import io.meshward.waf.service.route.Mode;
import io.meshward.waf.service.route.RouteContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays recorded exchanges through a profile the way the waf-filter service inspects live traffic (the same
 * request feeding, body limits and decisions), and reports what ENFORCE would do: how an operator finds false
 * positives before switching a workload to ENFORCE. There is no time budget: a replay measures detections, not
 * latency. Thread-compatible; one replayer per thread.
 */
public final class Replayer {
  private static final Deadline NONE = new Deadline(System.nanoTime() + Long.MAX_VALUE / 2);

  private final LoadedProfile profile;
  private final DlpEngine dlp;
  private final RouteContext route;
  private final RequestPhases phases = new RequestPhases();
  private final Decisions decisions = new Decisions();
  private int sequence;

  /** WAF only. */
  public Replayer(LoadedProfile profile) {
    this(profile, false);
  }

  /** WAF, and with {@code dlp} the profile's DLP sensors, as the service runs them for the profile's routes. */
  public Replayer(LoadedProfile profile, boolean dlp) {
    this.profile = profile;
    this.dlp = dlp ? profile.dlp().orElse(null) : null;
    this.route = new RouteContext("replay", Mode.ENFORCE, profile);
  }

  public ReplayResult replay(RecordedExchange exchange) {
    String requestId = "replay-" + (++sequence);
    InboundRequest request = new InboundRequest(requestId, Endpoint.UNKNOWN, Endpoint.UNKNOWN, exchange.method(),
        exchange.target(), exchange.protocol(), exchange.headers(), ByteString.copyFrom(exchange.body()),
        declaredLength(exchange), List.of());
    try (Transaction tx = profile.engine().newTransaction(requestId)) {
      Findings findings;
      try {
        phases.headers(tx, request, NONE);
        RequestPhases.Fed fed = tx.interruption().isPresent()
            ? new RequestPhases.Fed(BodyCoverage.FULL, 0) : phases.body(tx, request, profile.profile(), NONE);
        BodyCoverage responseCoverage = BodyCoverage.FULL;
        long responseBytes = 0;
        if (tx.interruption().isEmpty() && exchange.response().isPresent()) {
          RecordedExchange.RecordedResponse response = exchange.response().get();
          for (HeaderField header : response.headers()) {
            tx.addResponseHeader(header.name(), header.value());
          }
          tx.processResponseHeaders(response.status(), "HTTP/1.1");
          if (tx.interruption().isEmpty()) {
            long limit = profile.profile().maxInspectedBodyBytes();
            responseBytes = Math.min(limit, response.body().length);
            responseCoverage = response.body().length > limit ? BodyCoverage.PARTIAL : BodyCoverage.FULL;
            tx.appendResponseBody(response.body(), 0, (int) responseBytes);
            tx.processResponseBody();
          }
        }
        tx.processLogging();
        findings = Findings.of(tx, fed.coverage(), fed.inspectedBytes(), responseCoverage, responseBytes);
      } catch (InspectionFailedException e) {
        // Only an engine error can get here (there is no deadline): report it as the fail policy would treat it.
        Verdict failed = decisions.failed(route, requestId, Findings.of(tx, BodyCoverage.FULL, 0, BodyCoverage.FULL,
            0), e.failure());
        return new ReplayResult(exchange.where(), exchange.method(), exchange.target(), status(exchange),
            hits(tx), failed, dlp(exchange, request));
      }
      return new ReplayResult(exchange.where(), exchange.method(), exchange.target(), status(exchange), hits(tx),
          decisions.decide(route, requestId, findings), dlp(exchange, request));
    }
  }

  /**
   * What the DLP sensors find in the exchange: the request as ext_authz scans it, and the response as ext_proc does
   * for a BUFFERED body (its headers, and the whole body, decoded within the default bounds when compressed).
   */
  private List<DlpFinding> dlp(RecordedExchange exchange, InboundRequest request) {
    if (dlp == null) {
      return List.of();
    }
    List<DlpFinding> findings = new ArrayList<>(new RequestDlp(dlp).scan(request, profile.profile()));
    exchange.response().ifPresent(response -> {
      try (ResponseDlp sensors = new ResponseDlp(dlp, false, DecodingLimits.defaults(), SkippedBodies.NONE)) {
        sensors.headers(response.headers());
        sensors.body(com.google.protobuf.ByteString.copyFrom(response.body()), true);
        findings.addAll(sensors.findings());
      }
    });
    return findings;
  }

  private static List<ReplayResult.RuleHit> hits(Transaction tx) {
    List<ReplayResult.RuleHit> hits = new ArrayList<>();
    for (MatchedRule rule : tx.matchedRules()) {
      if (rule.log() && rule.id() > 0) {
        hits.add(new ReplayResult.RuleHit(rule.id(), rule.message()));
      }
    }
    return hits;
  }

  private static int status(RecordedExchange exchange) {
    return exchange.response().map(RecordedExchange.RecordedResponse::status).orElse(0);
  }

  private static long declaredLength(RecordedExchange exchange) {
    for (HeaderField header : exchange.headers()) {
      if (header.name().equalsIgnoreCase("content-length")) {
        try {
          return Math.max(exchange.body().length, Long.parseLong(header.value().trim()));
        } catch (NumberFormatException e) {
          return exchange.body().length;
        }
      }
    }
    return exchange.body().length;
  }
}
