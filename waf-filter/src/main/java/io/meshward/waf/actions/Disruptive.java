package io.meshward.waf.actions;

/**
 * What a rule does to the transaction when it (and its chain) matches.
 *
 * @param kind the disruptive action
 * @param status the HTTP status for deny (from {@code status:}), 0 when unset
 * @param redirectUrl the target of {@code redirect:}, or null
 */
public record Disruptive(Kind kind, int status, String redirectUrl) {
  public enum Kind {
    /** Continue with the next rule. */
    PASS,
    /** Stop and refuse the request with {@link #status()} (403 by default). */
    DENY,
    /** Close the connection. */
    DROP,
    /** Stop evaluating rules for the whole transaction. */
    ALLOW,
    /** Stop evaluating the rules of the current phase. */
    ALLOW_PHASE,
    /** Stop evaluating the rules of the request phases. */
    ALLOW_REQUEST,
    /** Answer with a redirect to {@link #redirectUrl()}. */
    REDIRECT
  }

  public static final Disruptive PASS = new Disruptive(Kind.PASS, 0, null);

  public boolean interrupts() {
    return kind == Kind.DENY || kind == Kind.DROP || kind == Kind.REDIRECT;
  }

  public String actionName() {
    return switch (kind) {
      case PASS -> "pass";
      case DENY -> "deny";
      case DROP -> "drop";
      case ALLOW, ALLOW_PHASE, ALLOW_REQUEST -> "allow";
      case REDIRECT -> "redirect";
    };
  }
}
