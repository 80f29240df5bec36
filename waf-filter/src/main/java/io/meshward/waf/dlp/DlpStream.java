package io.meshward.waf.dlp;

import java.util.ArrayList;
import java.util.List;

/**
 * Scans a body that arrives in chunks (ext_proc STREAMED) so that a value split across two chunks is still found,
 * and, when masking, is masked whole: the last bytes of each chunk (as many as the longest possible match) are held
 * back and scanned again with the next chunk, and only the bytes before them are released. At the end of the body
 * everything held is released. Memory is bounded by the chunk plus the held bytes. One instance per body; not
 * thread-safe.
 */
public final class DlpStream {
  private final DlpEngine engine;
  private final DlpLocation location;
  private final boolean mask;
  private final DlpMasking.JsonLayout.State json;
  private final int hold;
  private final List<DlpMatch> allMatches = new ArrayList<>();
  private final java.util.Map<DlpSensor, String> firstSamples = new java.util.LinkedHashMap<>();
  private String held = "";
  private long released;

  /**
   * @param mask whether released bytes are masked (else they are released as they came)
   * @param json whether the body is a JSON document (masking then keeps it valid)
   */
  public DlpStream(DlpEngine engine, DlpLocation location, boolean mask, boolean json) {
    this.engine = engine;
    this.location = location;
    this.mask = mask;
    this.json = json ? new DlpMasking.JsonLayout.State() : null;
    this.hold = engine.longestMatch(location);
  }

  /** What to send on for a chunk, and what it found. */
  public record Step(String release, List<DlpMatch> newMatches) {}

  /**
   * Takes the next chunk (one char per byte); returns the bytes that can go on now (masked when asked) and the
   * matches found for the first time. With {@code last}, everything is released.
   */
  public Step next(String chunk, boolean last) {
    String text = held + chunk;
    DlpScan scan = engine.scan(location, text);
    int cut = last ? text.length() : Math.max(0, text.length() - hold);
    // Matches that reach into the held tail are left for the next round, when they can be seen whole.
    List<DlpMatch> settled = new ArrayList<>();
    int releaseEnd = cut;
    for (DlpMatch match : scan.matches()) {
      if (!last && match.end() > cut) {
        releaseEnd = Math.min(releaseEnd, match.start());
      }
    }
    for (DlpMatch match : scan.matches()) {
      if (match.end() <= releaseEnd) {
        settled.add(match);
      }
    }
    String release = text.substring(0, releaseEnd);
    for (DlpMatch match : settled) {
      firstSamples.computeIfAbsent(match.sensor(),
          sensor -> sensor.mask().sample(text.subSequence(match.start(), match.end())));
    }
    if (mask) {
      release = DlpMasking.mask(release, settled, json);
    }
    List<DlpMatch> absolute = new ArrayList<>(settled.size());
    for (DlpMatch match : settled) {
      absolute.add(new DlpMatch(match.sensor(), match.pattern(), (int) (released + match.start()),
          (int) (released + match.end())));
    }
    allMatches.addAll(absolute);
    held = text.substring(releaseEnd);
    released += releaseEnd;
    return new Step(release, absolute);
  }

  /** Every match so far, with offsets in the whole body. */
  public List<DlpMatch> matches() {
    return List.copyOf(allMatches);
  }

  /** The findings of the whole body so far: sensors whose matches reached their minimum count. */
  public List<DlpFinding> findings() {
    java.util.Map<DlpSensor, Integer> counts = new java.util.LinkedHashMap<>();
    for (DlpMatch match : allMatches) {
      counts.merge(match.sensor(), 1, Integer::sum);
    }
    List<DlpFinding> findings = new ArrayList<>();
    counts.forEach((sensor, count) -> {
      if (count >= sensor.minMatches()) {
        findings.add(new DlpFinding(sensor.name(), location, count, firstSamples.get(sensor), sensor.action()));
      }
    });
    return findings;
  }
}
