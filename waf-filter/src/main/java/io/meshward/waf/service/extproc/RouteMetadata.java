package io.meshward.waf.service.extproc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.meshward.waf.service.route.RouteContextResolver;

/**
 * ext_proc has no context extensions: the control plane puts the route's workload, mode and profile in the stream's
 * initial gRPC metadata ({@code grpc_initial_metadata} of {@code ExtProcPerRoute}). This interceptor hands them to the
 * stream through the gRPC context.
 *
 * @param workload the {@code x-meshward-workload} value, or null
 * @param mode the {@code x-meshward-mode} value, or null
 * @param profile the {@code x-meshward-profile} value, or null
 */
record RouteMetadata(String workload, String mode, String profile) {
  static final Context.Key<RouteMetadata> KEY = Context.key("meshward-route-metadata");
  private static final Metadata.Key<String> WORKLOAD =
      Metadata.Key.of(RouteContextResolver.WORKLOAD_METADATA, Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> MODE =
      Metadata.Key.of(RouteContextResolver.MODE_METADATA, Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> PROFILE =
      Metadata.Key.of(RouteContextResolver.PROFILE_METADATA, Metadata.ASCII_STRING_MARSHALLER);

  static RouteMetadata current() {
    RouteMetadata metadata = KEY.get();
    return metadata == null ? new RouteMetadata(null, null, null) : metadata;
  }

  static ServerInterceptor interceptor() {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                         ServerCallHandler<Q, R> next) {
        RouteMetadata route = new RouteMetadata(headers.get(WORKLOAD), headers.get(MODE), headers.get(PROFILE));
        return Contexts.interceptCall(Context.current().withValue(KEY, route), call, headers, next);
      }
    };
  }
}
