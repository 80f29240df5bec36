package io.meshward.waf.regex;

import java.util.List;

/**
 * The parsed form of a PCRE pattern, with PCRE's byte semantics made explicit: every flag ({@code (?i)},
 * {@code (?s)}, {@code (?m)}, {@code (?x)}) has already been applied to the nodes it governs, so that an emitter can
 * write the same meaning in another engine's syntax.
 */
sealed interface RegexNode {

  /** One literal byte; {@code caseless} when it was written under {@code (?i)} (only ASCII letters care). */
  record Literal(int value, boolean caseless) implements RegexNode {}

  /** A set of bytes (a class, an escape such as {@code \d}, or {@code .}); caseless folding is already applied. */
  record CharClass(ByteSet set) implements RegexNode {}

  /** A zero-width assertion. */
  record Assertion(Kind kind) implements RegexNode {
    enum Kind {
      /** {@code ^} under (?m): start of input or after a newline that is not the last byte. */
      LINE_START,
      /** {@code \A}, or {@code ^} without (?m). */
      INPUT_START,
      /** {@code $} under (?m): before a newline or at the end. */
      LINE_END,
      /** {@code \Z}, or {@code $} without (?m): at the end or before a final newline. */
      INPUT_END_OR_FINAL_NEWLINE,
      /** {@code \z}. */
      INPUT_END,
      /** {@code \b} with ASCII word characters. */
      WORD_BOUNDARY,
      /** {@code \B}. */
      NOT_WORD_BOUNDARY,
      /** {@code \G}. */
      MATCH_START
    }
  }

  /** A group; {@code index} is its capture number, or -1 for a non-capturing group. */
  record Group(RegexNode body, int index) implements RegexNode {}

  /** Lookahead or lookbehind. */
  record Look(RegexNode body, boolean ahead, boolean negated) implements RegexNode {}

  /** {@code (?>...)}. */
  record Atomic(RegexNode body) implements RegexNode {}

  /** A quantifier; {@code max} is -1 for unbounded. */
  record Repeat(RegexNode body, int min, int max, Mode mode) implements RegexNode {
    enum Mode {
      GREEDY,
      LAZY,
      POSSESSIVE
    }
  }

  /** A back reference to capture group {@code index}. */
  record BackReference(int index, boolean caseless) implements RegexNode {}

  record Concat(List<RegexNode> items) implements RegexNode {}

  record Alternation(List<RegexNode> branches) implements RegexNode {}
}
