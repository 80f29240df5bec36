package io.meshward.waf.service.inspect;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
  private static final long NOT_ARMED = Long.MAX_VALUE;

  private final Semaphore admitted;
  private final AtomicInteger waiting = new AtomicInteger();
  private final ExecutorService workers;
  private final ScheduledThreadPoolExecutor timer;
  private final Set<Pending<?>> inFlight = ConcurrentHashMap.newKeySet();
  /** The deadline the next sweep is scheduled for, or {@link #NOT_ARMED}. */
  private final AtomicLong armedFor = new AtomicLong(NOT_ARMED);
  private final int limit;

  public InspectionPool(InspectionLimits limits) {
    this.limit = limits.running() + limits.waiting();
    this.admitted = new Semaphore(limit);
    // The admission semaphore bounds the queue: it never holds more than limits.waiting() tasks.
    this.workers = new ThreadPoolExecutor(limits.running(), limits.running(), 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), daemonThreads("waf-inspect-"));
    ((ThreadPoolExecutor) workers).allowCoreThreadTimeOut(true);
    this.timer = new ScheduledThreadPoolExecutor(1, daemonThreads("waf-inspect-timer-"));
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
    Pending<T> pending = new Pending<>(System.nanoTime() + budget.toNanos(), onTimeout);
    watch(pending);
    waiting.incrementAndGet();
    try {
      workers.execute(() -> {
        waiting.decrementAndGet();
        T verdict = null;
        Throwable failure = null;
        boolean inspected = false;
        try {
          if (!pending.answer.isDone()) { // else answered at its budget while it waited: no one wants the verdict
            verdict = work.get();
            inspected = true;
          }
        } catch (Throwable t) {
          failure = t;
        } finally {
          inFlight.remove(pending);
          admitted.release();
        }
        // Answered only now that the place is free: a caller that sends its next request on the answer finds it so.
        if (failure != null) {
          pending.answer.completeExceptionally(failure);
        } else if (inspected) {
          pending.answer.complete(verdict);
        }
      });
    } catch (RejectedExecutionException e) {
      inFlight.remove(pending);
      waiting.decrementAndGet();
      admitted.release();
      return CompletableFuture.completedFuture(onOverload.get());
    }
    return pending.answer;
  }

  /** An inspection's answer, until it is given: by the work, or at the deadline by the timeout answer. */
  private static final class Pending<T> {
    final long deadline;
    final Supplier<T> onTimeout;
    final CompletableFuture<T> answer = new CompletableFuture<>();

    Pending(long deadline, Supplier<T> onTimeout) {
      this.deadline = deadline;
      this.onTimeout = onTimeout;
    }

    void timeOut() {
      if (!answer.isDone()) {
        answer.complete(onTimeout.get());
      }
    }
  }

  // One timer for every inspection, not one per inspection: a timer per request, cancelled when the request ends
  // (nearly always long before its budget), woke the timer thread about once per request, 1,200-1,300 times a second
  // at 2,000 requests per second on a machine whose two cores the inspections need. The sweep is armed for the
  // earliest deadline in flight; with one budget for all, a request arriving later never needs an earlier sweep,
  // so the timer wakes about once per budget.

  private void watch(Pending<?> pending) {
    inFlight.add(pending);
    armNoLaterThan(pending.deadline);
  }

  private void armNoLaterThan(long deadline) {
    long armed;
    do {
      armed = armedFor.get();
      // nanoTime values may be negative: deadlines compare by difference, and NOT_ARMED by identity.
      if (armed != NOT_ARMED && armed - deadline <= 0) {
        return; // a sweep comes in time: it answers this deadline or re-arms for it
      }
    } while (!armedFor.compareAndSet(armed, deadline));
    try {
      timer.schedule(this::sweep, deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // Closed: nothing is swept any more, and the workers are shutting down too.
    }
  }

  private void sweep() {
    // Reset first: a request that comes during the sweep and is not seen by it arms a sweep of its own.
    armedFor.set(NOT_ARMED);
    long now = System.nanoTime();
    long next = NOT_ARMED;
    for (Pending<?> pending : inFlight) {
      if (pending.answer.isDone()) {
        inFlight.remove(pending);
      } else if (pending.deadline - now <= 0) {
        inFlight.remove(pending);
        pending.timeOut();
      } else if (next == NOT_ARMED || pending.deadline - next < 0) {
        next = pending.deadline;
      }
    }
    if (next != NOT_ARMED) {
      armNoLaterThan(next);
    }
  }

  /** Inspections running now (a moment's reading: the two counts are not read together). */
  public int busy() {
    return Math.max(0, limit - admitted.availablePermits() - waiting.get());
  }

  /** Inspections waiting for a running one to end. */
  public int waiting() {
    return waiting.get();
  }

  /** Inspections whose answer the timer still watches for: given neither by their work nor at their budget. */
  int watched() {
    return inFlight.size();
  }

  /** Sweeps scheduled on the timer and not yet run. */
  int scheduledSweeps() {
    return timer.getQueue().size();
  }

  @Override
  public void close() {
    timer.shutdownNow();
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

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
