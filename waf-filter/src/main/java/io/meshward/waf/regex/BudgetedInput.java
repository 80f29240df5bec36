package io.meshward.waf.regex;

/**
 * The input as java.util.regex sees it: counts character reads and aborts the match, by throwing
 * {@link BudgetExceeded}, once the budget is spent or the time is up. One instance per thread and pattern, reused.
 */
final class BudgetedInput implements CharSequence {
  /** Reads between two looks at the clock. */
  private static final int CHECKPOINT = 4096;

  private String text = "";
  private int untilCheckpoint;
  private long stepsLeft;
  private long maxNanos;
  private long startNanos;

  /** Thrown through the matcher when the budget is spent; carries no stack trace. */
  static final class BudgetExceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final BudgetExceeded INSTANCE = new BudgetExceeded();

    private BudgetExceeded() {
      super("regex step budget exceeded", null, false, false);
    }
  }

  void reset(String text, long steps, long maxNanos) {
    this.text = text;
    this.stepsLeft = steps;
    this.maxNanos = maxNanos;
    this.startNanos = 0;
    this.untilCheckpoint = (int) Math.min(CHECKPOINT, steps);
  }

  /** Drops the reference to the last input, so that a cached instance does not keep a large body alive. */
  void clear() {
    text = "";
  }

  @Override
  public char charAt(int index) {
    if (--untilCheckpoint < 0) {
      checkpoint();
    }
    return text.charAt(index);
  }

  private void checkpoint() {
    long spent = Math.min(CHECKPOINT, stepsLeft);
    stepsLeft -= spent;
    if (stepsLeft <= 0) {
      throw BudgetExceeded.INSTANCE;
    }
    long now = System.nanoTime();
    if (startNanos == 0) {
      startNanos = now; // the first CHECKPOINT reads are not timed: cheap evaluations never read the clock
    } else if (now - startNanos > maxNanos) {
      throw BudgetExceeded.INSTANCE;
    }
    untilCheckpoint = (int) Math.min(CHECKPOINT, stepsLeft) - 1;
  }

  @Override
  public int length() {
    return text.length();
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return text.subSequence(start, end);
  }

  @Override
  public String toString() {
    return text;
  }
}
