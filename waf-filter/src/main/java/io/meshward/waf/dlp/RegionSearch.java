package io.meshward.waf.dlp;

import io.meshward.waf.regex.PatternUnion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;

/**
 * One pattern's matches in one region of a text that holds every match it can have there (a run of its alphabet, a
 * window around a required literal, or the whole text): exactly the matches that {@code Matcher.find()}, repeated
 * from the start of the whole text, would find in the region; those within the pattern's maximum length and
 * accepted by its validator are recorded.
 *
 * <p>The pattern's own automaton bounds the regex work: it reads the region's bytes once and reports where the first
 * possible match ends ({@code end}). No match that starts at or after the current position can start before
 * {@code end - reach - 1} (it would end before {@code end}), and the leftmost match starting at or before {@code end}
 * ends within {@code reach} of it; so the regex looks at [{@code end - reach - 1}, {@code end + reach + 1}) only. A
 * match it finds there that starts at or before {@code end} is exactly the one a search of the whole text would find
 * (the region's end cuts nothing it could take); finding none, or one further on, means that no match starts at or
 * before {@code end}, and the search moves past it. The automaton starts one byte before the current position, so
 * that assertions on the byte before a match see it.
 *
 * <p>One instance per scan (it holds the scan's matchers and findings); not thread-safe.
 */
final class RegionSearch {
  /** A recorded match: where, and which pattern (index into the scanner's list, for ordering). */
  record Found(int start, int end, int pattern) {}

  private final String text;
  private final byte[] bytes;
  private final List<PatternScanner.Compiled> patterns;
  private final Matcher[] matchers;
  private final List<Found> found = new ArrayList<>();

  RegionSearch(String text, byte[] bytes, List<PatternScanner.Compiled> patterns) {
    this.text = text;
    this.bytes = bytes;
    this.patterns = patterns;
    this.matchers = new Matcher[patterns.size()];
  }

  /** Searches pattern {@code p} in [start, end). */
  void search(int p, int start, int end) {
    if (start == 0 && end == bytes.length) {
      search(p, start, end, bytes, 0);
      return;
    }
    // The automaton reads a copy of the region (and one byte either side): it would otherwise run on to the end of
    // the text looking for a match beyond the region.
    int copyStart = Math.max(0, start - 1);
    search(p, start, end, Arrays.copyOfRange(bytes, copyStart, Math.min(bytes.length, end + 1)), copyStart);
  }

  private void search(int p, int start, int end, byte[] copy, int copyStart) {
    PatternScanner.Compiled pattern = patterns.get(p);
    PatternUnion automaton = pattern.automaton();
    int reach = pattern.reach();
    Matcher matcher = matcher(p);
    int at = start;
    while (at < end) {
      int stop = automaton.firstEnd(copy, Math.max(copyStart, at - 1) - copyStart);
      if (stop == -1) {
        return;
      }
      // -2: the automaton could not decide within its bounds; the regex then looks at the rest of the region.
      int possibleEnd = stop < 0 ? -1 : stop + copyStart;
      int from = possibleEnd < 0 ? at : Math.max(at, possibleEnd - reach - 1);
      int to = possibleEnd < 0 ? end : Math.min(end, possibleEnd + reach + 1);
      matcher.region(from, to);
      if (matcher.find() && (possibleEnd < 0 || matcher.start() <= possibleEnd)) {
        int matchStart = matcher.start();
        int matchEnd = matcher.end();
        if (matchEnd > matchStart && matchEnd - matchStart <= pattern.maxLength()
            && pattern.spec().validator().valid(text.subSequence(matchStart, matchEnd))) {
          found.add(new Found(matchStart, matchEnd, p));
        }
        at = Math.max(matchEnd, matchStart + 1);
      } else if (possibleEnd < 0) {
        return;
      } else {
        at = Math.max(at + 1, possibleEnd + 1);
      }
    }
  }

  private Matcher matcher(int p) {
    Matcher matcher = matchers[p];
    if (matcher == null) {
      matcher = patterns.get(p).regex().unbudgetedMatcher(text);
      matcher.useTransparentBounds(true);
      matcher.useAnchoringBounds(false);
      matchers[p] = matcher;
    }
    return matcher;
  }

  /** The recorded matches, by start (then by pattern, in the scanner's order). */
  List<DlpMatch> matches() {
    found.sort((a, b) -> a.start() != b.start() ? Integer.compare(a.start(), b.start())
        : Integer.compare(a.pattern(), b.pattern()));
    List<DlpMatch> matches = new ArrayList<>(found.size());
    for (Found f : found) {
      PatternScanner.Compiled pattern = patterns.get(f.pattern());
      matches.add(new DlpMatch(pattern.sensor(), pattern.spec().name(), f.start(), f.end()));
    }
    return matches;
  }
}
