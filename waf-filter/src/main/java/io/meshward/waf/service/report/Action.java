package io.meshward.waf.service.report;

import io.meshward.waf.service.inspect.Verdict;
import java.util.Locale;

/** What the service did with an exchange, in the words of events, the audit log and metric labels. */
public enum Action {
  ALLOWED,
  ALLOWED_WITH_FINDINGS,
  DENIED,
  /** LEARN or MONITOR let through what ENFORCE would have denied. */
  WOULD_DENY,
  FAILED_OPEN,
  FAILED_CLOSED;

  public static Action of(Verdict verdict) {
    if (verdict.failure().isPresent()) {
      return verdict.allowed() ? FAILED_OPEN : FAILED_CLOSED;
    }
    if (!verdict.allowed()) {
      return DENIED;
    }
    return switch (verdict.reason()) {
      case ATTACK, BODY_TOO_LARGE -> WOULD_DENY;
      case FINDINGS -> ALLOWED_WITH_FINDINGS;
      default -> ALLOWED;
    };
  }

  /** As it appears in JSON and metric labels. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
