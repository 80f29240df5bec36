package io.meshward.waf.service.inspect;

/** Ends an inspection early with a {@link Failure}; caught by the service, never seen by a caller. */
public final class InspectionFailedException extends Exception {
  private final Failure failure;

  public InspectionFailedException(Failure failure, String detail) {
    super(detail, null, false, false);
    this.failure = failure;
  }

  public Failure failure() {
    return failure;
  }
}
