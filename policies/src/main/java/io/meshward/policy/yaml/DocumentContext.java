package io.meshward.policy.yaml;

import io.meshward.policy.validate.Location;
import io.meshward.policy.validate.PolicyError;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * What the readers of one document share: where errors go (with the document's index and name), where each field
 * was found, and the file's budget of nodes to visit.
 */
final class DocumentContext {
  private final Problems problems;
  private final WalkBudget budget;
  private final int index;
  private final String documentName;
  private final Map<String, Location> locations = new LinkedHashMap<>();
  private boolean failed;

  DocumentContext(Problems problems, WalkBudget budget, int index, String documentName) {
    this.problems = problems;
    this.budget = budget;
    this.index = index;
    this.documentName = documentName;
  }

  int index() {
    return index;
  }

  /** Whether any error was reported for this document. */
  boolean failed() {
    return failed;
  }

  Map<String, Location> locations() {
    return locations;
  }

  /** Records where {@code path} starts; the first record wins. */
  void locate(String path, Node node) {
    locations.putIfAbsent(path, locationOf(node));
  }

  /** Reports a problem with {@code node}, or with {@code path} where it was recorded when {@code node} is null. */
  void error(String path, Node node, String message) {
    failed = true;
    Location at = node != null ? locationOf(node) : recordedLocation(path);
    problems.add(new PolicyError(problems.source(), index, documentName, path, at.line(), at.column(), message));
  }

  /** Reports a problem with {@code path}, placed where it (or its nearest recorded ancestor) was found. */
  void error(String path, String message) {
    error(path, null, message);
  }

  /** Counts one visited node against the file's budget. */
  void spend() {
    budget.spend();
  }

  static Location locationOf(Node node) {
    return YamlStream.location(node.getStartMark());
  }

  private Location recordedLocation(String path) {
    String current = path;
    while (true) {
      Location found = locations.get(current);
      if (found != null) {
        return found;
      }
      if (current.isEmpty()) {
        return Location.UNKNOWN;
      }
      int cut = Math.max(current.lastIndexOf('.'), current.lastIndexOf('['));
      current = cut <= 0 ? "" : current.substring(0, cut);
    }
  }

  /** The file's allowance of node visits. */
  static final class WalkBudget {
    private long remaining;
    private final long limit;

    /**
     * Without aliases a text cannot hold more nodes than it has bytes, so a budget of {@code maxBytes} visits only
     * stops texts that aliases expand beyond what their size could hold.
     */
    WalkBudget(long limit) {
      this.limit = limit;
      this.remaining = limit;
    }

    void spend() {
      if (--remaining < 0) {
        throw new LimitExceededException("aliases expand the text to more than " + limit
            + " values; write the values out instead", Optional.empty());
      }
    }
  }
}
