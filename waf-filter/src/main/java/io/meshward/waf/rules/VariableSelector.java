package io.meshward.waf.rules;

import io.meshward.waf.variables.Keys;
import io.meshward.waf.variables.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * One target of a rule: {@code ARGS}, {@code REQUEST_HEADERS:User-Agent}, {@code TX:/^header_name_/},
 * {@code &ARGS}, with the keys excluded from it ({@code !REQUEST_HEADERS:Cookie}).
 *
 * @param key an exact key, or null; for XML an XPath expression
 * @param lowerKey the key in ASCII lower case, for case-insensitive lookups (null without a key)
 * @param keyRegex a regex on keys, or null
 * @param count whether the rule sees the number of values instead of the values
 */
public record VariableSelector(Variable variable, String key, String lowerKey, KeyPattern keyRegex, boolean count,
                               List<Exclusion> exclusions) {

  public VariableSelector {
    exclusions = List.copyOf(exclusions);
  }

  public VariableSelector(Variable variable, String key, KeyPattern keyRegex, boolean count,
                          List<Exclusion> exclusions) {
    this(variable, key, key == null ? null : Keys.lower(key), keyRegex, count, exclusions);
  }

  /** The selector of a whole variable: {@code ARGS}, {@code REQUEST_URI}. */
  public static VariableSelector of(Variable variable) {
    return new VariableSelector(variable, null, null, false, List.of());
  }

  /** A key excluded from a selector: exact (compared in lower case) or by regex on the lower-cased key. */
  public record Exclusion(String lowerKey, KeyPattern regex) {
    public boolean excludes(String lowerCandidate) {
      return regex != null ? regex.matches(lowerCandidate) : lowerKey.equals(lowerCandidate);
    }

    @Override
    public String toString() {
      return regex != null ? regex.toString() : lowerKey;
    }
  }

  public VariableSelector withExclusion(Exclusion exclusion) {
    List<Exclusion> more = new ArrayList<>(exclusions);
    more.add(exclusion);
    return new VariableSelector(variable, key, lowerKey, keyRegex, count, more);
  }

  /** "ARGS", "REQUEST_HEADERS:host", "&TX:x" as it would be written. */
  public String describe() {
    String text = (count ? "&" : "") + variable.name();
    if (key != null) {
      text += ":" + key;
    } else if (keyRegex != null) {
      text += ":" + keyRegex;
    }
    return text;
  }

  static Exclusion exclusion(String key, KeyPattern regex) {
    return new Exclusion(key == null ? null : Keys.lower(key), regex);
  }
}
