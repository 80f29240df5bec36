package io.meshward.waf.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.Code;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.meshward.waf.service.profile.LiveProfiles;
import io.meshward.waf.service.profile.ProfileRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WafProfile files loaded by a real server, changed while it serves: over real gRPC on loopback, with CheckRequests
 * shaped as Envoy sends them.
 */
class ProfileReloadTest {
  private static final String SQLI = AuthorizationServiceTest.SQLI;
  private static final String BENIGN = "/api/orders?page=2&sort=created_at";

  @TempDir
  static Path profiles;
  private static RunningWafFilter waf;

  /** Profile "api": the default's detection with the given inbound threshold, and a budget no CI load can spend. */
  private static String api(int inboundThreshold, String extraSpec) {
    return """
        apiVersion: meshward.io/v1alpha1
        kind: WafProfile
        metadata:
          name: api
        spec:
          timeBudget: 10s
          anomalyThreshold:
            inbound: %d
        """.formatted(inboundThreshold) + extraSpec.indent(2);
  }

  private static final String NO_SQLI = """
      apiVersion: meshward.io/v1alpha1
      kind: WafProfile
      metadata:
        name: no-sqli
      spec:
        timeBudget: 10s
        exclusions:
          - tag: attack-sqli
            reason: the test's way to show that an exclusion reaches the engine
          - ruleIdRange: 920340-920350
          - ruleId: 941100
            target: ARGS:json.note
      """;

  @BeforeAll
  static void start() throws Exception {
    Files.writeString(profiles.resolve("api.yaml"), api(5, ""));
    Files.writeString(profiles.resolve("no-sqli.yaml"), NO_SQLI);
    waf = RunningWafFilter.start(RunningWafFilter.config().withProfilesPath(profiles, true));
  }

  @AfterAll
  static void stop() throws Exception {
    waf.close();
  }

  private static CheckResponse check(String path, String profile) {
    return waf.authz().check(EnvoyCheck.get(path).route("shop/orders", "ENFORCE", profile).build());
  }

  /** Restores the file every test starts from, and loads it. */
  private static void restore() throws Exception {
    Files.writeString(profiles.resolve("api.yaml"), api(5, ""));
    assertThat(waf.server.reload().applied()).isTrue();
  }

  @Test
  void profilesFromFilesServeBesideTheBuiltInDefaultAndTheirExclusionsReachTheEngine() throws Exception {
    restore();

    assertThat(waf.server.profiles().names()).containsExactly("api", "default", "no-sqli");
    assertThat(check(SQLI, "api").getStatus().getCode()).isEqualTo(Code.PERMISSION_DENIED_VALUE);
    assertThat(check(SQLI, "no-sqli").getStatus().getCode()).isEqualTo(Code.OK_VALUE);
  }

  @Test
  void aChangedThresholdTakesEffectThroughTheFileWatcher() throws Exception {
    restore();
    assertThat(check(SQLI, "api").getStatus().getCode()).isEqualTo(Code.PERMISSION_DENIED_VALUE);

    Files.writeString(profiles.resolve("api.yaml"), api(1000, ""));

    // The watcher reloads after the debounce; compiling the new engine takes seconds on a loaded machine.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    CheckResponse response = check(SQLI, "api");
    while (response.getStatus().getCode() != Code.OK_VALUE && System.nanoTime() < deadline) {
      Thread.sleep(200);
      response = check(SQLI, "api");
    }
    assertThat(response.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
    assertThat(AuthorizationServiceTest.headers(response.getOkResponse().getHeadersList()))
        .containsEntry("x-meshward-waf-action", "allow").containsKey("x-meshward-waf-score");
    restore();
  }

  @Test
  void aBrokenProfileFileIsRefusedWithFileLineAndFieldAndTheOldProfileKeepsServing() throws Exception {
    restore();

    Files.writeString(profiles.resolve("api.yaml"), api(1000, "paranoiaLevel: 7\n"));
    LiveProfiles.Outcome outcome = waf.server.reload();

    assertThat(outcome.applied()).isFalse();
    assertThat(outcome.message()).contains(profiles.resolve("api.yaml") + ":9:18: document 1 (WafProfile api):"
        + " spec.paranoiaLevel: must be between 1 and 4, got 7");
    // The watcher may reload the same files meanwhile; what matters is that the old "api" is the one in force.
    assertThat(waf.server.profiles().find("api").orElseThrow().profile().inboundThreshold()).isEqualTo(5);
    assertThat(check(SQLI, "api").getStatus().getCode()).isEqualTo(Code.PERMISSION_DENIED_VALUE);
    restore();
  }

  @Test
  void extraSecLangThatDoesNotCompileIsRefusedNamingTheFileAndTheOldProfileKeepsServing() throws Exception {
    restore();

    Files.writeString(profiles.resolve("api.yaml"), api(1000, """
        extraSecLang: |
          SecRule ARGS "@rx ok" "id:1000001,phase:2,pass"
          SecRule ARGS "@nosuchoperator x" "id:1000002,phase:2,pass"
        """));
    LiveProfiles.Outcome outcome = waf.server.reload();

    assertThat(outcome.applied()).isFalse();
    assertThat(outcome.message()).contains(profiles.resolve("api.yaml") + ": WafProfile api does not compile",
        "nosuchoperator");
    // The watcher may reload the same files meanwhile; what matters is that the old "api" is the one in force.
    assertThat(waf.server.profiles().find("api").orElseThrow().profile().inboundThreshold()).isEqualTo(5);
    assertThat(check(SQLI, "api").getStatus().getCode()).isEqualTo(Code.PERMISSION_DENIED_VALUE);
    restore();
  }

  @Test
  void noRequestFailsWhileRulesAndProfilesReloadAndEachGetsTheVerdictOfARuleSetInForce() throws Exception {
    restore();
    ProfileRegistry first = waf.server.profiles();
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger answered = new AtomicInteger();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    ExecutorService clients = Executors.newFixedThreadPool(4);
    List<Future<?>> loops = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      boolean attack = c % 2 == 0;
      loops.add(clients.submit(() -> {
        while (running.get()) {
          try {
            CheckResponse response = check(attack ? SQLI : BENIGN, "api");
            Map<String, String> added = AuthorizationServiceTest.headers(response.getOkResponse().getHeadersList());
            int expected = attack ? Code.PERMISSION_DENIED_VALUE : Code.OK_VALUE;
            if (response.getStatus().getCode() != expected || added.containsKey("x-meshward-waf-error")) {
              failures.add((attack ? "attack" : "benign") + " got " + response.getStatus() + " " + added);
            }
            answered.incrementAndGet();
          } catch (RuntimeException e) {
            failures.add(e.toString());
          }
        }
      }));
    }

    List<LiveProfiles.Outcome> outcomes = new ArrayList<>();
    outcomes.add(waf.server.reload());
    Files.writeString(profiles.resolve("api.yaml"), api(5, "failureMode: CLOSED\n"));
    outcomes.add(waf.server.reload());
    running.set(false);
    for (Future<?> loop : loops) {
      loop.get(60, TimeUnit.SECONDS);
    }
    clients.shutdown();

    assertThat(outcomes).allMatch(LiveProfiles.Outcome::applied);
    assertThat(waf.server.profiles()).isNotSameAs(first);
    assertThat(failures).isEmpty();
    assertThat(answered.get()).isGreaterThan(4);
    restore();
  }
}
