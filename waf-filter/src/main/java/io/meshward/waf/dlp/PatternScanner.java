package io.meshward.waf.dlp;

import io.meshward.waf.regex.PatternAnchors;
import io.meshward.waf.regex.PatternShape;
import io.meshward.waf.regex.PatternUnion;
import io.meshward.waf.regex.SafeRegex;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds the validated matches of several patterns in a text, looking only where a match can be. Each pattern's
 * matches are exactly those that {@code Matcher.find()}, repeated over the whole text, finds (at most the pattern's
 * maximum length long, and accepted by its validator); the scanner only skips the parts of the text where a pattern
 * provably cannot match. Which parts those are is decided per pattern when compiled:
 *
 * <ul>
 *   <li>a pattern whose every match contains one of a few rare sequences (PEM's {@code -----BEGIN }, a GCP key's
 *       {@code "private_key}, token prefixes such as {@code gh[pousr]_} or {@code xox}) is searched within its
 *       maximum length of each occurrence ({@link LiteralTriggers});
 *   <li>a pattern whose matches consist of a small alphabet (digits and separators for card numbers, SSNs and
 *       phones; capitals, digits and spaces for IBANs) is searched in the runs of that alphabet long enough to hold a
 *       match ({@link AlphabetRuns}; patterns whose alphabets nest share a group and its runs);
 *   <li>any other pattern (none of the built-in ones): the whole text.
 * </ul>
 *
 * One pass over the bytes finds the occurrences and the runs for all patterns together ({@link CandidatePass}: a
 * class table read once per byte, the sequences compared only where their trigger byte is). Within a region,
 * {@link RegionSearch} reads the bytes with the pattern's automaton and runs the regex only around the places where a
 * match can end. The work is linear in the text: one pass, automaton reads over the regions, and regex work bounded
 * by the pattern's maximum length at each possible match. Immutable and thread-safe.
 */
final class PatternScanner {
  /**
   * A literal anchor is used when its sequences occur at most this often per byte of typical text (one in 500
   * bytes): more frequent ones would start more window searches than one automaton pass costs.
   */
  static final double LITERAL_MAX_HITS = 0.002;
  /**
   * An alphabet anchor is used when its bytes make up at most this share of typical text (digits, space and
   * separators are about 60 %): wider alphabets (with lower-case letters) make runs as long as the text.
   */
  static final double ALPHABET_MAX_SHARE = 0.75;

  /**
   * A compiled pattern.
   *
   * @param maxLength the longest match reported
   * @param reach the longest match the regex can make (its structural bound; {@code maxLength} when unbounded)
   * @param automaton the pattern's own search automaton
   */
  record Compiled(DlpSensor sensor, DlpSensor.Pattern spec, SafeRegex regex, int maxLength, PatternShape shape,
                  int reach, PatternUnion automaton) {
    Compiled(DlpSensor sensor, DlpSensor.Pattern spec, SafeRegex regex, int maxLength, PatternShape shape) {
      this(sensor, spec, regex, maxLength, shape, shape.maxLength() < 0 ? maxLength : shape.maxLength(),
          ownAutomaton(regex));
    }

    private static PatternUnion ownAutomaton(SafeRegex regex) {
      PatternUnion union = PatternUnion.forSearching(List.of(regex));
      if (union == null) {
        throw new IllegalArgumentException("too large for an automaton");
      }
      return union;
    }
  }

  /** How a pattern's regions are found. */
  enum Anchor {
    LITERAL,
    ALPHABET,
    WHOLE_TEXT
  }

  private final List<Compiled> patterns;
  private final List<Anchor> anchors;
  private final List<AlphabetRuns> alphabetGroups;
  private final CandidatePass candidates;
  private final int[] wholeText;

  /** @throws IllegalArgumentException when a pattern or a group is too large for an automaton */
  PatternScanner(List<Compiled> patterns) {
    this.patterns = List.copyOf(patterns);
    int count = patterns.size();
    List<Anchor> anchors = new ArrayList<>(count);
    List<List<List<boolean[]>>> literalSequences = new ArrayList<>(count);
    List<PatternAnchors> analyses = new ArrayList<>(count);
    List<Integer> wholeText = new ArrayList<>();
    boolean anyLiteral = false;
    for (int p = 0; p < count; p++) {
      Compiled pattern = patterns.get(p);
      PatternAnchors analysis = PatternAnchors.of(pattern.regex());
      analyses.add(analysis);
      Anchor anchor = anchorOf(pattern, analysis);
      anchors.add(anchor);
      literalSequences.add(anchor == Anchor.LITERAL ? analysis.required() : null);
      anyLiteral |= anchor == Anchor.LITERAL;
      if (anchor == Anchor.WHOLE_TEXT) {
        wholeText.add(p);
      }
    }
    this.anchors = List.copyOf(anchors);
    int[] reach = patterns.stream().mapToInt(Compiled::reach).toArray();
    this.alphabetGroups = alphabetGroups(patterns, anchors, analyses);
    this.candidates = new CandidatePass(anyLiteral ? new LiteralTriggers(literalSequences, reach) : null,
        alphabetGroups.toArray(new AlphabetRuns[0]));
    this.wholeText = wholeText.stream().mapToInt(Integer::intValue).toArray();
  }

  private static Anchor anchorOf(Compiled pattern, PatternAnchors analysis) {
    if (pattern.shape().maxLength() < 0) {
      // Matches longer than maxLength exist: no region can be sure to hold them whole.
      return Anchor.WHOLE_TEXT;
    }
    List<List<boolean[]>> required = analysis.required();
    if (!required.isEmpty() && LiteralTriggers.expectedHits(required) <= LITERAL_MAX_HITS) {
      return Anchor.LITERAL;
    }
    if (share(alphabet(analysis)) <= ALPHABET_MAX_SHARE) {
      return Anchor.ALPHABET;
    }
    return Anchor.WHOLE_TEXT;
  }

  private static boolean[] alphabet(PatternAnchors analysis) {
    boolean[] alphabet = new boolean[256];
    for (int b = 0; b < 256; b++) {
      alphabet[b] = analysis.inAlphabet(b);
    }
    return alphabet;
  }

  private static double share(boolean[] alphabet) {
    double share = 0;
    for (int b = 0; b < 256; b++) {
      if (alphabet[b]) {
        share += PatternAnchors.frequency(b);
      }
    }
    return share;
  }

  /**
   * Groups the alphabet-anchored patterns so that the runs of one alphabet serve several: a pattern joins the
   * narrowest group whose alphabet holds its own (its matches then lie within that group's runs too); widest
   * alphabets first, so that the groups exist before the patterns they can take. Beyond the pass's
   * {@link CandidatePass#MAX_GROUPS}, the two groups whose alphabets together are rarest merge (their members' matches
   * lie within the runs of the union too; the runs are only longer).
   */
  private static List<AlphabetRuns> alphabetGroups(List<Compiled> patterns, List<Anchor> anchors,
                                                   List<PatternAnchors> analyses) {
    List<Integer> members = new ArrayList<>();
    for (int p = 0; p < patterns.size(); p++) {
      if (anchors.get(p) == Anchor.ALPHABET) {
        members.add(p);
      }
    }
    members.sort(Comparator.comparingInt((Integer p) -> -size(alphabet(analyses.get(p)))).thenComparingInt(p -> p));
    List<boolean[]> groupAlphabets = new ArrayList<>();
    List<List<Integer>> groupMembers = new ArrayList<>();
    for (int p : members) {
      boolean[] own = alphabet(analyses.get(p));
      int group = -1;
      for (int g = 0; g < groupAlphabets.size(); g++) {
        if (holds(groupAlphabets.get(g), own)
            && (group < 0 || size(groupAlphabets.get(g)) < size(groupAlphabets.get(group)))) {
          group = g; // the narrowest that holds it: wider runs would be searched for nothing
        }
      }
      if (group < 0) {
        groupAlphabets.add(own);
        groupMembers.add(new ArrayList<>());
        group = groupAlphabets.size() - 1;
      }
      groupMembers.get(group).add(p);
    }
    while (groupAlphabets.size() > CandidatePass.MAX_GROUPS) {
      int into = 0;
      int from = 1;
      for (int a = 0; a < groupAlphabets.size(); a++) {
        for (int b = a + 1; b < groupAlphabets.size(); b++) {
          if (share(union(groupAlphabets.get(a), groupAlphabets.get(b)))
              < share(union(groupAlphabets.get(into), groupAlphabets.get(from)))) {
            into = a;
            from = b;
          }
        }
      }
      groupAlphabets.set(into, union(groupAlphabets.get(into), groupAlphabets.remove(from)));
      groupMembers.get(into).addAll(groupMembers.remove(from));
    }
    List<AlphabetRuns> groups = new ArrayList<>();
    for (int g = 0; g < groupAlphabets.size(); g++) {
      List<Integer> group = groupMembers.get(g);
      int minLength = group.stream().mapToInt(p -> analyses.get(p).minLength()).min().orElse(1);
      PatternUnion union = PatternUnion.forSearching(group.stream().map(p -> patterns.get(p).regex()).toList());
      groups.add(new AlphabetRuns(groupAlphabets.get(g), minLength,
          group.stream().mapToInt(Integer::intValue).toArray(), union));
    }
    return List.copyOf(groups);
  }

  private static boolean[] union(boolean[] a, boolean[] b) {
    boolean[] union = new boolean[256];
    for (int i = 0; i < 256; i++) {
      union[i] = a[i] || b[i];
    }
    return union;
  }

  private static int size(boolean[] set) {
    int n = 0;
    for (boolean member : set) {
      n += member ? 1 : 0;
    }
    return n;
  }

  private static boolean holds(boolean[] outer, boolean[] inner) {
    for (int b = 0; b < 256; b++) {
      if (inner[b] && !outer[b]) {
        return false;
      }
    }
    return true;
  }

  int longestMatch() {
    return patterns.stream().mapToInt(Compiled::maxLength).max().orElse(0);
  }

  boolean isEmpty() {
    return patterns.isEmpty();
  }

  /** How each pattern's regions are found, in the order the patterns were given (for tests). */
  List<Anchor> anchors() {
    return anchors;
  }

  /** Every validated match in {@code text} (one char per byte), by start. */
  List<DlpMatch> scan(String text) {
    // One byte copy for all searches: they read bytes without String's per-char checks. The text holds one char per
    // byte; were a char above 0xFF there, its byte would be '?' for the searches (no byte pattern can match such a
    // char anyway), and the regexes read the text itself.
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    RegionSearch search = new RegionSearch(text, bytes, patterns);
    CandidatePass.Regions regions = candidates.find(bytes, patterns.size());
    int[][] windows = regions.windows();
    for (int p = 0; p < windows.length; p++) {
      int[] pairs = windows[p];
      for (int k = 0; pairs != null && k < pairs.length; k += 2) {
        search.search(p, pairs[k], pairs[k + 1]);
      }
    }
    for (int g = 0; g < alphabetGroups.size(); g++) {
      AlphabetRuns group = alphabetGroups.get(g);
      int[] members = group.members();
      int[] runs = regions.runs()[g];
      for (int k = 0; k < runs.length; k += 2) {
        if (group.mayMatch(bytes, runs[k], runs[k + 1])) {
          for (int p : members) {
            search.search(p, runs[k], runs[k + 1]);
          }
        }
      }
    }
    for (int p : wholeText) {
      search.search(p, 0, bytes.length);
    }
    return search.matches();
  }
}
