package io.meshward.waf.service.inspect;

import io.meshward.waf.Interruption;
import io.meshward.waf.service.inspect.Verdict.Reason;
import io.meshward.waf.service.profile.BodyLimitOutcome;
import io.meshward.waf.service.profile.FailPolicy;
import io.meshward.waf.service.route.RouteContext;
import java.util.Optional;

/**
 * Turns findings into a verdict by the route's mode and profile. LEARN and MONITOR always allow (what ENFORCE would
 * have done is in the reason); ENFORCE denies at the engine's interruption (CRS's anomaly threshold, rules 949110 and
 * 959100), a body the profile refuses, and an inspection that failed under a fail-closed profile. Stateless.
 */
public final class Decisions {
  /** The status of a denial because inspection failed: the service, not the client, is at fault. */
  public static final int UNAVAILABLE = 503;
  public static final int FORBIDDEN = 403;
  public static final int TOO_LARGE = 413;

  public Verdict decide(RouteContext route, String requestId, Findings findings) {
    boolean enforce = route.mode().blocks();
    Optional<Interruption> interruption = findings.interruption();
    if (interruption.isPresent()) {
      return new Verdict(!enforce, enforce ? status(interruption.get()) : 0, Reason.ATTACK, requestId, route,
          findings, Optional.empty());
    }
    if (findings.dlp().stream().anyMatch(f -> f.action() == io.meshward.waf.dlp.DlpAction.BLOCK)) {
      return new Verdict(!enforce, enforce ? FORBIDDEN : 0, Reason.SENSITIVE_DATA, requestId, route, findings,
          Optional.empty());
    }
    if ((findings.requestBody() == BodyCoverage.OVER_LIMIT || findings.responseBody() == BodyCoverage.OVER_LIMIT)
        && route.profile().profile().bodyLimitOutcome() == BodyLimitOutcome.REJECT) {
      return new Verdict(!enforce, enforce ? TOO_LARGE : 0, Reason.BODY_TOO_LARGE, requestId, route, findings,
          Optional.empty());
    }
    return new Verdict(true, 0, findings.clean() ? Reason.CLEAN : Reason.FINDINGS, requestId, route, findings,
        Optional.empty());
  }

  /** The fail policy's verdict; outside ENFORCE nothing is ever denied. */
  public Verdict failed(RouteContext route, String requestId, Findings findings, Failure failure) {
    boolean deny = route.mode().blocks() && route.profile().profile().failPolicy() == FailPolicy.CLOSED;
    return new Verdict(!deny, deny ? UNAVAILABLE : 0, Reason.NOT_INSPECTED, requestId, route, findings,
        Optional.of(failure));
  }

  /** The interruption's status when it is an error status (a rule's {@code status:}), else 403. */
  private static int status(Interruption interruption) {
    int status = interruption.status();
    return status >= 400 && status <= 599 ? status : FORBIDDEN;
  }
}
