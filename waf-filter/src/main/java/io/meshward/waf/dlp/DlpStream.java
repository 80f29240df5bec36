package io.meshward.waf.dlp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scans a body that arrives in chunks (ext_proc STREAMED) so that a value split across two chunks is still found,
 * and, when masking, is masked whole.
 *
 * <p>The tail held back: the last {@code hold} bytes of each round, where {@code hold} is the longest match any sensor
 * of the location can report ({@link DlpEngine#longestMatch}). That is the least that works: a value that continues
 * into the next chunk starts within its own length of the end, so only the last {@code hold} bytes can begin one
 * (the one byte of slack lets a trailing {@code \b} see the byte after a match). A match that starts before the cut
 * but reaches into the tail is held from its start, so the tail never exceeds twice {@code hold}. At the end of the
 * body everything held is released.
 *
 * <p>Memory is bounded by the chunk plus the tail: matches are counted per sensor, never collected, so a 100 MB
 * body full of card numbers costs no more than a clean one. One instance per body; not thread-safe.
 */
public final class DlpStream {
  private final DlpEngine engine;
  private final DlpLocation location;
  private final boolean mask;
  private final DlpMasking.JsonLayout.State json;
  private final int hold;
  private final Map<DlpSensor, Integer> counts = new LinkedHashMap<>();
  private final Map<DlpSensor, String> firstSamples = new LinkedHashMap<>();
  private String held = "";
  private long released;
  private int mostHeld;

  /**
   * @param mask whether released bytes are masked: the matches of sensors whose action is {@link DlpAction#MASK}
   *     (else they are released as they came)
   * @param json whether the body is a JSON document (masking then keeps it valid)
   */
  public DlpStream(DlpEngine engine, DlpLocation location, boolean mask, boolean json) {
    this.engine = engine;
    this.location = location;
    this.mask = mask;
    this.json = json ? new DlpMasking.JsonLayout.State() : null;
    this.hold = engine.longestMatch(location);
  }

  /**
   * What to send on for a chunk, and how many matches it settled.
   *
   * @param release the bytes that can go on now (one char per byte), masked when asked
   * @param newMatches matches found whole for the first time in this round
   */
  public record Step(String release, int newMatches) {}

  /**
   * Takes the next chunk (one char per byte); returns the bytes that can go on now (masked when asked) and the
   * matches found for the first time. With {@code last}, everything is released.
   */
  public Step next(String chunk, boolean last) {
    String text = held + chunk;
    DlpScan scan = engine.scan(location, text);
    int cut = last ? text.length() : Math.max(0, text.length() - hold);
    // Matches that reach into the held tail are left for the next round, when they can be seen whole.
    int releaseEnd = cut;
    for (DlpMatch match : scan.matches()) {
      if (!last && match.end() > cut) {
        releaseEnd = Math.min(releaseEnd, match.start());
      }
    }
    List<DlpMatch> settled = new ArrayList<>();
    List<DlpMatch> masked = new ArrayList<>();
    for (DlpMatch match : scan.matches()) {
      if (match.end() <= releaseEnd) {
        settled.add(match);
        if (match.sensor().action() == DlpAction.MASK) {
          masked.add(match);
        }
      }
    }
    String release = text.substring(0, releaseEnd);
    for (DlpMatch match : settled) {
      counts.merge(match.sensor(), 1, Integer::sum);
      firstSamples.computeIfAbsent(match.sensor(),
          sensor -> sensor.mask().sample(text.subSequence(match.start(), match.end())));
    }
    if (mask) {
      release = DlpMasking.mask(release, masked, json);
    }
    held = text.substring(releaseEnd);
    mostHeld = Math.max(mostHeld, held.length());
    released += releaseEnd;
    return new Step(release, settled.size());
  }

  /**
   * Gives up scanning: returns the held tail as it came (unmasked) and holds nothing more. For a body that goes on
   * unread after a failure, so that the tail is not lost.
   */
  public String drain() {
    String tail = held;
    held = "";
    released += tail.length();
    return tail;
  }

  /** How many bytes are held back now (the unreleased tail). */
  public int heldBytes() {
    return held.length();
  }

  /** The most bytes ever held back at once: at most twice the longest match. */
  public int mostHeldBytes() {
    return mostHeld;
  }

  /** How many bytes of the body have been released so far. */
  public long releasedBytes() {
    return released;
  }

  /** The findings of the whole body so far: sensors whose matches reached their minimum count. */
  public List<DlpFinding> findings() {
    List<DlpFinding> findings = new ArrayList<>();
    counts.forEach((sensor, count) -> {
      if (count >= sensor.minMatches()) {
        findings.add(new DlpFinding(sensor.name(), location, count, firstSamples.get(sensor), sensor.action()));
      }
    });
    return findings;
  }
}
