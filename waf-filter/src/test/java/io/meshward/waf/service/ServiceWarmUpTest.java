package io.meshward.waf.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.meshward.waf.service.warmup.ServiceWarmUp;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The warm-up before waf-filter listens: real checks over a loopback port of its own, reported nowhere. */
class ServiceWarmUpTest {

  @Test
  void aServerThatWarmedUpReportsNothingOfItAndServesAsUsual() throws Exception {
    try (RunningWafFilter waf = RunningWafFilter.start(RunningWafFilter.config().withWarmUp(Duration.ofMillis(500)))) {
      String metrics = waf.server.metrics().scrape();
      assertThat(metrics).doesNotContain("meshward_waf_checks_total{").doesNotContain("meshward_waf_rule_hits_total{");

      CheckResponse response = waf.authz().check(EnvoyCheck.get("/api/orders?page=1").build());
      assertThat(response.getStatus().getCode()).isZero();
      // counted once the answer is sent, just after the client has it
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(waf.server.metrics().scrape())
          .containsPattern("meshward_waf_checks_total\\{[^}]*} 1.0"));
    }
  }

  @Test
  void sendsChecksForItsDurationAndAnswersEveryOne() {
    AtomicInteger seen = new AtomicInteger();
    AuthorizationGrpc.AuthorizationImplBase service = new AuthorizationGrpc.AuthorizationImplBase() {
      @Override
      public void check(CheckRequest request, StreamObserver<CheckResponse> answer) {
        assertThat(request.getAttributes().getContextExtensionsMap()).containsEntry("meshward.profile", "api");
        seen.incrementAndGet();
        answer.onNext(CheckResponse.getDefaultInstance());
        answer.onCompleted();
      }
    };
    ServiceWarmUp.Outcome outcome = new ServiceWarmUp(Duration.ofMillis(300)).run(service, "api");
    assertThat(outcome.checks()).isPositive().isEqualTo(seen.get());
    assertThat(outcome.failed()).isZero();
    assertThat(outcome.took()).isGreaterThanOrEqualTo(Duration.ofMillis(300)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void aServiceThatFailsEveryCheckEndsTheWarmUpInTimeAndIsCounted() {
    AuthorizationGrpc.AuthorizationImplBase failing = new AuthorizationGrpc.AuthorizationImplBase() {
      @Override
      public void check(CheckRequest request, StreamObserver<CheckResponse> answer) {
        answer.onError(Status.INTERNAL.asRuntimeException());
      }
    };
    ServiceWarmUp.Outcome outcome = new ServiceWarmUp(Duration.ofMillis(200)).run(failing, "default");
    assertThat(outcome.failed()).isPositive();
    assertThat(outcome.checks()).isZero();
    assertThat(outcome.took()).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void noWarmUpSendsNothingAndANegativeOneIsRefused() {
    assertThat(new ServiceWarmUp(Duration.ZERO).run(new AuthorizationGrpc.AuthorizationImplBase() { }, "default"))
        .isEqualTo(new ServiceWarmUp.Outcome(0, 0, Duration.ZERO));
    assertThatThrownBy(() -> new ServiceWarmUp(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RunningWafFilter.config().withWarmUp(Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from 0 to 5 minutes");
  }
}
