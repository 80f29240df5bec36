package io.meshward.waf.service.warmup;

import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.ExternalProcessorGrpc;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends traffic through the whole gRPC path (Netty's HTTP/2, protobuf, the mapping, the engine, the DLP sensors)
 * for a set time before the service listens. A JVM runs new code slowly until its JIT has compiled it: measured at
 * 2,000 checks a second, a cold waf-filter answered 1,300-2,600 checks of its first five seconds with the overload
 * outcome, uninspected; after a 3 s warm-up, 330-780. The warm-up runs on a loopback port of its own with services
 * that report nothing (no metrics, events or audit records), so that nothing of it is seen outside the process.
 *
 * <p>Two ext_authz checks go for each ext_proc exchange (a response's headers, then its body). It sends as fast as
 * answers come, with a few calls outstanding: enough to keep the inspection threads busy, never enough to overload
 * them.
 */
public final class ServiceWarmUp {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceWarmUp.class);
  private static final int OUTSTANDING = 8;

  /**
   * What a warm-up did.
   *
   * @param checks ext_authz checks answered
   * @param responses ext_proc exchanges that ended with an answer to each message
   * @param failed calls that ended in a gRPC error
   * @param took how long it ran
   */
  public record Outcome(long checks, long responses, long failed, Duration took) {}

  private final Duration duration;

  /** @param duration how long to send traffic; zero for none */
  public ServiceWarmUp(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("a warm-up cannot last " + duration);
    }
    this.duration = duration;
  }

  /**
   * Runs the warm-up against an ext_authz and an ext_proc service built like the real ones but reporting nowhere,
   * with the route context of {@code profile} in ENFORCE. A warm-up that cannot start (no loopback port) is logged
   * and skipped: it only makes the first seconds faster.
   */
  public Outcome run(BindableService authorization, ServerServiceDefinition processor, String profile) {
    if (duration.isZero()) {
      return new Outcome(0, 0, 0, Duration.ZERO);
    }
    long start = System.nanoTime();
    Server server;
    try {
      server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
          .directExecutor()
          .addService(authorization)
          .addService(processor)
          .build()
          .start();
    } catch (IOException e) {
      LOG.warn("warm-up skipped: no loopback port: {}", e.getMessage());
      return new Outcome(0, 0, 0, Duration.ofNanos(System.nanoTime() - start));
    }
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext()
        .directExecutor().build();
    Calls calls = new Calls();
    try {
      AuthorizationGrpc.AuthorizationStub authz = AuthorizationGrpc.newStub(channel);
      ExternalProcessorGrpc.ExternalProcessorStub extProc = ExternalProcessorGrpc.newStub(channel)
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(routeMetadata(profile)));
      List<CheckRequest> checks = WarmUpRequests.cycle(profile);
      List<ProcessingRequest> response = WarmUpRequests.response();
      long end = start + duration.toNanos();
      for (long i = 0; System.nanoTime() < end; i++) {
        if (!calls.outstanding.tryAcquire(100, TimeUnit.MILLISECONDS)) {
          continue;
        }
        if (i % 3 == 2) {
          new Exchange(response, calls).start(extProc);
        } else {
          authz.check(checks.get((int) (i % checks.size())), new Check(calls));
        }
      }
      calls.outstanding.tryAcquire(OUTSTANDING, 5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      channel.shutdownNow();
      server.shutdownNow();
      try {
        channel.awaitTermination(5, TimeUnit.SECONDS);
        server.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Outcome outcome = new Outcome(calls.checks.get(), calls.responses.get(), calls.failed.get(),
        Duration.ofNanos(System.nanoTime() - start));
    LOG.info("warmed up: {} checks and {} responses in {} ms ({} failed)", outcome.checks(), outcome.responses(),
        outcome.took().toMillis(), outcome.failed());
    return outcome;
  }

  private static Metadata routeMetadata(String profile) {
    Metadata metadata = new Metadata();
    metadata.put(Metadata.Key.of("x-meshward-workload", Metadata.ASCII_STRING_MARSHALLER), WarmUpRequests.WORKLOAD);
    metadata.put(Metadata.Key.of("x-meshward-mode", Metadata.ASCII_STRING_MARSHALLER), "ENFORCE");
    metadata.put(Metadata.Key.of("x-meshward-profile", Metadata.ASCII_STRING_MARSHALLER), profile);
    return metadata;
  }

  /** The calls in flight and their tally. */
  private static final class Calls {
    final Semaphore outstanding = new Semaphore(OUTSTANDING);
    final AtomicLong checks = new AtomicLong();
    final AtomicLong responses = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
  }

  /** A call's end, either way: counted, and its place freed for the next. */
  private abstract static class Call<T> implements StreamObserver<T> {
    final Calls calls;

    Call(Calls calls) {
      this.calls = calls;
    }

    @Override
    public void onError(Throwable t) {
      calls.failed.incrementAndGet();
      calls.outstanding.release();
    }

    @Override
    public void onCompleted() {
      calls.outstanding.release();
    }
  }

  private static final class Check extends Call<CheckResponse> {
    Check(Calls calls) {
      super(calls);
    }

    @Override
    public void onNext(CheckResponse response) {
      calls.checks.incrementAndGet();
    }
  }

  /** One ext_proc stream: each message is sent when the previous one is answered, then the stream is closed. */
  private static final class Exchange extends Call<ProcessingResponse> {
    private final List<ProcessingRequest> messages;
    private StreamObserver<ProcessingRequest> requests;
    private int answered;

    Exchange(List<ProcessingRequest> messages, Calls calls) {
      super(calls);
      this.messages = messages;
    }

    synchronized void start(ExternalProcessorGrpc.ExternalProcessorStub stub) {
      requests = stub.process(this);
      requests.onNext(messages.get(0));
    }

    @Override
    public synchronized void onNext(ProcessingResponse response) {
      answered++;
      if (answered < messages.size()) {
        requests.onNext(messages.get(answered));
      } else {
        calls.responses.incrementAndGet();
        requests.onCompleted();
      }
    }
  }
}
