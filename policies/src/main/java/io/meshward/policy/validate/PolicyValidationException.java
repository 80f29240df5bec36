package io.meshward.policy.validate;

import java.util.List;
import java.util.stream.Collectors;

/** Policy text or a set of policies was rejected; {@link #errors()} says every reason found. */
public final class PolicyValidationException extends Exception {
  private final List<PolicyError> errors;

  public PolicyValidationException(List<PolicyError> errors) {
    super(errors.stream().map(PolicyError::format).collect(Collectors.joining("\n")));
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a validation failure needs at least one error");
    }
    this.errors = List.copyOf(errors);
  }

  /** The errors, in the order of the source; never empty. */
  public List<PolicyError> errors() {
    return errors;
  }
}
