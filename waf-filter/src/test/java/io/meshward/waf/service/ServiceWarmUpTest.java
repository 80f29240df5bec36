package io.meshward.waf.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.ExternalProcessorGrpc;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.meshward.waf.service.warmup.ServiceWarmUp;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The warm-up before waf-filter listens: real traffic over a loopback port of its own, reported nowhere. */
class ServiceWarmUpTest {

  @Test
  void aServerThatWarmedUpReportsNothingOfItAndServesAsUsual() throws Exception {
    try (RunningWafFilter waf = RunningWafFilter.start(RunningWafFilter.config().withWarmUp(Duration.ofMillis(500)))) {
      String metrics = waf.server.metrics().scrape();
      assertThat(metrics).doesNotContain("meshward_waf_checks_total{").doesNotContain("meshward_waf_rule_hits_total{")
          .doesNotContain("meshward_waf_inspected_bytes_total{");

      CheckResponse response = waf.authz().check(EnvoyCheck.get("/api/orders?page=1").build());
      assertThat(response.getStatus().getCode()).isZero();
      // counted once the answer is sent, just after the client has it
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(waf.server.metrics().scrape())
          .containsPattern("meshward_waf_checks_total\\{[^}]*} 1.0"));
    }
  }

  @Test
  void sendsChecksAndResponsesForItsDurationWithTheProfilesRouteContext() {
    AtomicInteger checks = new AtomicInteger();
    List<ProcessingRequest.RequestCase> messages = new CopyOnWriteArrayList<>();
    AuthorizationGrpc.AuthorizationImplBase authorization = new AuthorizationGrpc.AuthorizationImplBase() {
      @Override
      public void check(CheckRequest request, StreamObserver<CheckResponse> answer) {
        if (request.getAttributes().getContextExtensionsMap().get("meshward.profile").equals("api")) {
          checks.incrementAndGet();
        }
        answer.onNext(CheckResponse.getDefaultInstance());
        answer.onCompleted();
      }
    };
    ServiceWarmUp.Outcome outcome = new ServiceWarmUp(Duration.ofMillis(300))
        .run(authorization, answeringEachMessage(messages), "api");

    assertThat(outcome.checks()).isPositive().isEqualTo(checks.get());
    assertThat(outcome.responses()).isPositive();
    assertThat(messages).hasSize((int) outcome.responses() * 2);
    assertThat(messages.stream().filter(m -> m == ProcessingRequest.RequestCase.RESPONSE_HEADERS).count())
        .isEqualTo(outcome.responses());
    assertThat(outcome.failed()).isZero();
    assertThat(outcome.took()).isGreaterThanOrEqualTo(Duration.ofMillis(300)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void servicesThatFailEveryCallEndTheWarmUpInTimeAndAreCounted() {
    AuthorizationGrpc.AuthorizationImplBase failing = new AuthorizationGrpc.AuthorizationImplBase() {
      @Override
      public void check(CheckRequest request, StreamObserver<CheckResponse> answer) {
        answer.onError(Status.INTERNAL.asRuntimeException());
      }
    };
    ServerServiceDefinition failingProcessor = new ExternalProcessorGrpc.ExternalProcessorImplBase() {
      @Override
      public StreamObserver<ProcessingRequest> process(StreamObserver<ProcessingResponse> answers) {
        answers.onError(Status.INTERNAL.asRuntimeException());
        return new Ignoring();
      }
    }.bindService();
    ServiceWarmUp.Outcome outcome = new ServiceWarmUp(Duration.ofMillis(200)).run(failing, failingProcessor, "default");
    assertThat(outcome.failed()).isPositive();
    assertThat(outcome.checks()).isZero();
    assertThat(outcome.responses()).isZero();
    assertThat(outcome.took()).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void noWarmUpSendsNothingAndANegativeOrOverlongOneIsRefused() {
    assertThat(new ServiceWarmUp(Duration.ZERO).run(new AuthorizationGrpc.AuthorizationImplBase() { },
        answeringEachMessage(new CopyOnWriteArrayList<>()), "default"))
        .isEqualTo(new ServiceWarmUp.Outcome(0, 0, 0, Duration.ZERO));
    assertThatThrownBy(() -> new ServiceWarmUp(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RunningWafFilter.config().withWarmUp(Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from 0 to 5 minutes");
  }

  /** An ext_proc service that answers every message and ends the stream when the client does. */
  private static ServerServiceDefinition answeringEachMessage(List<ProcessingRequest.RequestCase> seen) {
    return new ExternalProcessorGrpc.ExternalProcessorImplBase() {
      @Override
      public StreamObserver<ProcessingRequest> process(StreamObserver<ProcessingResponse> answers) {
        return new StreamObserver<>() {
          @Override
          public void onNext(ProcessingRequest request) {
            seen.add(request.getRequestCase());
            answers.onNext(ProcessingResponse.getDefaultInstance());
          }

          @Override
          public void onError(Throwable t) {
          }

          @Override
          public void onCompleted() {
            answers.onCompleted();
          }
        };
      }
    }.bindService();
  }

  private static final class Ignoring implements StreamObserver<ProcessingRequest> {
    @Override
    public void onNext(ProcessingRequest request) {
    }

    @Override
    public void onError(Throwable t) {
    }

    @Override
    public void onCompleted() {
    }
  }
}
