package io.meshward.waf.service.inspect;

import com.google.protobuf.ByteString;
import io.meshward.waf.Interruption;
import io.meshward.waf.Transaction;
import io.meshward.waf.service.mapping.HeaderField;
import io.meshward.waf.service.mapping.InboundRequest;
import io.meshward.waf.service.profile.BodyLimitOutcome;
import io.meshward.waf.service.profile.WafProfile;
import java.util.Optional;

/**
 * Feeds a request to an engine transaction in a ModSecurity connector's order (connection, request line, headers,
 * phase 1, body, phase 2), with the profile's body limit applied before the engine sees a byte, and the deadline and
 * the engine's error checked after each phase. Stateless.
 */
public final class RequestPhases {
  /** What feeding the request left: the body coverage and the bytes handed to the engine. */
  public record Fed(BodyCoverage coverage, long inspectedBytes) {}

  /** Phase 1: connection, request line, headers. Returns the interruption, if any. */
  public Optional<Interruption> headers(Transaction tx, InboundRequest request, Deadline deadline)
      throws InspectionFailedException {
    tx.processConnection(request.source().address(), request.source().port(), request.destination().address(),
        request.destination().port());
    tx.processUri(request.target(), request.method(), request.protocol());
    for (HeaderField header : request.headers()) {
      tx.addRequestHeader(header.name(), header.value());
    }
    Optional<Interruption> interruption = tx.processRequestHeaders();
    check(tx, deadline, "request headers");
    return interruption;
  }

  /**
   * How much of a body of {@code declaredLength} bytes the profile lets the engine see; {@code grpc} bodies none.
   */
  public Fed plan(WafProfile profile, long declaredLength, String mediaType) {
    if (mediaType.startsWith("application/grpc")) {
      return new Fed(BodyCoverage.NOT_INSPECTED_GRPC, 0);
    }
    if (declaredLength <= profile.maxInspectedBodyBytes()) {
      return new Fed(BodyCoverage.FULL, declaredLength);
    }
    return profile.bodyLimitOutcome() == BodyLimitOutcome.REJECT
        ? new Fed(BodyCoverage.OVER_LIMIT, 0)
        : new Fed(BodyCoverage.PARTIAL, profile.maxInspectedBodyBytes());
  }

  /** Phase 2 with the whole body at hand (ext_authz): appends what the plan allows, then runs the phase. */
  public Fed body(Transaction tx, InboundRequest request, WafProfile profile, Deadline deadline)
      throws InspectionFailedException {
    Fed plan = plan(profile, request.declaredBodyLength(), request.mediaType());
    ByteString body = request.body();
    long allowed = plan.coverage() == BodyCoverage.FULL || plan.coverage() == BodyCoverage.PARTIAL
        ? Math.min(body.size(), plan.coverage() == BodyCoverage.FULL ? body.size() : plan.inspectedBytes())
        : 0;
    if (allowed > 0) {
      append(tx, body.substring(0, (int) allowed));
    }
    // Envoy sends at most max_request_bytes: a shorter body than declared was cut by the proxy.
    BodyCoverage coverage = plan.coverage() == BodyCoverage.FULL && body.size() < request.declaredBodyLength()
        ? BodyCoverage.PARTIAL : plan.coverage();
    tx.processRequestBody();
    check(tx, deadline, "request body");
    return new Fed(coverage, allowed);
  }

  /** Hands bytes to the engine without copying them into one array first when they already are one. */
  public static void append(Transaction tx, ByteString bytes) {
    for (java.nio.ByteBuffer buffer : bytes.asReadOnlyByteBufferList()) {
      if (buffer.hasArray()) {
        tx.appendRequestBody(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
      } else {
        byte[] copy = new byte[buffer.remaining()];
        buffer.get(copy);
        tx.appendRequestBody(copy, 0, copy.length);
      }
    }
  }

  /**
   * Fails the inspection when the engine reported an error, or when the budget is spent and there is work left (an
   * interruption already found is a decision, however late).
   */
  public static void check(Transaction tx, Deadline deadline, String where) throws InspectionFailedException {
    if (tx.engineError().isPresent()) {
      throw new InspectionFailedException(Failure.ENGINE_ERROR, where);
    }
    if (tx.interruption().isEmpty() && deadline.expired()) {
      throw new InspectionFailedException(Failure.TIMEOUT, where);
    }
  }
}
