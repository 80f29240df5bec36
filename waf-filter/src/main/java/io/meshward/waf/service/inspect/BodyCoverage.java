package io.meshward.waf.service.inspect;

/** How much of a body the engine saw. */
public enum BodyCoverage {
  /** All of it (or there was none). */
  FULL,
  /** The first bytes, up to the profile's limit (INSPECT_PARTIAL). */
  PARTIAL,
  /** None: it was longer than the profile's limit (REJECT). */
  OVER_LIMIT,
  /**
   * None: a gRPC message body (length-prefixed protobuf without its schema), which CRS's text rules cannot judge;
   * the call's path (the gRPC method) and headers are inspected.
   */
  NOT_INSPECTED_GRPC,
  /** A STREAMED body whose chunks came out of order: the rest was not inspected. */
  INCOMPLETE
}
