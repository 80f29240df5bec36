package io.meshward.waf.service.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The concurrency limit, the wait for a running inspection and the time budget of inspections. */
class InspectionPoolTest {
  @Test
  void overTheLimitTheOverloadAnswerComesAtOnceAndASlotFreesWhenTheWorkReallyEnds() throws Exception {
    try (InspectionPool pool = new InspectionPool(new InspectionLimits(1, 0))) {
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<String> busy = pool.submit(() -> {
        await(release);
        return "done";
      }, Duration.ofMillis(50), () -> "timeout", () -> "overload");

      // The first call's caller is answered at its budget, but its work still holds the slot.
      assertThat(busy.get(10, TimeUnit.SECONDS)).isEqualTo("timeout");
      assertThat(pool.submit(() -> "second", Duration.ofSeconds(5), () -> "timeout", () -> "overload").get())
          .isEqualTo("overload");
      assertThat(pool.busy()).isEqualTo(1);

      release.countDown();
      awaitIdle(pool);
      assertThat(pool.submit(() -> "third", Duration.ofSeconds(5), () -> "timeout", () -> "overload")
          .get(10, TimeUnit.SECONDS)).isEqualTo("third");
    }
  }

  @Test
  void workThatThrowsCompletesExceptionallyAndFreesItsSlot() throws Exception {
    try (InspectionPool pool = new InspectionPool(new InspectionLimits(1, 0))) {
      CompletableFuture<String> failed = pool.submit(() -> {
        throw new IllegalStateException("engine bug");
      }, Duration.ofSeconds(5), () -> "timeout", () -> "overload");

      assertThat(failed).failsWithin(10, TimeUnit.SECONDS);
      assertThat(pool.submit(() -> "next", Duration.ofSeconds(5), () -> "timeout", () -> "overload")
          .get(10, TimeUnit.SECONDS)).isEqualTo("next");
    }
  }

  @Test
  void aRequestOverTheRunningLimitWaitsAndIsInspectedWhenTheRunningOneEnds() throws Exception {
    try (InspectionPool pool = new InspectionPool(new InspectionLimits(1, 1))) {
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<String> first = occupyTheOnlyThread(pool, release);
      CompletableFuture<String> second = pool.submit(() -> "second", Duration.ofSeconds(30), () -> "timeout",
          () -> "overload");

      assertThat(second).isNotDone();
      assertThat(pool.waiting()).isEqualTo(1);
      release.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
      assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("second");
      assertThat(pool.waiting()).isZero();
    }
  }

  @Test
  void pastTheRunningAndTheWaitingLimitsTheOverloadAnswerComesAtOnce() throws Exception {
    try (InspectionPool pool = new InspectionPool(new InspectionLimits(1, 1))) {
      CountDownLatch release = new CountDownLatch(1);
      occupyTheOnlyThread(pool, release);
      pool.submit(() -> "second", Duration.ofSeconds(30), () -> "timeout", () -> "overload");

      CompletableFuture<String> third = pool.submit(() -> "third", Duration.ofSeconds(30), () -> "timeout",
          () -> "overload");
      assertThat(third).isCompletedWithValue("overload");
      release.countDown();
    }
  }

  @Test
  void aRequestThatWaitsOutItsBudgetGetsTheTimeoutAnswerAndIsNeverInspected() throws Exception {
    try (InspectionPool pool = new InspectionPool(new InspectionLimits(1, 1))) {
      CountDownLatch release = new CountDownLatch(1);
      occupyTheOnlyThread(pool, release);
      AtomicBoolean inspected = new AtomicBoolean();
      CompletableFuture<String> waited = pool.submit(() -> {
        inspected.set(true);
        return "second";
      }, Duration.ofMillis(50), () -> "timeout", () -> "overload");

      assertThat(waited.get(10, TimeUnit.SECONDS)).isEqualTo("timeout");
      release.countDown();
      awaitIdle(pool);
      assertThat(pool.waiting()).isZero();
      // The pool is free again, and the request that waited out its budget never reached the engine.
      assertThat(pool.submit(() -> "next", Duration.ofSeconds(5), () -> "timeout", () -> "overload")
          .get(10, TimeUnit.SECONDS)).isEqualTo("next");
      assertThat(inspected).isFalse();
    }
  }

  @Test
  void inspectionsThatEndInTimeShareOneTimerAndLeaveNothingBehind() throws Exception {
    try (InspectionPool pool = new InspectionPool(new InspectionLimits(2, 8))) {
      for (int i = 0; i < 1_000; i++) {
        String answer = pool.submit(() -> "inspected", Duration.ofMinutes(10), () -> "timeout", () -> "overload")
            .get(10, TimeUnit.SECONDS);
        assertThat(answer).isEqualTo("inspected");
      }
      awaitIdle(pool);

      // The first request armed the one sweep; the later ones' deadlines are later, so they armed none.
      assertThat(pool.watched()).isZero();
      assertThat(pool.scheduledSweeps()).isEqualTo(1);
    }
  }

  @Test
  void aShortBudgetAfterALongOneTimesOutAtItsOwnBudget() throws Exception {
    try (InspectionPool pool = new InspectionPool(new InspectionLimits(2, 0))) {
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<String> slow = pool.submit(() -> {
        await(release);
        return "slow";
      }, Duration.ofMinutes(10), () -> "timeout", () -> "overload");
      long start = System.nanoTime();
      CompletableFuture<String> stuck = pool.submit(() -> {
        await(release);
        return "stuck";
      }, Duration.ofMillis(100), () -> "timeout", () -> "overload");

      assertThat(stuck.get(10, TimeUnit.SECONDS)).isEqualTo("timeout");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
      assertThat(slow).isNotDone();
      release.countDown();
      assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo("slow");
    }
  }

  /**
   * Submits work that holds the pool's one thread until {@code release}, and returns once it runs (before, it
   * counts as waiting).
   */
  private static CompletableFuture<String> occupyTheOnlyThread(InspectionPool pool, CountDownLatch release)
      throws InterruptedException {
    CompletableFuture<String> running = pool.submit(() -> {
      await(release);
      return "first";
    }, Duration.ofSeconds(30), () -> "timeout", () -> "overload");
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (pool.busy() < 1 && System.nanoTime() < until) {
      Thread.sleep(1);
    }
    assertThat(pool.busy()).isEqualTo(1);
    return running;
  }

  /** Until nothing runs or waits (work that ended frees its place a moment after its caller is answered). */
  private static void awaitIdle(InspectionPool pool) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while ((pool.busy() > 0 || pool.waiting() > 0) && System.nanoTime() < until) {
      Thread.sleep(5);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
