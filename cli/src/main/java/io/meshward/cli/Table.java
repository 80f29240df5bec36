package io.meshward.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table: a header, left-aligned columns two spaces apart, no trailing spaces. Empty cells print as
 * "-" so that every row has the same number of whitespace-separated fields for {@code awk}, as long as cells hold
 * no spaces.
 */
final class Table {
  private static final String GAP = "  ";
  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  Table(String... headers) {
    this.headers = List.of(headers);
  }

  Table row(Object... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException("a row of " + headers.size() + " cells, got " + Arrays.toString(cells));
    }
    rows.add(Arrays.stream(cells).map(Table::cell).toList());
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  /** The table, each line ending with a line break. */
  String render() {
    int[] widths = new int[headers.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = headers.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, headers, widths);
    rows.forEach(row -> line(out, row, widths));
    return out.toString();
  }

  private static void line(StringBuilder out, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        line.append(GAP);
      }
      line.append(cells.get(i));
      line.append(" ".repeat(widths[i] - cells.get(i).length()));
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }

  private static String cell(Object value) {
    String text = value == null ? "" : value.toString().replaceAll("[\\r\\n\\t]+", " ").strip();
    return text.isEmpty() ? "-" : text;
  }
}
