package io.meshward.waf.macros;

import io.meshward.waf.variables.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * A string that may hold macros, {@code %{tx.anomaly_score}} or {@code %{MATCHED_VAR}}, compiled once at rule load
 * and expanded against a transaction. Text without {@code %{} is constant and costs nothing to expand.
 */
public final class MacroString {
  private final String text;
  private final List<Part> parts;

  /** Whether the text has no macro: asked on every expansion, so decided once. */
  private final boolean constant;

  private MacroString(String text, List<Part> parts) {
    this.text = text;
    this.parts = parts;
    this.constant = parts.size() == 1 && parts.get(0).literal != null;
  }

  /** A string without macros. */
  public static MacroString constant(String text) {
    return new MacroString(Objects.requireNonNull(text, "text"), List.of(new Part(text, null, null, null)));
  }

  /**
   * Compiles {@code text}. {@code %{NAME}} and {@code %{NAME.key}} are macros; anything else (a {@code %} not
   * followed by {@code {}, or a {@code %{} without its closing brace) is literal text, as in ModSecurity.
   */
  public static MacroString parse(String text) {
    Objects.requireNonNull(text, "text");
    if (!text.contains("%{")) {
      return constant(text);
    }
    List<Part> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      int start = text.indexOf("%{", i);
      int end = start < 0 ? -1 : text.indexOf('}', start + 2);
      if (start < 0 || end < 0) {
        literal.append(text, i, text.length());
        break;
      }
      literal.append(text, i, start);
      String name = text.substring(start + 2, end).trim();
      if (name.isEmpty()) {
        literal.append(text, start, end + 1);
      } else {
        if (literal.length() > 0) {
          parts.add(new Part(literal.toString(), null, null, null));
          literal.setLength(0);
        }
        int dot = name.indexOf('.');
        String variable = dot < 0 ? name : name.substring(0, dot);
        String key = dot < 0 ? null : name.substring(dot + 1);
        String upper = variable.toUpperCase(Locale.ROOT);
        parts.add(new Part(null, upper, key, Variable.byName(upper).orElse(null)));
      }
      i = end + 1;
    }
    if (literal.length() > 0) {
      parts.add(new Part(literal.toString(), null, null, null));
    }
    return new MacroString(text, List.copyOf(parts));
  }

  public boolean isConstant() {
    return constant;
  }

  /** Whether every macro names one of {@code variables}; true when there is no macro. */
  public boolean readsOnly(Set<Variable> variables) {
    for (Part part : parts) {
      if (part.literal == null && (part.resolved == null || !variables.contains(part.resolved))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code accepted} accepts every macro: its variable (null when the name is no variable) and its key (null
   * when none); true when there is no macro.
   */
  public boolean allMacros(BiPredicate<Variable, String> accepted) {
    for (Part part : parts) {
      if (part.literal == null && !accepted.test(part.resolved, part.key)) {
        return false;
      }
    }
    return true;
  }

  /** The text before the first macro; all of it when there is none. */
  public String literalPrefix() {
    Part first = parts.get(0);
    return isConstant() ? text : first.literal == null ? "" : first.literal;
  }

  /** The text as written, macros unexpanded. */
  public String text() {
    return text;
  }

  public String expand(MacroContext context) {
    if (isConstant()) {
      return text;
    }
    if (parts.size() == 1) {
      // A lone macro, as most setvar values are (+%{tx.critical_anomaly_score}): its value is the expansion.
      Part part = parts.get(0);
      String value = part.resolved != null ? context.lookup(part.resolved, part.key)
          : context.lookup(part.variable, part.key);
      return value == null ? "" : value;
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0, n = parts.size(); i < n; i++) {
      Part part = parts.get(i);
      if (part.literal != null) {
        out.append(part.literal);
      } else {
        out.append(part.resolved != null ? context.lookup(part.resolved, part.key)
            : context.lookup(part.variable, part.key));
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return text;
  }

  /**
   * A literal piece, or a macro: an upper-cased variable name, an optional key, and the variable it names (null
   * when the name is no variable: it then expands to the empty string, as the context decides).
   */
  private record Part(String literal, String variable, String key, Variable resolved) {}
}
