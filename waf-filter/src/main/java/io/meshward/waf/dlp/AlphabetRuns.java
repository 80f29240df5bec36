package io.meshward.waf.dlp;

import io.meshward.waf.regex.PatternUnion;

/**
 * Patterns whose matches consist only of bytes of a small alphabet (card numbers, SSNs and phone numbers of digits,
 * spaces, dashes; IBANs of digits, capitals and spaces): a match lies within one maximal run of alphabet bytes, so
 * only runs at least as long as the shortest match need a look. Such runs are found by probing (a membership read
 * every few bytes, no automaton state to wait for); the members' union automaton then reads the run alone, and only
 * when it sees a possible match do the members' own searches run there. Immutable and thread-safe.
 */
final class AlphabetRuns {
  private final boolean[] alphabet;
  private final int minLength;
  private final int[] members;
  /** The members' union automaton; null when too large together (every long enough run is then searched). */
  private final PatternUnion union;

  AlphabetRuns(boolean[] alphabet, int minLength, int[] members, PatternUnion union) {
    this.alphabet = alphabet.clone();
    this.minLength = Math.max(1, minLength);
    this.members = members.clone();
    this.union = union;
  }

  int[] members() {
    return members.clone();
  }

  /** Receives a run: [start, end). */
  interface RunSearch {
    void search(int start, int end);
  }

  /**
   * Calls {@code search} with each run of {@code bytes} that may hold a member's match.
   *
   * <p>Digits are common in API bodies, so a byte-by-byte walk over runs would mispredict a branch at most run
   * edges. Instead the walk probes the last byte of the shortest run that could start at {@code i}: when it is
   * not in the alphabet, no long enough run starts before it, and the walk jumps past it (reading one byte in
   * {@code minLength}); when it is, the run around it is measured. Invariant: {@code i} is 0 or follows a byte
   * outside the alphabet.
   */
  void forEachCandidateRun(byte[] bytes, RunSearch search) {
    int n = bytes.length;
    int m = minLength;
    int i = 0;
    while (i + m <= n) {
      int probe = i + m - 1;
      if (!alphabet[bytes[probe] & 0xFF]) {
        i = probe + 1;
        continue;
      }
      int start = probe;
      while (start > i && alphabet[bytes[start - 1] & 0xFF]) {
        start--;
      }
      int end = probe + 1;
      while (end < n && alphabet[bytes[end] & 0xFF]) {
        end++;
      }
      if (end - start >= m && mayMatch(bytes, start, end)) {
        search.search(start, end);
      }
      i = end + 1;
    }
  }

  /**
   * Whether some member may match within [start, end): the union automaton over the run and the byte on either side
   * (so that word-boundary assertions at the run's edges see the real neighbours).
   */
  private boolean mayMatch(byte[] bytes, int start, int end) {
    if (union == null) {
      return true;
    }
    int from = Math.max(0, start - 1);
    int to = Math.min(bytes.length, end + 1);
    byte[] run = java.util.Arrays.copyOfRange(bytes, from, to);
    return union.firstEnd(run, 0) != -1;
  }
}
