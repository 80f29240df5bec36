package io.meshward.policy.model;

import java.util.List;

/**
 * HTTP conditions of a rule. A request matches when its method is one of {@code methods} (any when empty), its path
 * one of {@code paths} (any when empty), and it carries every header of {@code headers}.
 */
public record HttpMatch(List<String> methods, List<PathPattern> paths, List<HeaderMatch> headers) {
  public HttpMatch {
    methods = Collections2.copyOf(methods);
    paths = Collections2.copyOf(paths);
    headers = Collections2.copyOf(headers);
  }

  public boolean isEmpty() {
    return methods.isEmpty() && paths.isEmpty() && headers.isEmpty();
  }
}
