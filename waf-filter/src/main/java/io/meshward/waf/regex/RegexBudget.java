package io.meshward.waf.regex;

import java.time.Duration;

/**
 * How much work java.util.regex may do on one evaluation before {@link SafeRegex} gives up on it and asks RE2/J.
 *
 * <p>Work is counted in character reads ({@code CharSequence.charAt}), which every step of a backtracking matcher
 * makes: an evaluation may read {@code min(maxSteps, baseSteps + stepsPerChar * length)} characters, and is also cut
 * off after {@code maxTime} (checked every few thousand reads), because the cost of one read varies from about 5 to
 * 80 ns with the pattern's structure. Exceeding the budget never changes an answer (RE2/J gives the definitive one);
 * it only costs the time spent before giving up.
 *
 * @param baseSteps reads allowed whatever the length
 * @param stepsPerChar further reads allowed per input character
 * @param maxSteps reads allowed at most
 * @param maxTime time allowed at most
 */
public record RegexBudget(long baseSteps, long stepsPerChar, long maxSteps, Duration maxTime) {

  /**
   * The default. Over the CRS v4 regression payloads, 99.99% of evaluations read fewer than 400 characters per input
   * character; the ones above are the catastrophic-backtracking cases RE2/J decides faster.
   */
  public static final RegexBudget DEFAULT = new RegexBudget(100_000, 100, 4_000_000, Duration.ofMillis(25));

  public RegexBudget {
    if (baseSteps < 0 || stepsPerChar < 0 || maxSteps < 0 || maxTime.isNegative()) {
      throw new IllegalArgumentException("negative budget");
    }
  }

  long stepsFor(int length) {
    long steps = baseSteps + stepsPerChar * length;
    return Math.min(maxSteps, steps < 0 ? Long.MAX_VALUE : steps);
  }
}
