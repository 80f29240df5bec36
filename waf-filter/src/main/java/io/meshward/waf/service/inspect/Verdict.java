package io.meshward.waf.service.inspect;

import io.meshward.waf.service.route.RouteContext;
import java.util.Optional;

/**
 * What the service answers for a request (or a response, in ext_proc), and why.
 *
 * @param allowed whether the exchange goes on
 * @param status the HTTP status of a denial (0 when allowed)
 * @param reason why, for headers, JSON and logs
 * @param requestId names the exchange in the denial body and in logs
 * @param route the route's workload, mode and profile
 * @param findings what the engine found
 * @param failure why the exchange was not (fully) inspected, if it was not
 */
public record Verdict(
    boolean allowed,
    int status,
    Reason reason,
    String requestId,
    RouteContext route,
    Findings findings,
    Optional<Failure> failure) {

  /** Why a verdict is what it is. */
  public enum Reason {
    /** Nothing found. */
    CLEAN,
    /** Findings below the threshold, or any findings outside ENFORCE. */
    FINDINGS,
    /** The anomaly threshold was reached (denied in ENFORCE; "would deny" elsewhere). */
    ATTACK,
    /** A DLP sensor whose action is block fired (denied in ENFORCE; "would deny" elsewhere). */
    SENSITIVE_DATA,
    /** The body is longer than the profile inspects, and the profile refuses such bodies. */
    BODY_TOO_LARGE,
    /** Inspection failed; the fail policy decided. */
    NOT_INSPECTED
  }
}
