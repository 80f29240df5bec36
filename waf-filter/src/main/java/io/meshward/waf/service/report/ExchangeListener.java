package io.meshward.waf.service.report;

/**
 * Told about every checked exchange, on the thread that answers it: an implementation must return at once (hand
 * the work to a queue of its own) and never throw.
 */
@FunctionalInterface
public interface ExchangeListener {
  void checked(CheckedExchange exchange);
}
