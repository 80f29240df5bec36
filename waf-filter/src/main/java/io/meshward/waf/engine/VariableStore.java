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

  private final KeyedValues[] collections = new KeyedValues[ALL.length];
  private final Entry[] scalars = new Entry[ALL.length];

  VariableStore() {
    for (Variable variable : ALL) {
      switch (variable.kind()) {
        case COLLECTION -> collections[variable.ordinal()] = new KeyedValues();
        case SCALAR -> scalars[variable.ordinal()] = new Entry("", "");
        case NAMES -> { }
      }
    }
  }

  KeyedValues collection(Variable variable) {
    return collections[variable.ordinal()];
  }

  Entry scalar(Variable variable) {
    return scalars[variable.ordinal()];
  }

  String value(Variable variable) {
    return scalars[variable.ordinal()].value();
  }

  void set(Variable variable, String value) {
    scalars[variable.ordinal()] = new Entry("", value == null ? "" : value);
  }
}
