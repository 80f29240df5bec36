package io.meshward.waf.dlp;

import io.meshward.waf.regex.PatternUnion;
import java.util.Arrays;

/**
 * Patterns whose matches consist only of bytes of a small alphabet (card numbers, SSNs and phone numbers of digits,
 * spaces, dashes; IBANs of digits, capitals and spaces): a match lies within one maximal run of alphabet bytes, so
 * only runs at least as long as the shortest match need a look. The scan's one pass over the bytes finds those runs
 * for all groups together ({@link CandidatePass}); the members' union automaton then reads a run alone, and only when
 * it sees a possible match do the members' own searches run there. Immutable and thread-safe.
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

  /** The shortest match of any member: shorter runs cannot hold one. */
  int minLength() {
    return minLength;
  }

  boolean inAlphabet(int b) {
    return alphabet[b & 0xFF];
  }

  /**
   * Whether some member may match within [start, end): the union automaton over the run and the byte on either side
   * (so that word-boundary assertions at the run's edges see the real neighbours).
   */
  boolean mayMatch(byte[] bytes, int start, int end) {
    if (union == null) {
      return true;
    }
    int from = Math.max(0, start - 1);
    int to = Math.min(bytes.length, end + 1);
    byte[] run = Arrays.copyOfRange(bytes, from, to);
    return union.firstEnd(run, 0) != -1;
  }
}
