package io.meshward.controlplane.learn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the request paths one destination workload receives into templates, learning as it goes: values that look
 * like ids become placeholders ({@link SegmentShape}), and a position that keeps taking new names (usernames, file
 * names, slugs) collapses to {@code *} once it has seen more than {@code maxDistinct} of them. So
 * {@code /users/123/orders/9f1c2e3d4b5a} is {@code /users/{id}/orders/{id}}, and {@code /files/report-q3.pdf} is
 * {@code /files/*} once a thousand other file names have come by.
 *
 * <p>Bounded: at most {@code maxNodes} distinct template prefixes are remembered (past that, new names become
 * {@code *} without being remembered), a path is read up to {@link #MAX_PATH_LENGTH} characters and
 * {@link #MAX_SEGMENTS} segments, the rest becoming one {@code **}. The query string and fragment are not part of a
 * template. Thread-safe.
 */
public final class PathTemplater {
  static final int MAX_PATH_LENGTH = 2_048;
  static final int MAX_SEGMENTS = 32;
  /** The template segment that stands for the rest of a path too long to read. */
  public static final String REST = "**";

  private final int maxDistinct;
  private final int maxNodes;
  private final Node root = new Node();
  private int nodes = 1;

  private static final class Node {
    Map<String, Node> children;
    int names;
    boolean collapsed;
    // The template that ends here, made once: every path of this shape then yields the same String instance, whose
    // hash is computed once for all the edge lookups that follow.
    String template;

    Node child(String key) {
      return children == null ? null : children.get(key);
    }
  }

  /**
   * @param maxDistinct how many distinct names one position may take before it collapses to {@code *}
   * @param maxNodes how many distinct template prefixes to remember at most
   */
  public PathTemplater(int maxDistinct, int maxNodes) {
    if (maxDistinct < 1 || maxNodes < 1) {
      throw new IllegalArgumentException("maxDistinct and maxNodes must be positive");
    }
    this.maxDistinct = maxDistinct;
    this.maxNodes = maxNodes;
  }

  /** The template of {@code path} (a request path, with or without a query), remembering what it teaches. */
  public synchronized String template(String path) {
    List<String> segments = segments(path);
    StringBuilder template = new StringBuilder(Math.min(path.length(), MAX_PATH_LENGTH) + 8);
    Node node = root;
    for (String segment : segments) {
      String shape = segment.equals(REST) ? REST : SegmentShape.templateOf(segment);
      if (!SegmentShape.isPlaceholder(shape) && !shape.equals(REST) && node != null) {
        shape = nameOrWildcard(node, shape);
      }
      template.append('/').append(shape);
      node = node == null ? null : descend(node, shape);
    }
    String text = template.length() == 0 ? "/" : template.toString();
    if (node == null) {
      return text;
    }
    if (node.template == null) {
      node.template = text;
    }
    return node.template;
  }

  /**
   * Remembers a template learned before (read back from the store after a restart): its names count towards their
   * positions' caps, and a {@code *} marks its position as collapsed, so that the paths it stood for map to it
   * again rather than to new edges.
   */
  public synchronized void remember(String template) {
    Node node = root;
    for (String segment : segments(template)) {
      if (node == null) {
        return;
      }
      if (segment.equals(SegmentShape.ANY)) {
        node.collapsed = true;
      }
      node = descend(node, segment);
    }
  }

  /** How many distinct template prefixes are remembered. */
  public synchronized int nodes() {
    return nodes;
  }

  private String nameOrWildcard(Node node, String name) {
    if (node.collapsed) {
      return node.child(name) != null ? name : SegmentShape.ANY;
    }
    if (node.child(name) != null) {
      return name;
    }
    if (node.names >= maxDistinct) {
      node.collapsed = true;
      return SegmentShape.ANY;
    }
    return name;
  }

  /** The child for {@code key}, made when there is room; null when the budget is spent (nothing more is learned). */
  private Node descend(Node node, String key) {
    Node child = node.child(key);
    if (child != null) {
      return child;
    }
    if (nodes >= maxNodes) {
      return null;
    }
    if (node.children == null) {
      node.children = new HashMap<>(4);
    }
    child = new Node();
    node.children.put(key, child);
    nodes++;
    if (!SegmentShape.isPlaceholder(key) && !key.equals(REST)) {
      node.names++;
    }
    return child;
  }

  /** The path's segments without query and fragment; a too long or too deep rest becomes one {@link #REST}. */
  static List<String> segments(String path) {
    int end = path.length();
    for (int i = 0; i < end; i++) {
      char c = path.charAt(i);
      if (c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    boolean truncated = end > MAX_PATH_LENGTH;
    if (truncated) {
      end = MAX_PATH_LENGTH;
    }
    List<String> segments = new ArrayList<>();
    int start = end > 0 && path.charAt(0) == '/' ? 1 : 0;
    if (start >= end && !truncated) {
      return segments;
    }
    while (start <= end) {
      int slash = path.indexOf('/', start);
      if (slash < 0 || slash > end) {
        slash = end;
      }
      if (segments.size() == MAX_SEGMENTS || truncated && slash == end) {
        // A segment cut by the length limit is not a real segment: it and the rest go as one.
        segments.add(REST);
        return segments;
      }
      segments.add(path.substring(start, slash));
      start = slash + 1;
    }
    return segments;
  }
}
