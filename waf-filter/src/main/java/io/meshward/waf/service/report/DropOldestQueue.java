package io.meshward.waf.service.report;

import io.micrometer.core.instrument.Counter;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A bounded queue that never makes a producer wait: when it is full, the oldest element goes and the drop is
 * counted. Oldest first, because the newest reports matter most (quarantine acts on recent attacks).
 */
public final class DropOldestQueue<T> {
  private final BlockingQueue<T> queue;
  private final Counter dropped;

  public DropOldestQueue(int capacity, Counter dropped) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.dropped = dropped;
  }

  public void add(T element) {
    while (!queue.offer(element)) {
      if (queue.poll() != null) {
        dropped.increment();
      }
    }
  }

  /** Moves up to {@code max} elements into {@code into}; returns how many. */
  public int drainTo(List<T> into, int max) {
    return queue.drainTo(into, max);
  }

  /** The oldest element, waiting at most {@code millis} for one; null when none came. */
  public T poll(long millis) throws InterruptedException {
    return queue.poll(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  public int size() {
    return queue.size();
  }

  public boolean isEmpty() {
    return queue.isEmpty();
  }
}
