package io.meshward.waf.service.inspect;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Where inspections run: at most {@code running} at once, at most {@code waiting} more waiting for one of them,
 * each answered within its time budget, which runs from the submission. Past both limits a request is not queued
 * (a longer queue only turns overload into latency for everyone): it gets the overload answer at once, which the
 * service turns into the profile's fail policy. A request that waited out its budget gets the timeout answer and is
 * never inspected. A running inspection holds its thread until the engine work really ends, even when its caller
 * was already answered at the timeout: work that overruns keeps counting, which is the back-pressure.
 */
public final class InspectionPool implements AutoCloseable {
  private final Semaphore admitted;
  private final AtomicInteger waiting = new AtomicInteger();
  private final ExecutorService workers;
  private final int limit;

  public InspectionPool(InspectionLimits limits) {
    this.limit = limits.running() + limits.waiting();
    this.admitted = new Semaphore(limit);
    // The admission semaphore bounds the queue: it never holds more than limits.waiting() tasks.
    this.workers = new ThreadPoolExecutor(limits.running(), limits.running(), 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), daemonThreads());
    ((ThreadPoolExecutor) workers).allowCoreThreadTimeOut(true);
  }

  /**
   * Runs {@code work} on an inspection thread.
   *
   * @param onTimeout the answer when {@code budget} passes first
   * @param onOverload the answer when the running and the waiting inspections are both at their limits
   * @return completes with the work's result or one of the other two; exceptionally when the work threw
   */
  public <T> CompletableFuture<T> submit(Supplier<T> work, Duration budget, Supplier<T> onTimeout,
                                         Supplier<T> onOverload) {
    if (!admitted.tryAcquire()) {
      return CompletableFuture.completedFuture(onOverload.get());
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    waiting.incrementAndGet();
    try {
      workers.execute(() -> {
        waiting.decrementAndGet();
        try {
          if (!result.isDone()) { // else answered at its budget while it waited: no one wants the verdict
            result.complete(work.get());
          }
        } catch (Throwable t) {
          result.completeExceptionally(t);
        } finally {
          admitted.release();
        }
      });
    } catch (RejectedExecutionException e) {
      waiting.decrementAndGet();
      admitted.release();
      return CompletableFuture.completedFuture(onOverload.get());
    }
    return result.orTimeout(budget.toNanos(), TimeUnit.NANOSECONDS)
        .handle((value, error) -> {
          if (error == null) {
            return CompletableFuture.completedFuture(value);
          }
          Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
          return cause instanceof TimeoutException
              ? CompletableFuture.completedFuture(onTimeout.get())
              : CompletableFuture.<T>failedFuture(cause);
        })
        .thenCompose(f -> f);
  }

  /** Inspections running now (a moment's reading: the two counts are not read together). */
  public int busy() {
    return Math.max(0, limit - admitted.availablePermits() - waiting.get());
  }

  /** Inspections waiting for a running one to end. */
  public int waiting() {
    return waiting.get();
  }

  @Override
  public void close() {
    workers.shutdown();
    try {
      if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "waf-inspect-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
