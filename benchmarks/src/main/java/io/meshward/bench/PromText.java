package io.meshward.bench;

/** Reads values out of the Prometheus text exposition format. */
final class PromText {
  private final String text;

  PromText(String text) {
    this.text = text;
  }

  /**
   * The sum of every sample of {@code name} whose label set contains all of {@code labels} (each like
   * {@code area="heap"}); 0 when there is none.
   */
  double sum(String name, String... labels) {
    double sum = 0;
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.charAt(0) == '#' || !line.startsWith(name)) {
        continue;
      }
      int end = name.length();
      if (line.length() <= end || (line.charAt(end) != '{' && line.charAt(end) != ' ')) {
        continue;
      }
      boolean matches = true;
      for (String label : labels) {
        int close = line.indexOf('}');
        if (close < 0 || !line.substring(end, close).contains(label)) {
          matches = false;
          break;
        }
      }
      if (matches) {
        String value = line.substring(line.lastIndexOf(' ') + 1);
        try {
          sum += Double.parseDouble(value);
        } catch (NumberFormatException e) {
          // NaN and friends parse; anything else is not a sample line.
        }
      }
    }
    return sum;
  }

  /** Heap in use, all pools of area "heap" together, in bytes. */
  double heapUsed() {
    return sum("jvm_memory_used_bytes", "area=\"heap\"");
  }
}
