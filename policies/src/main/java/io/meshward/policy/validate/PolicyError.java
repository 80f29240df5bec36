package io.meshward.policy.validate;

/**
 * One problem found in a policy source, precise enough for an operator to go straight to it.
 *
 * @param source where the text came from: a file path, "request body", ...
 * @param document the 1-based index of the document in the source; 0 when the problem concerns the source as a whole
 * @param documentName e.g. "WorkloadPolicy shop/payments", or "" when not known
 * @param path the field path, such as "spec.ingress[0].from[1].cidr", or "" for the whole document
 * @param line 1-based line, 0 when unknown
 * @param column 1-based column, 0 when unknown
 * @param message what is wrong, and where possible how to fix it
 */
public record PolicyError(String source, int document, String documentName, String path, int line, int column,
                          String message) {
  public PolicyError {
    source = source == null ? "" : source;
    documentName = documentName == null ? "" : documentName;
    path = path == null ? "" : path;
    message = message == null ? "" : message;
  }

  /** An error about the source as a whole (document 0), such as "no documents". */
  public static PolicyError ofSource(String source, Location location, String message) {
    return new PolicyError(source, 0, "", "", location.line(), location.column(), message);
  }

  public Location location() {
    return new Location(line, column);
  }

  /**
   * The error as one line, compiler style, e.g. {@code policies.yaml:14:15: document 2 (WorkloadPolicy shop/payments):
   * spec.ingress[0].from[1].cidr: invalid CIDR "10.0.0.0/33": prefix length must be 0-32 for IPv4}.
   */
  public String format() {
    StringBuilder out = new StringBuilder(source.isEmpty() ? "<input>" : source);
    if (line > 0) {
      out.append(':').append(line);
      if (column > 0) {
        out.append(':').append(column);
      }
    }
    out.append(": ");
    if (document > 0) {
      out.append("document ").append(document);
      if (!documentName.isEmpty()) {
        out.append(" (").append(documentName).append(')');
      }
      out.append(": ");
    }
    if (!path.isEmpty()) {
      out.append(path).append(": ");
    }
    return out.append(message).toString();
  }

  @Override
  public String toString() {
    return format();
  }
}
