package io.meshward.waf.seclang;

import java.util.List;
import java.util.Locale;

/**
 * One SecLang directive as written: its name and its arguments, each with its outer quotes removed and its content
 * kept raw ({@code \"} stays {@code \"}: operators and actions interpret escapes themselves, as the reference
 * engines do).
 */
public record Directive(String name, List<String> arguments, SourceLocation location, String text) {
  public Directive {
    arguments = List.copyOf(arguments);
  }

  /** The name in lower case, for case-insensitive dispatch. */
  public String key() {
    return name.toLowerCase(Locale.ROOT);
  }

  public int argumentCount() {
    return arguments.size();
  }

  public String argument(int index) {
    return arguments.get(index);
  }
}
