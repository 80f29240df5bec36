package io.meshward.waf.service.route;

/**
 * What a route that does not say (or says something unknown) gets. An unknown profile always falls back to the
 * {@code default} profile; these two choices are the operator's.
 *
 * @param modeWhenAbsent the mode of a route without {@code meshward.mode} (not configured by meshward)
 * @param modeWhenUnknown the mode of a route whose {@code meshward.mode} is not LEARN, MONITOR or ENFORCE: ENFORCE
 *     fails closed (the strictest reading of a typo), MONITOR fails open
 */
public record ContextPolicy(Mode modeWhenAbsent, Mode modeWhenUnknown) {
  public static ContextPolicy defaults() {
    return new ContextPolicy(Mode.MONITOR, Mode.ENFORCE);
  }
}
