package io.meshward.waf.service.extproc;

import io.envoyproxy.envoy.service.ext_proc.v3.ExternalProcessorGrpc;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;
import io.meshward.waf.service.dlp.DecodingLimits;
import io.meshward.waf.service.dlp.SkippedBodies;
import io.meshward.waf.service.inspect.InspectionPool;
import io.meshward.waf.service.log.OnceLog;
import io.meshward.waf.service.report.ExchangeListener;
import io.meshward.waf.service.respond.DenialBody;
import io.meshward.waf.service.route.RouteContext;
import io.meshward.waf.service.route.RouteContextResolver;

/**
 * {@code envoy.service.ext_proc.v3.ExternalProcessor/Process}: a {@link ProcessingStream} per HTTP exchange, with the
 * route's context read from the stream's initial metadata. Register {@link #definition()}, which includes the
 * metadata interceptor.
 */
public final class ExternalProcessorService extends ExternalProcessorGrpc.ExternalProcessorImplBase {
  private final RouteContextResolver routes;
  private final InspectionPool pool;
  private final ProcessingResponses responses;
  private final OnceLog problems;
  private final ExchangeListener reporting;
  private final DecodingLimits decoding;
  private final SkippedBodies skips;

  /**
   * @param reporting told about every exchange when its stream ends (metrics, events, audit log); must not block
   */
  public ExternalProcessorService(RouteContextResolver routes, InspectionPool pool, DenialBody denialBody,
                                  OnceLog problems, ExchangeListener reporting) {
    this(routes, pool, denialBody, problems, reporting, DecodingLimits.defaults(), SkippedBodies.NONE);
  }

  /**
   * @param decoding how far compressed response bodies are decoded for the DLP sensors
   * @param skips told when the DLP sensors skip a response body (or its masking)
   */
  public ExternalProcessorService(RouteContextResolver routes, InspectionPool pool, DenialBody denialBody,
                                  OnceLog problems, ExchangeListener reporting, DecodingLimits decoding,
                                  SkippedBodies skips) {
    this.routes = routes;
    this.pool = pool;
    this.responses = new ProcessingResponses(denialBody);
    this.problems = problems;
    this.reporting = reporting;
    this.decoding = decoding;
    this.skips = skips;
  }

  /** The service with the interceptor that reads the route's metadata. */
  public ServerServiceDefinition definition() {
    return ServerInterceptors.intercept(this, RouteMetadata.interceptor());
  }

  @Override
  public StreamObserver<ProcessingRequest> process(StreamObserver<ProcessingResponse> responseObserver) {
    RouteMetadata metadata = RouteMetadata.current();
    RouteContext route = routes.resolve(metadata.workload(), metadata.mode(), metadata.profile());
    return new ProcessingStream(responseObserver, route, pool, responses, problems, reporting, decoding, skips);
  }
}
