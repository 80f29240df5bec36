package io.meshward.waf.dlp;

import io.meshward.waf.regex.PatternUnion;
import io.meshward.waf.regex.SafeRegex;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * Finds the validated matches of several patterns in a text with one pass of their union's automaton. Where the
 * automaton recognises that some pattern's match ends, each pattern's own regex looks at a short region around that
 * point (bounded by the pattern's longest match) and its validator judges what it finds; the pass then resumes after
 * it. The work is linear in the text: one table read per byte, plus bounded regions at candidates. Immutable and
 * thread-safe.
 */
final class PatternScanner {
  /** When the automaton cannot decide (a cold automaton with too much to build), how far the regexes look at once. */
  private static final int FALLBACK_REGION = 4096;

  record Compiled(DlpSensor sensor, DlpSensor.Pattern spec, SafeRegex regex, int maxLength) {}

  private final List<Compiled> patterns;
  private final PatternUnion union;

  PatternScanner(List<Compiled> patterns, PatternUnion union) {
    this.patterns = List.copyOf(patterns);
    this.union = union;
  }

  boolean isEmpty() {
    return patterns.isEmpty();
  }

  /** Every validated match in {@code text} (one char per byte), in order of their ends' discovery. */
  List<DlpMatch> scan(String text) {
    List<DlpMatch> matches = new ArrayList<>();
    if (patterns.isEmpty()) {
      return matches;
    }
    int n = text.length();
    int from = 0;
    int reportedUpTo = 0;
    while (from < n) {
      int stop = union.firstEnd(text, from);
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
      for (Compiled pattern : patterns) {
        int start = regionStart >= 0 ? regionStart : Math.max(from, stop - pattern.maxLength() - 1);
        int end = regionStart >= 0 ? regionEnd : Math.min(n, stop + pattern.maxLength());
        resume = Math.max(resume, find(pattern, text, start, end, Math.max(reportedUpTo, from), stop, matches));
      }
      for (DlpMatch match : matches) {
        reportedUpTo = Math.max(reportedUpTo, match.end());
      }
      from = resume;
    }
    return matches;
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
      boolean relevant = stop < 0 || matchEnd >= stop - 1;
      if (matchStart >= notBefore && relevant && matchEnd - matchStart <= pattern.maxLength()
          && pattern.spec().validator().valid(text.subSequence(matchStart, matchEnd))) {
        matches.add(new DlpMatch(pattern.sensor(), pattern.spec().name(), matchStart, matchEnd));
        resume = Math.max(resume, matchEnd);
      }
    }
    return resume;
  }
}
