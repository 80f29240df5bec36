package io.meshward.waf.engine;

import com.google.re2j.Pattern;
import io.meshward.waf.rules.VariableSelector;
import io.meshward.waf.variables.Entry;
import io.meshward.waf.variables.KeyedValues;
import io.meshward.waf.variables.Variable;
import java.util.ArrayList;
import java.util.List;

/** The values a selector picks from a transaction's variables, before exclusions and counting. */
final class VariableResolver {
  private VariableResolver() {}

  static List<Entry> resolve(VariableStore store, VariableSelector selector) {
    Variable variable = selector.variable();
    switch (variable.kind()) {
      case SCALAR:
        if (variable == Variable.ARGS_COMBINED_SIZE) {
          return List.of(new Entry("", Long.toString(argsCombinedSize(store))));
        }
        return List.of(store.scalar(variable));
      case NAMES: {
        List<Entry> keys = pick(store, variable.namesOf(), selector.key(), selector.keyRegex(),
            variable.caseSensitiveKeys());
        List<Entry> names = new ArrayList<>(keys.size());
        for (Entry entry : keys) {
          names.add(entry.asName());
        }
        return names;
      }
      default:
        List<Entry> picked = pick(store, variable, selector.key(), selector.keyRegex(), variable.caseSensitiveKeys());
        // Rules write to these while their values are being evaluated (setvar, MATCHED_VARS): iterate a copy.
        return WRITTEN_BY_RULES.contains(variable) ? List.copyOf(picked) : picked;
    }
  }

  private static final java.util.Set<Variable> WRITTEN_BY_RULES = java.util.EnumSet.of(Variable.TX,
      Variable.MATCHED_VARS, Variable.ENV, Variable.IP, Variable.GLOBAL, Variable.SESSION, Variable.USER,
      Variable.RESOURCE);

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

  private static List<Entry> pick(VariableStore store, Variable variable, String key, Pattern regex,
                                  boolean caseSensitive) {
    if (variable == Variable.ARGS) {
      List<Entry> get = pick(store, Variable.ARGS_GET, key, regex, caseSensitive);
      List<Entry> post = pick(store, Variable.ARGS_POST, key, regex, caseSensitive);
      if (post.isEmpty()) {
        return get;
      }
      if (get.isEmpty()) {
        return post;
      }
      List<Entry> both = new ArrayList<>(get.size() + post.size());
      both.addAll(get);
      both.addAll(post);
      return both;
    }
    KeyedValues values = store.collection(variable);
    if (regex != null) {
      List<Entry> found = new ArrayList<>();
      for (Entry entry : values.all()) {
        if (regex.matcher(caseSensitive ? entry.key() : entry.lowerKey()).find()) {
          found.add(entry);
        }
      }
      return found;
    }
    if (key != null) {
      return caseSensitive ? values.getExact(key) : values.get(key);
    }
    return values.all();
  }
}
