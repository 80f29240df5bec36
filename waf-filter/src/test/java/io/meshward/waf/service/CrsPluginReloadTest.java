package io.meshward.waf.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.rpc.Code;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CRS plugin dropped into a running waf-filter's CRS directory takes effect through the file watcher. */
class CrsPluginReloadTest {
  @TempDir
  Path crs;

  private static int check(RunningWafFilter waf) {
    return waf.authz().check(EnvoyCheck.get(AuthorizationServiceTest.SQLI).route("shop/orders", "ENFORCE", "default")
        .build()).getStatus().getCode();
  }

  @Test
  void anAfterPluginWrittenWhileServingIsLoadedAroundTheRules() throws Exception {
    Path shared = RunningWafFilter.crsV4().toAbsolutePath();
    Files.createSymbolicLink(crs.resolve("rules"), shared.resolve("rules"));
    Files.copy(shared.resolve("crs-setup.conf.example"), crs.resolve("crs-setup.conf"));
    Path plugins = Files.createDirectories(crs.resolve("plugins"));
    Files.writeString(plugins.resolve("empty-after.conf"), "# CRS ships empty placeholders like this one\n");

    WafFilterConfig config = WafFilterConfig.defaults(crs).withAddress(new InetSocketAddress("127.0.0.1", 0))
        .withWarmUp(Duration.ZERO);
    try (RunningWafFilter waf = RunningWafFilter.start(config)) {
      assertThat(check(waf)).isEqualTo(Code.PERMISSION_DENIED_VALUE);

      Files.writeString(plugins.resolve("shop-after.conf"), "SecRuleRemoveByTag attack-sqli\n");

      // The watcher reloads after its debounce; compiling the new engine takes seconds on a loaded machine.
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
          .until(() -> check(waf) == Code.OK_VALUE);
    }
  }
}
