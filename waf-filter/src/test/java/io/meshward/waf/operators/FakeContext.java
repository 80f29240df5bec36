package io.meshward.waf.operators;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A transaction as an operator sees it: a few variables for macros, captures and limit reports recorded. */
final class FakeContext implements OperatorContext {
  private final boolean capturing;
  private final Map<String, String> variables = new HashMap<>();
  final Map<Integer, String> captures = new TreeMap<>();
  final List<String> limitsExceeded = new ArrayList<>();

  private FakeContext(boolean capturing) {
    this.capturing = capturing;
  }

  static FakeContext plain() {
    return new FakeContext(false);
  }

  static FakeContext capturingRule() {
    return new FakeContext(true);
  }

  /** Sets {@code %{collection.key}} (or {@code %{variable}} when key is null). */
  FakeContext with(String variable, String key, String value) {
    variables.put(name(variable, key), value);
    return this;
  }

  private static String name(String variable, String key) {
    return (variable + (key == null ? "" : "." + key)).toLowerCase(Locale.ROOT);
  }

  @Override
  public String lookup(String variable, String key) {
    return variables.getOrDefault(name(variable, key), "");
  }

  @Override
  public boolean capturing() {
    return capturing;
  }

  @Override
  public void capture(int group, String value) {
    if (!capturing) {
      throw new AssertionError("capture() called on a rule without the capture action");
    }
    captures.put(group, value);
  }

  @Override
  public void limitExceeded(String what) {
    limitsExceeded.add(what);
  }
}
