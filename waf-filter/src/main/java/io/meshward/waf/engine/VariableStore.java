package io.meshward.waf.engine;

import io.meshward.waf.variables.Entry;
import io.meshward.waf.variables.KeyedValues;
import io.meshward.waf.variables.Variable;

/**
 * The values of every variable in one transaction. Scalars always hold an entry (the empty string until set): the
 * reference engines evaluate an unset scalar as empty, and CRS relies on it (a negated {@code @rx} on an empty
 * REQBODY_PROCESSOR).
 */
final class VariableStore {
  private static final Variable[] ALL = Variable.values();
  /** About as many TX keys as CRS sets in every request (its settings, scores and per-header bookkeeping). */
  private static final int TX_KEYS = 128;

  private final KeyedValues[] collections = new KeyedValues[ALL.length];
  /** Per scalar: its value, null while unset. */
  private final String[] scalarValues = new String[ALL.length];
  /**
   * Per scalar: the entry for its current value, made when first read. Every rule that matches sets MATCHED_VAR
   * and MATCHED_VAR_NAME, and few rules read them, so most values are never read as entries.
   */
  private final Entry[] scalars = new Entry[ALL.length];

  VariableStore() {
    for (Variable variable : ALL) {
      switch (variable.kind()) {
        case COLLECTION -> collections[variable.ordinal()] = variable == Variable.TX
            ? new KeyedValues(TX_KEYS) : new KeyedValues();
        case SCALAR -> { } // created when first read or written
        case NAMES -> { }
      }
    }
  }

  KeyedValues collection(Variable variable) {
    return collections[variable.ordinal()];
  }

  /**
   * A number that grows with every change to what a selector of {@code variable} can see (not for scalars):
   * equal numbers mean the selector would resolve the same values.
   */
  long version(Variable variable) {
    if (variable == Variable.ARGS) {
      return collection(Variable.ARGS_GET).version() + collection(Variable.ARGS_POST).version();
    }
    return switch (variable.kind()) {
      case NAMES -> version(variable.namesOf());
      case COLLECTION -> collection(variable).version();
      case SCALAR -> throw new IllegalArgumentException(variable + " is a scalar");
    };
  }

  /** The scalar's entry: the same entry until the value is set again (callers rely on that). */
  Entry scalar(Variable variable) {
    Entry entry = scalars[variable.ordinal()];
    if (entry == null) {
      entry = new Entry("", "", value(variable));
      scalars[variable.ordinal()] = entry;
    }
    return entry;
  }

  /** Whether the scalar was ever set in this transaction (an unset scalar reads as empty, like one set empty). */
  boolean isSet(Variable variable) {
    return scalarValues[variable.ordinal()] != null;
  }

  String value(Variable variable) {
    String value = scalarValues[variable.ordinal()];
    return value == null ? "" : value;
  }

  void set(Variable variable, String value) {
    scalarValues[variable.ordinal()] = value == null ? "" : value;
    scalars[variable.ordinal()] = null;
  }
}
