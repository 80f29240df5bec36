package io.meshward.policy.validate;

import io.meshward.policy.model.PolicyDocument;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed document together with where it and its fields came from, so that checks made after parsing (such as
 * conflicts with documents already in force) can still point at a line.
 *
 * @param document the document
 * @param source where its text came from (a file path, "request body", ...)
 * @param index its 1-based position in that source
 * @param locations field path (as in {@link PolicyError#path()}; "" is the document itself) to where its value starts
 */
public record LocatedDocument(PolicyDocument document, String source, int index, Map<String, Location> locations) {
  public LocatedDocument {
    Objects.requireNonNull(document, "document");
    source = source == null ? "" : source;
    locations = locations == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(locations));
  }

  /** A document without a source text, e.g. one built in code; its errors carry no line. */
  public static LocatedDocument unlocated(PolicyDocument document, String source, int index) {
    return new LocatedDocument(document, source, index, Map.of());
  }

  /**
   * Where {@code path} starts; when that exact path was not recorded (a missing optional field, say), where its nearest
   * recorded ancestor starts; {@link Location#UNKNOWN} when nothing is known.
   */
  public Location locationOf(String path) {
    String current = path == null ? "" : path;
    while (true) {
      Location found = locations.get(current);
      if (found != null) {
        return found;
      }
      if (current.isEmpty()) {
        return Location.UNKNOWN;
      }
      current = parentPath(current);
    }
  }

  /** "WorkloadPolicy shop/payments". */
  public String documentName() {
    return document.key().toString();
  }

  /** An error about {@code path} of this document, located as precisely as the recorded locations allow. */
  public PolicyError error(String path, String message) {
    Location at = locationOf(path);
    return new PolicyError(source, index, documentName(), path, at.line(), at.column(), message);
  }

  /** "spec.ingress[0].from" for "spec.ingress[0].from[1]", "spec.ingress[0]" for "spec.ingress[0].from", "" at the top. */
  static String parentPath(String path) {
    int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    return cut <= 0 ? "" : path.substring(0, cut);
  }
}
