package io.meshward.waf.rules;

import io.meshward.waf.variables.Keys;
import io.meshward.waf.variables.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the targets of a SecRule: {@code VAR|VAR:key|VAR:/regex/|&VAR|!VAR:key}, with regex keys that may
 * contain {@code |} and quoted keys {@code 'ARGS:/a|b/'}. Exclusions ({@code !}) are returned apart: they apply to
 * the selectors of the same variable.
 */
final class VariableParser {
  private VariableParser() {}

  record Target(boolean exclusion, VariableSelector selector) {}

  static List<Target> parse(String text) {
    List<Target> targets = new ArrayList<>();
    int i = 0;
    int length = text.length();
    while (i < length) {
      boolean exclusion = false;
      boolean count = false;
      while (i < length && (text.charAt(i) == '!' || text.charAt(i) == '&')) {
        if (text.charAt(i) == '!') {
          exclusion = true;
        } else {
          count = true;
        }
        i++;
      }
      int nameStart = i;
      while (i < length && text.charAt(i) != ':' && text.charAt(i) != '|') {
        i++;
      }
      String name = text.substring(nameStart, i).trim();
      if (name.isEmpty()) {
        throw new IllegalArgumentException("empty variable name in '" + text + "'");
      }
      Variable variable = Variable.byName(name).orElseThrow(() ->
          new IllegalArgumentException("unknown variable '" + name + "'"));
      String key = null;
      KeyPattern keyRegex = null;
      if (i < length && text.charAt(i) == ':') {
        i++;
        boolean quoted = i < length && text.charAt(i) == '\'';
        if (quoted) {
          i++;
        }
        if (variable == Variable.XML || variable == Variable.JSON) {
          int end = quoted ? text.indexOf('\'', i) : text.indexOf('|', i);
          if (end < 0) {
            end = length;
          }
          key = text.substring(i, end);
          i = quoted ? end + 1 : end;
        } else if (i < length && text.charAt(i) == '/') {
          int end = regexEnd(text, i + 1);
          if (end < 0) {
            throw new IllegalArgumentException("unterminated key regex in '" + text + "'");
          }
          String regex = text.substring(i + 1, end);
          keyRegex = compileKeyRegex(regex, variable.caseSensitiveKeys(), text);
          i = end + 1;
          if (quoted) {
            if (i >= length || text.charAt(i) != '\'') {
              throw new IllegalArgumentException("unclosed quote around the key regex in '" + text + "'");
            }
            i++;
          }
        } else {
          int end = quoted ? text.indexOf('\'', i) : text.indexOf('|', i);
          if (end < 0) {
            if (quoted) {
              throw new IllegalArgumentException("unclosed quote in '" + text + "'");
            }
            end = length;
          }
          key = text.substring(i, end);
          i = quoted ? end + 1 : end;
          if (key.isEmpty()) {
            throw new IllegalArgumentException("empty key after '" + name + ":' in '" + text + "'");
          }
        }
        if (!variable.selectable()) {
          throw new IllegalArgumentException("'" + name + "' holds one value and takes no key");
        }
      }
      if (i < length && text.charAt(i) != '|') {
        throw new IllegalArgumentException("unexpected '" + text.charAt(i) + "' after variable '" + name + "' in '"
            + text + "'");
      }
      i++;
      // Keys interned (and setvar's names too): a rule's TX:key then finds the entry a setvar made by identity.
      targets.add(new Target(exclusion, new VariableSelector(variable, key, key == null ? null : Keys.lower(key).intern(),
          keyRegex, count, List.of())));
    }
    return targets;
  }

  /** Applies parsed targets: selectors in order, each exclusion to the selectors of its variable. */
  static List<VariableSelector> apply(List<VariableSelector> existing, List<Target> targets) {
    List<VariableSelector> selectors = new ArrayList<>(existing);
    for (Target target : targets) {
      if (!target.exclusion()) {
        selectors.add(target.selector());
      }
    }
    for (Target target : targets) {
      if (target.exclusion()) {
        VariableSelector excluded = target.selector();
        VariableSelector.Exclusion exclusion = VariableSelector.exclusion(excluded.key(), excluded.keyRegex());
        for (int s = 0; s < selectors.size(); s++) {
          if (covers(selectors.get(s).variable(), excluded.variable())) {
            selectors.set(s, selectors.get(s).withExclusion(exclusion));
          }
        }
      }
    }
    return selectors;
  }

  /** An exclusion applies to the selectors of the same variable only, as in the reference engine. */
  private static boolean covers(Variable selected, Variable excluded) {
    return selected == excluded;
  }

  private static int regexEnd(String text, int from) {
    boolean escaped = false;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '/') {
        return i;
      }
    }
    return -1;
  }

  private static KeyPattern compileKeyRegex(String regex, boolean caseSensitive, String text) {
    try {
      return KeyPattern.compile(regex, caseSensitive);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + " (in '" + text + "')", e);
    }
  }
}
