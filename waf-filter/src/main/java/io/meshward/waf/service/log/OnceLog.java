package io.meshward.waf.service.log;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each distinct problem once: a proxy that sends the same malformed input a million times must not write a
 * million log lines, and an operator still learns that (and why) it happens. Reasons are short texts chosen by our
 * code (a profile name at most), never request data. The set of reasons seen is bounded; past the bound, one line
 * says that further reasons go unlogged.
 */
public final class OnceLog {
  private static final Logger log = LoggerFactory.getLogger("io.meshward.waf.service");
  private static final int MAX_REASONS = 1024;
  private static final int MAX_REASON_CHARS = 200;

  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean full = new AtomicBoolean();

  /** Logs {@code reason} at WARN unless it was logged before; returns whether it was logged now. */
  public boolean warn(String reason) {
    String text = printable(reason);
    if (seen.size() >= MAX_REASONS) {
      if (full.compareAndSet(false, true)) {
        log.warn("more than {} distinct problems seen; further ones are not logged", MAX_REASONS);
      }
      return false;
    }
    if (seen.add(text)) {
      log.warn("{} (logged once)", text);
      return true;
    }
    return false;
  }

  public boolean seen(String reason) {
    return seen.contains(printable(reason));
  }

  private static String printable(String reason) {
    StringBuilder out = new StringBuilder(Math.min(reason.length(), MAX_REASON_CHARS));
    for (int i = 0; i < reason.length() && out.length() < MAX_REASON_CHARS; i++) {
      char c = reason.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return out.toString();
  }
}
