package io.meshward.waf.service.report;

import io.meshward.waf.service.log.OnceLog;
import java.util.List;

/**
 * Fans an exchange out to the listeners (metrics, events to the control plane, the audit log). A listener that
 * throws anyway is logged once and skipped: reporting never changes an answer.
 */
public final class Reporters implements ExchangeListener {
  private final List<ExchangeListener> listeners;
  private final OnceLog problems;

  public Reporters(List<ExchangeListener> listeners, OnceLog problems) {
    this.listeners = List.copyOf(listeners);
    this.problems = problems;
  }

  @Override
  public void checked(CheckedExchange exchange) {
    for (ExchangeListener listener : listeners) {
      try {
        listener.checked(exchange);
      } catch (RuntimeException e) {
        problems.warn("reporting an exchange failed in " + listener.getClass().getSimpleName() + ": "
            + e.getClass().getSimpleName());
      }
    }
  }
}
