package io.meshward.waf.service.warmup;

import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
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
 * Sends checks through the whole gRPC path (Netty's HTTP/2, protobuf, the mapping, the engine) for a set time before
 * the service listens. A JVM runs new code slowly until its JIT has compiled it: measured at 2,000 checks a second,
 * a cold waf-filter answered 1,300-2,600 checks of its first five seconds with the overload outcome, uninspected,
 * and a warm one 120. The warm-up runs on a loopback port of its own with a service that reports nothing (no metrics,
 * events or audit records), so that nothing of it is seen outside the process.
 *
 * <p>It sends as fast as answers come, with a few checks outstanding: enough to keep the inspection threads busy,
 * never enough to overload them.
 */
public final class ServiceWarmUp {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceWarmUp.class);
  private static final int OUTSTANDING = 8;

  /** What a warm-up did. */
  public record Outcome(long checks, long failed, Duration took) {}

  private final Duration duration;

  /** @param duration how long to send checks; zero for none */
  public ServiceWarmUp(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("a warm-up cannot last " + duration);
    }
    this.duration = duration;
  }

  /**
   * Runs the warm-up against {@code authorization} (an ext_authz service built like the real one, reporting
   * nowhere) with the checks of {@code profile}. A warm-up that cannot start (no loopback port) is logged and
   * skipped: it only makes the first seconds faster.
   */
  public Outcome run(BindableService authorization, String profile) {
    if (duration.isZero()) {
      return new Outcome(0, 0, Duration.ZERO);
    }
    long start = System.nanoTime();
    Server server;
    try {
      server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
          .directExecutor()
          .addService(authorization)
          .build()
          .start();
    } catch (IOException e) {
      LOG.warn("warm-up skipped: no loopback port: {}", e.getMessage());
      return new Outcome(0, 0, Duration.ofNanos(System.nanoTime() - start));
    }
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext()
        .directExecutor().build();
    AtomicLong answered = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    Semaphore outstanding = new Semaphore(OUTSTANDING);
    try {
      AuthorizationGrpc.AuthorizationStub stub = AuthorizationGrpc.newStub(channel);
      List<CheckRequest> checks = WarmUpRequests.cycle(profile);
      long end = start + duration.toNanos();
      for (long i = 0; System.nanoTime() < end; i++) {
        if (!outstanding.tryAcquire(100, TimeUnit.MILLISECONDS)) {
          continue;
        }
        stub.check(checks.get((int) (i % checks.size())), new StreamObserver<>() {
          @Override
          public void onNext(CheckResponse response) {
            answered.incrementAndGet();
          }

          @Override
          public void onError(Throwable t) {
            failed.incrementAndGet();
            outstanding.release();
          }

          @Override
          public void onCompleted() {
            outstanding.release();
          }
        });
      }
      outstanding.tryAcquire(OUTSTANDING, 5, TimeUnit.SECONDS);
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
    Outcome outcome = new Outcome(answered.get(), failed.get(), Duration.ofNanos(System.nanoTime() - start));
    LOG.info("warmed up: {} checks in {} ms ({} failed)", outcome.checks(), outcome.took().toMillis(),
        outcome.failed());
    return outcome;
  }
}
