package io.meshward.waf.dlp;

import io.meshward.waf.regex.PatternUnion;
import io.meshward.waf.regex.SafeRegex;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * The scanner as it was before the literal and alphabet anchors (commit 4bf1dad), kept in the tests only to compare
 * the findings of the two. Below, its original description.
 *
 * <p>Finds the validated matches of several patterns in a text with one pass of their union's automaton. Where the
 * automaton recognises that some pattern's match ends, each pattern's own regex looks at a short region around that
 * point (bounded by the pattern's longest match) and its validator judges what it finds; the pass then resumes after
 * it. The work is linear in the text: one table read per byte, plus bounded regions at candidates. Immutable and
 * thread-safe.
 */
final class LegacyPatternScanner {
  /** When the automaton cannot decide (a cold automaton with too much to build), how far the regexes look at once. */
  private static final int FALLBACK_REGION = 4096;

  record Compiled(PatternScanner.Compiled of) {
    DlpSensor sensor() {
      return of.sensor();
    }

    DlpSensor.Pattern spec() {
      return of.spec();
    }

    SafeRegex regex() {
      return of.regex();
    }

    int maxLength() {
      return of.maxLength();
    }

    io.meshward.waf.regex.PatternShape shape() {
      return of.shape();
    }

    /**
     * Whether this pattern's match can end where the automaton stopped: the byte before the stop, or the one before
     * that (the automaton recognises a match ending in an assertion on the following byte one byte late).
     */
    boolean canEndNear(String text, int stop) {
      return stop >= 1 && shape().canEndWith(text.charAt(stop - 1))
          || stop >= 2 && shape().canEndWith(text.charAt(stop - 2));
    }
  }

  /**
   * Patterns longer than this get an automaton pass of their own: in the shared pass, a shorter match inside one of
   * them (a high-entropy run inside a PEM block) would make the pass resume past its start.
   */
  static final int SHARED_PASS_MAX_LENGTH = 256;

  /** One automaton pass: the union of some patterns. */
  private record Lane(PatternUnion union, List<Compiled> patterns, boolean single) {}

  private final List<Compiled> patterns;
  private final List<Lane> lanes;

  /** @throws IllegalArgumentException when a union is too large for an automaton */
  LegacyPatternScanner(List<Compiled> patterns) {
    this.patterns = List.copyOf(patterns);
    List<Lane> lanes = new ArrayList<>();
    List<Compiled> shared = patterns.stream().filter(p -> p.maxLength() <= SHARED_PASS_MAX_LENGTH).toList();
    if (!shared.isEmpty()) {
      lanes.add(lane(shared));
    }
    for (Compiled pattern : patterns) {
      if (pattern.maxLength() > SHARED_PASS_MAX_LENGTH) {
        lanes.add(lane(List.of(pattern)));
      }
    }
    this.lanes = List.copyOf(lanes);
  }

  private static Lane lane(List<Compiled> patterns) {
    PatternUnion union = PatternUnion.forSearching(patterns.stream().map(Compiled::regex).toList());
    if (union == null) {
      throw new IllegalArgumentException("too large together for one automaton");
    }
    return new Lane(union, patterns, patterns.size() == 1);
  }

  int longestMatch() {
    return patterns.stream().mapToInt(Compiled::maxLength).max().orElse(0);
  }

  boolean isEmpty() {
    return patterns.isEmpty();
  }

  /** Every validated match in {@code text} (one char per byte), by start. */
  List<DlpMatch> scan(String text) {
    List<DlpMatch> matches = new ArrayList<>();
    // One byte copy for all passes: the automaton reads bytes without String's per-char checks. The text holds one
    // char per byte; were a char above 0xFF there, its byte would only make the prefilter see '?' (no byte pattern
    // can match such a char anyway), and the regexes read the text itself.
    byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    for (Lane lane : lanes) {
      scan(lane, text, bytes, matches);
    }
    if (lanes.size() > 1) {
      matches.sort(java.util.Comparator.comparingInt(DlpMatch::start));
    }
    return matches;
  }

  private static void scan(Lane lane, String text, byte[] bytes, List<DlpMatch> matches) {
    int n = text.length();
    int from = 0;
    int reportedUpTo = 0;
    while (from < n) {
      int stop = lane.union().firstEnd(bytes, from);
      if (stop == -1) {
        break;
      }
      int regionStart;
      int regionEnd;
      int resume;
      if (stop < 0) {
        regionStart = from;
        regionEnd = Math.min(n, from + FALLBACK_REGION);
        resume = regionEnd;
      } else {
        regionStart = -1;
        regionEnd = stop;
        resume = Math.max(stop, from + 1);
      }
      int before = matches.size();
      for (Compiled pattern : lane.patterns()) {
        if (stop >= 0 && !pattern.canEndNear(text, stop)) {
          continue;
        }
        int start = regionStart >= 0 ? regionStart : Math.max(from, stop - pattern.maxLength() - 1);
        int end = regionStart >= 0 ? regionEnd : Math.min(n, stop + pattern.maxLength());
        int after = find(pattern, text, start, end, Math.max(reportedUpTo, from), stop, matches);
        if (lane.single() || stop < 0) {
          // One pattern: its next match starts after this one. (The shared pass resumes at the stop, so as not
          // to step over the start of another pattern's longer match.)
          resume = Math.max(resume, after);
        }
      }
      for (int i = before; i < matches.size(); i++) {
        reportedUpTo = Math.max(reportedUpTo, matches.get(i).end());
      }
      from = resume;
    }
  }

  /**
   * Looks for {@code pattern} in [start, end): records validated matches that start at or after {@code notBefore}
   * and reach the automaton's stop point (or, without one, anywhere in the region); returns where the pass may
   * resume (after the last recorded match), or {@code start}.
   */
  private static int find(Compiled pattern, String text, int start, int end, int notBefore, int stop,
                          List<DlpMatch> matches) {
    if (end - start <= 0) {
      return start;
    }
    Matcher matcher = pattern.regex().unbudgetedMatcher(text);
    matcher.region(start, end);
    matcher.useTransparentBounds(true);
    matcher.useAnchoringBounds(false);
    int resume = start;
    while (matcher.find()) {
      int matchStart = matcher.start();
      int matchEnd = matcher.end();
      if (matchEnd == matchStart) {
        if (matchEnd >= end) {
          break;
        }
        continue;
      }
      // Only the match the automaton stopped for: later ones have stops of their own.
      boolean relevant = stop < 0 || matchStart < stop && matchEnd >= stop - 1;
      if (matchStart >= notBefore && relevant && matchEnd - matchStart <= pattern.maxLength()
          && pattern.spec().validator().valid(text.subSequence(matchStart, matchEnd))) {
        matches.add(new DlpMatch(pattern.sensor(), pattern.spec().name(), matchStart, matchEnd));
        resume = Math.max(resume, matchEnd);
      }
    }
    return resume;
  }
}
