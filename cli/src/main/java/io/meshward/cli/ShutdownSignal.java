package io.meshward.cli;

import java.util.concurrent.CountDownLatch;

/** How {@code meshward up} learns that it is time to stop. */
@FunctionalInterface
interface ShutdownSignal {
  /**
   * Blocks until it is time to stop, then runs {@code stop} once (possibly on another thread) before the process
   * ends.
   */
  void awaitThen(Runnable stop) throws InterruptedException;

  /**
   * SIGINT and SIGTERM: the JVM runs shutdown hooks for both, and a hook is the only place where the control plane
   * can still be closed cleanly (store flushed, streams ended) before the process goes away.
   */
  static ShutdownSignal jvmShutdown() {
    return stop -> {
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          stop.run();
        } finally {
          stopped.countDown();
        }
      }, "meshward-shutdown"));
      stopped.await();
    };
  }
}
