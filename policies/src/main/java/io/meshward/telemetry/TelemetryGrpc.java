package io.meshward.telemetry;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.protobuf.ProtoFileDescriptorSupplier;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import io.grpc.protobuf.ProtoServiceDescriptorSupplier;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.meshward.telemetry.v1.ReportAck;
import io.meshward.telemetry.v1.TelemetryBatch;
import io.meshward.telemetry.v1.TelemetryProto;
import com.google.protobuf.Descriptors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The gRPC side of {@code meshward.telemetry.v1.TelemetryService}, written by hand: what protoc-gen-grpc-java would
 * generate for its one unary method (no binary of that plugin can be fetched where we build). The method and service
 * descriptors carry the proto's descriptors, so gRPC reflection describes the service as if it were generated.
 */
public final class TelemetryGrpc {
  public static final String SERVICE_NAME = "meshward.telemetry.v1.TelemetryService";

  private static final Descriptors.ServiceDescriptor PROTO_SERVICE =
      TelemetryProto.getDescriptor().findServiceByName("TelemetryService");

  public static final MethodDescriptor<TelemetryBatch, ReportAck> REPORT =
      MethodDescriptor.<TelemetryBatch, ReportAck>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE_NAME, "Report"))
          .setRequestMarshaller(ProtoUtils.marshaller(TelemetryBatch.getDefaultInstance()))
          .setResponseMarshaller(ProtoUtils.marshaller(ReportAck.getDefaultInstance()))
          .setSchemaDescriptor(new MethodSchema("Report"))
          .build();

  private static final ServiceDescriptor SERVICE = ServiceDescriptor.newBuilder(SERVICE_NAME)
      .setSchemaDescriptor(new ServiceSchema())
      .addMethod(REPORT)
      .build();

  private TelemetryGrpc() {}

  /**
   * The service definition for a server.
   *
   * @param report handles one batch; must complete the observer exactly once
   */
  public static ServerServiceDefinition service(BiConsumer<TelemetryBatch, StreamObserver<ReportAck>> report) {
    return ServerServiceDefinition.builder(SERVICE)
        .addMethod(REPORT, ServerCalls.asyncUnaryCall(report::accept))
        .build();
  }

  /** Sends one batch and waits for its acknowledgement, at most {@code timeoutMillis}. */
  public static ReportAck report(Channel channel, TelemetryBatch batch, long timeoutMillis) {
    return ClientCalls.blockingUnaryCall(channel, REPORT,
        CallOptions.DEFAULT.withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS), batch);
  }

  private static class ServiceSchema implements ProtoFileDescriptorSupplier, ProtoServiceDescriptorSupplier {
    @Override
    public Descriptors.FileDescriptor getFileDescriptor() {
      return TelemetryProto.getDescriptor();
    }

    @Override
    public Descriptors.ServiceDescriptor getServiceDescriptor() {
      return PROTO_SERVICE;
    }
  }

  private static final class MethodSchema extends ServiceSchema implements ProtoMethodDescriptorSupplier {
    private final String method;

    MethodSchema(String method) {
      this.method = method;
    }

    @Override
    public Descriptors.MethodDescriptor getMethodDescriptor() {
      return PROTO_SERVICE.findMethodByName(method);
    }
  }
}
