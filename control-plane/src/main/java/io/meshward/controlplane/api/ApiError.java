package io.meshward.controlplane.api;

import java.util.List;

/**
 * The body of every error response: a message for people, and where it applies the precise problems.
 *
 * @param error what went wrong, in one sentence
 * @param details for policy validation, one entry per problem (file, document, field path, line, message)
 */
public record ApiError(String error, List<?> details) {
  public static ApiError of(String error) {
    return new ApiError(error, List.of());
  }
}
