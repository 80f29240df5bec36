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
 * Where inspections run: at most {@code maxConcurrent} at once, each answered within its time budget. Over the
 * limit a request is not queued (a queue only turns overload into latency for everyone): it gets the overload
 * answer at once, which the service turns into the profile's fail policy. A slot is held until the engine work
 * really ends, even when its caller was already answered at the timeout: work that overruns keeps counting, which
 * is the back-pressure.
 */
public final class InspectionPool implements AutoCloseable {
  private final Semaphore slots;
  private final ExecutorService workers;
  private final int maxConcurrent;

  public InspectionPool(int maxConcurrent) {
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("the concurrency limit must be at least 1");
    }
    this.maxConcurrent = maxConcurrent;
    this.slots = new Semaphore(maxConcurrent);
    // As many threads as slots: a task only exists while it holds a slot, so the queue never grows.
    this.workers = new ThreadPoolExecutor(maxConcurrent, maxConcurrent, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), daemonThreads());
    ((ThreadPoolExecutor) workers).allowCoreThreadTimeOut(true);
  }

  /**
   * Runs {@code work} on an inspection thread.
   *
   * @param onTimeout the answer when {@code budget} passes first
   * @param onOverload the answer when no slot is free
   * @return completes with the work's result or one of the other two; exceptionally when the work threw
   */
  public <T> CompletableFuture<T> submit(Supplier<T> work, Duration budget, Supplier<T> onTimeout,
                                         Supplier<T> onOverload) {
    if (!slots.tryAcquire()) {
      return CompletableFuture.completedFuture(onOverload.get());
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      workers.execute(() -> {
        try {
          result.complete(work.get());
        } catch (Throwable t) {
          result.completeExceptionally(t);
        } finally {
          slots.release();
        }
      });
    } catch (RejectedExecutionException e) {
      slots.release();
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

  /** Slots in use now. */
  public int busy() {
    return maxConcurrent - slots.availablePermits();
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
