package io.meshward.waf.rules;

import com.google.re2j.Pattern;
import io.meshward.waf.variables.Keys;
import io.meshward.waf.variables.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * One target of a rule: {@code ARGS}, {@code REQUEST_HEADERS:User-Agent}, {@code TX:/^header_name_/},
 * {@code &ARGS}, with the keys excluded from it ({@code !REQUEST_HEADERS:Cookie}).
 *
 * @param key an exact key, or null; for XML an XPath expression
 * @param keyRegex a regex on keys (RE2: linear time whatever the key), or null
 * @param count whether the rule sees the number of values instead of the values
 */
public record VariableSelector(Variable variable, String key, Pattern keyRegex, boolean count,
                               List<Exclusion> exclusions) {

  public VariableSelector {
    exclusions = List.copyOf(exclusions);
  }

  /** A key excluded from a selector: exact (compared in lower case) or by regex on the lower-cased key. */
  public record Exclusion(String lowerKey, Pattern regex) {
    public boolean excludes(String lowerCandidate) {
      return regex != null ? regex.matcher(lowerCandidate).find() : lowerKey.equals(lowerCandidate);
    }

    @Override
    public String toString() {
      return regex != null ? "/" + regex.pattern() + "/" : lowerKey;
    }
  }

  public VariableSelector withExclusion(Exclusion exclusion) {
    List<Exclusion> more = new ArrayList<>(exclusions);
    more.add(exclusion);
    return new VariableSelector(variable, key, keyRegex, count, more);
  }

  /** "ARGS", "REQUEST_HEADERS:host", "&TX:x" as it would be written. */
  public String describe() {
    String text = (count ? "&" : "") + variable.name();
    if (key != null) {
      text += ":" + key;
    } else if (keyRegex != null) {
      text += ":/" + keyRegex.pattern() + "/";
    }
    return text;
  }

  static Exclusion exclusion(String key, Pattern regex) {
    return new Exclusion(key == null ? null : Keys.lower(key), regex);
  }
}
