package io.meshward.waf.service.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The concurrency limit and the time budget of inspections. */
class InspectionPoolTest {
  @Test
  void overTheLimitTheOverloadAnswerComesAtOnceAndASlotFreesWhenTheWorkReallyEnds() throws Exception {
    try (InspectionPool pool = new InspectionPool(1)) {
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
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (pool.busy() > 0 && System.nanoTime() < until) {
        Thread.sleep(5);
      }
      assertThat(pool.submit(() -> "third", Duration.ofSeconds(5), () -> "timeout", () -> "overload")
          .get(10, TimeUnit.SECONDS)).isEqualTo("third");
    }
  }

  @Test
  void workThatThrowsCompletesExceptionallyAndFreesItsSlot() throws Exception {
    try (InspectionPool pool = new InspectionPool(1)) {
      CompletableFuture<String> failed = pool.submit(() -> {
        throw new IllegalStateException("engine bug");
      }, Duration.ofSeconds(5), () -> "timeout", () -> "overload");

      assertThat(failed).failsWithin(10, TimeUnit.SECONDS);
      assertThat(pool.submit(() -> "next", Duration.ofSeconds(5), () -> "timeout", () -> "overload")
          .get(10, TimeUnit.SECONDS)).isEqualTo("next");
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
