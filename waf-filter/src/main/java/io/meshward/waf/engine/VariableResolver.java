package io.meshward.waf.engine;

import io.meshward.waf.rules.KeyPattern;
import io.meshward.waf.rules.VariableSelector;
import io.meshward.waf.variables.Entry;
import io.meshward.waf.variables.KeyedValues;
import io.meshward.waf.variables.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * The values a selector picks from a transaction's variables, before exclusions and counting. Values are appended to
 * a list the caller owns: the rule evaluator reuses one list for every target of every rule, and iterates a copy,
 * so rules may write the collections (setvar, MATCHED_VARS) while their values are being evaluated.
 */
final class VariableResolver {
  private VariableResolver() {}

  static List<Entry> resolve(VariableStore store, VariableSelector selector) {
    List<Entry> values = new ArrayList<>();
    collect(store, selector, values);
    return values;
  }

  static void collect(VariableStore store, VariableSelector selector, List<Entry> out) {
    Variable variable = selector.variable();
    switch (variable.kind()) {
      case SCALAR -> {
        if (variable == Variable.ARGS_COMBINED_SIZE) {
          out.add(new Entry("", Long.toString(argsCombinedSize(store))));
        } else {
          out.add(store.scalar(variable));
        }
      }
      case NAMES -> {
        int first = out.size();
        pick(store, variable.namesOf(), selector, variable.caseSensitiveKeys(), out);
        for (int i = first; i < out.size(); i++) {
          out.set(i, out.get(i).asName());
        }
      }
      default -> pick(store, variable, selector, variable.caseSensitiveKeys(), out);
    }
  }

  /** ARGS_COMBINED_SIZE: the length of every argument name and value together, as ModSecurity counts it. */
  private static long argsCombinedSize(VariableStore store) {
    long size = 0;
    for (Entry entry : store.collection(Variable.ARGS_GET).all()) {
      size += entry.key().length() + entry.value().length();
    }
    for (Entry entry : store.collection(Variable.ARGS_POST).all()) {
      size += entry.key().length() + entry.value().length();
    }
    return size;
  }

  private static void pick(VariableStore store, Variable variable, VariableSelector selector, boolean caseSensitive,
                           List<Entry> out) {
    if (variable == Variable.ARGS) {
      pick(store, Variable.ARGS_GET, selector, caseSensitive, out);
      pick(store, Variable.ARGS_POST, selector, caseSensitive, out);
      return;
    }
    KeyedValues values = store.collection(variable);
    if (values.isEmpty()) {
      return;
    }
    KeyPattern regex = selector.keyRegex();
    if (regex != null) {
      // TX holds a few hundred keys, and its key regexes are read by rules every request has.
      for (int i = 0, n = values.size(); i < n; i++) {
        Entry entry = values.entryAt(i);
        if (regex.matches(caseSensitive ? entry.key() : entry.lowerKey())) {
          out.add(entry);
        }
      }
    } else if (selector.key() == null) {
      values.addAllTo(out);
    } else if (caseSensitive) {
      values.addExact(selector.key(), out);
    } else {
      values.addLowerTo(selector.lowerKey(), out);
    }
  }
}
