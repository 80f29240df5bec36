package io.meshward.waf;

import java.util.List;

/**
 * A rule (with its whole chain) that matched in a transaction.
 *
 * @param id the rule id
 * @param phase the phase it ran in
 * @param message the expanded msg (of the first part of the chain that has one), or empty
 * @param data the expanded logdata that goes with it, or empty
 * @param severity 0 (EMERGENCY) to 7 (DEBUG), -1 when the rule has none
 * @param log whether the rule logs (false for nolog rules)
 * @param disruptiveAction the rule's disruptive action ("pass", "deny", ...)
 * @param matches the values that matched, parent first
 */
public record MatchedRule(
    int id,
    int phase,
    String file,
    int line,
    String message,
    String data,
    int severity,
    List<String> tags,
    String version,
    String revision,
    int maturity,
    int accuracy,
    boolean log,
    String disruptiveAction,
    List<MatchedData> matches,
    String clientAddress,
    String uri,
    String hostname,
    String transactionId) {

  public MatchedRule {
    tags = List.copyOf(tags);
    matches = List.copyOf(matches);
  }

  /**
   * The line ModSecurity writes to its error log for this match, which tools such as go-ftw read:
   * {@code ModSecurity: Warning. Matched ... [file "..."] [line "..."] [id "..."] [msg "..."] [data "..."] ...}.
   */
  public String errorLogLine() {
    StringBuilder line = new StringBuilder(256);
    line.append("[client ").append(clientAddress).append("] ModSecurity: Warning. ");
    if (!matches.isEmpty()) {
      MatchedData last = matches.get(matches.size() - 1);
      line.append("Matched \"Operator match\" against variable `").append(last.name()).append("' (Value: `")
          .append(abbreviate(last.value(), 200)).append("' ) ");
    }
    field(line, "file", file);
    field(line, "line", String.valueOf(line()));
    field(line, "id", String.valueOf(id));
    field(line, "rev", revision == null ? "" : revision);
    field(line, "msg", message);
    field(line, "data", data);
    field(line, "severity", severity < 0 ? "" : String.valueOf(severity));
    field(line, "ver", version == null ? "" : version);
    field(line, "maturity", String.valueOf(maturity));
    field(line, "accuracy", String.valueOf(accuracy));
    for (String tag : tags) {
      field(line, "tag", tag);
    }
    field(line, "hostname", hostname);
    field(line, "uri", uri);
    field(line, "unique_id", transactionId);
    return line.toString().stripTrailing();
  }

  private static void field(StringBuilder line, String name, String value) {
    line.append('[').append(name).append(" \"").append(escape(value)).append("\"] ");
  }

  private static String escape(String value) {
    if (value == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String abbreviate(String value, int max) {
    return value.length() <= max ? value : value.substring(0, max) + "...";
  }
}
