package io.meshward.waf.service.audit;

import io.meshward.waf.service.metrics.WafMetrics;
import io.meshward.waf.service.report.CheckedExchange;
import io.meshward.waf.service.report.DropOldestQueue;
import io.meshward.waf.service.report.ExchangeListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON audit log of detections: one line per exchange that is a security event (see
 * {@link CheckedExchange#securityRelevant()}), written by a thread of its own. The request path renders nothing
 * and waits for no disk: it queues the exchange (at most {@link #QUEUE} of them; beyond, the oldest are dropped
 * and counted as {@code meshward_waf_reports_dropped_total{kind="audit"}}).
 */
public final class DetectionAuditLog implements ExchangeListener, AutoCloseable {
  public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;
  static final int QUEUE = 10_000;
  private static final Logger log = LoggerFactory.getLogger(DetectionAuditLog.class);

  private final Path path;
  private final RotatingFile file;
  private final AuditLine lines = new AuditLine();
  private final DropOldestQueue<CheckedExchange> queue;
  private final WafMetrics metrics;
  private final Thread writer;
  private volatile boolean closing;

  /**
   * @throws UncheckedIOException when the file cannot be opened (at startup, where it can still be fixed)
   */
  public DetectionAuditLog(Path path, long maxBytes, WafMetrics metrics) {
    this.path = path;
    this.metrics = metrics;
    this.queue = new DropOldestQueue<>(QUEUE, metrics.dropped("audit"));
    try {
      this.file = new RotatingFile(path, maxBytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the audit log " + path + ": " + e.getMessage(), e);
    }
    this.writer = new Thread(this::run, "meshward-audit-log");
    writer.setDaemon(true);
    writer.start();
  }

  public Path path() {
    return path;
  }

  @Override
  public void checked(CheckedExchange exchange) {
    if (!closing && exchange.securityRelevant()) {
      queue.add(exchange);
      metrics.queued("audit").increment();
    }
  }

  private void run() {
    boolean failing = false;
    while (!closing || !queue.isEmpty()) {
      try {
        CheckedExchange exchange = queue.poll(100);
        if (exchange == null) {
          continue;
        }
        do {
          file.writeLine(lines.of(exchange));
          metrics.sent("audit").increment();
          exchange = queue.poll(0);
        } while (exchange != null);
        file.flush();
        failing = false;
      } catch (IOException e) {
        metrics.dropped("audit").increment();
        if (!failing) {
          failing = true;
          log.warn("cannot write the audit log {}: {}", path, e.getMessage());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Writes what is queued, then closes the file. */
  @Override
  public void close() {
    closing = true;
    try {
      writer.join(5000);
      file.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      log.warn("cannot close the audit log {}: {}", path, e.getMessage());
    }
  }
}
