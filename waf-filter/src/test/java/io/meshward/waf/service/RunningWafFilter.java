package io.meshward.waf.service;

import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.ext_proc.v3.ExternalProcessorGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.meshward.waf.service.profile.WafProfile;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real waf-filter server on a loopback port chosen by the OS, and a real gRPC client channel to it. */
final class RunningWafFilter implements AutoCloseable {
  final WafFilterServer server;
  final ManagedChannel channel;

  private RunningWafFilter(WafFilterServer server) {
    this.server = server;
    this.channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
        .usePlaintext()
        .maxInboundMessageSize(32 * 1024 * 1024)
        .build();
  }

  static RunningWafFilter start(List<WafProfile> profiles) throws Exception {
    return start(config().withProfiles(profiles));
  }

  static RunningWafFilter start(WafFilterConfig config) throws Exception {
    return new RunningWafFilter(WafFilterServer.start(config));
  }

  /** The defaults on a free port, without the warm-up: it costs seconds per start ({@code ServiceWarmUpTest}). */
  static WafFilterConfig config() {
    return WafFilterConfig.defaults(crsV4()).withAddress(new InetSocketAddress("127.0.0.1", 0))
        .withWarmUp(Duration.ZERO);
  }

  AuthorizationGrpc.AuthorizationBlockingStub authz() {
    return AuthorizationGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  /** An ext_proc stub with the per-route metadata the control plane configures (null values left out). */
  ExternalProcessorGrpc.ExternalProcessorStub extProc(String workload, String mode, String profile) {
    Metadata metadata = new Metadata();
    put(metadata, "x-meshward-workload", workload);
    put(metadata, "x-meshward-mode", mode);
    put(metadata, "x-meshward-profile", profile);
    return ExternalProcessorGrpc.newStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata));
  }

  private static void put(Metadata metadata, String key, String value) {
    if (value != null) {
      metadata.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), value);
    }
  }

  /** CRS v4 in ../shared beside the project (set -Dmeshward.shared.dir to move it). */
  static Path crsV4() {
    Path crs = Path.of(System.getProperty("meshward.shared.dir", "../../shared")).resolve("crs").resolve("v4");
    if (!Files.isDirectory(crs.resolve("rules"))) {
      throw new IllegalStateException("the CRS v4 rules are expected under " + crs.toAbsolutePath());
    }
    return crs;
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow();
    channel.awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }
}
