package io.meshward.waf.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshward.waf.Interruption;
import io.meshward.waf.Transaction;
import io.meshward.waf.WafConfig;
import io.meshward.waf.WafEngine;
import io.meshward.waf.rules.Rule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code WafConfig.Builder.crs} accepts as a CRS directory, and what it refuses with the reason. */
class CrsDirectoryTest {
  @TempDir
  Path dir;

  @Test
  void aCrsCheckoutLoadsWithItsExampleSetup() throws Exception {
    WafEngine engine = WafEngine.load(WafConfig.builder().crs(SharedData.crsV4()).build());
    assertThat(engine.ruleSet().rules()).hasSizeGreaterThan(500);
  }

  /** Debian's modsecurity-crs: the rules in /usr/share/modsecurity-crs, the setup in /etc/modsecurity/crs. */
  @Test
  void theCrsRulesWithoutTheirSetupAreRefusedWithWhatToDo() throws Exception {
    Files.createSymbolicLink(dir.resolve("rules"), SharedData.crsV4().resolve("rules").toAbsolutePath());

    assertThatThrownBy(() -> WafConfig.builder().crs(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("neither crs-setup.conf nor crs-setup.conf.example")
        .hasMessageContaining("rule 901001")
        .hasMessageContaining("/etc/modsecurity/crs/crs-setup.conf");
  }

  @Test
  void theSameRulesBesideASetupFileLoadAndBlock() throws Exception {
    Files.createSymbolicLink(dir.resolve("rules"), SharedData.crsV4().resolve("rules").toAbsolutePath());
    Files.copy(SharedData.crsV4().resolve("crs-setup.conf.example"), dir.resolve("crs-setup.conf"));
    WafEngine engine = WafEngine.load(WafConfig.builder().text("engine", "SecRuleEngine On\n").crs(dir).build());

    try (Transaction tx = engine.newTransaction("t")) {
      tx.processConnection("10.0.0.1", 40000, "10.0.0.2", 80);
      tx.processUri("/?id=1%27%20OR%201=1--", "GET", "HTTP/1.1");
      tx.addRequestHeader("Host", "shop.example");
      tx.addRequestHeader("Accept", "*/*");
      tx.addRequestHeader("User-Agent", "curl/8.5.0");
      assertThat(tx.processRequestHeaders()).isEmpty();
      Optional<Interruption> interruption = tx.processRequestBody();
      assertThat(interruption).map(Interruption::ruleId).contains(949110);
    }
  }

  /** CRS's plugin includes: setup, plugins' -config then -before, the rules, plugins' -after. */
  @Test
  void pluginsLoadAroundTheRulesInCrsOrderAndOtherPluginFilesDoNot() throws Exception {
    Files.createSymbolicLink(dir.resolve("rules"), SharedData.crsV4().resolve("rules").toAbsolutePath());
    Files.copy(SharedData.crsV4().resolve("crs-setup.conf.example"), dir.resolve("crs-setup.conf"));
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    Files.writeString(plugins.resolve("shop-after.conf"), "SecRuleRemoveById 942100\n"
        + "SecAction \"id:9500003,phase:1,pass,nolog\"\n");
    Files.writeString(plugins.resolve("shop-before.conf"), "SecAction \"id:9500002,phase:1,pass,nolog\"\n");
    Files.writeString(plugins.resolve("shop-config.conf"), "SecAction \"id:9500001,phase:1,pass,nolog\"\n");
    Files.writeString(plugins.resolve("README.md"), "SecFrobnicate On\n");
    Files.writeString(plugins.resolve("shop-disabled.conf.example"), "SecFrobnicate On\n");

    WafEngine engine = WafEngine.load(WafConfig.builder().crs(dir).build());
    List<Integer> ids = engine.ruleSet().rules().stream().map(Rule::id).toList();
    int setup = ids.indexOf(900990);
    int initialization = ids.indexOf(901001);
    assertThat(setup).as("crs-setup's last rule").isNotNegative();
    assertThat(ids.indexOf(9500001)).isGreaterThan(setup).isLessThan(ids.indexOf(9500002));
    assertThat(ids.indexOf(9500002)).isLessThan(initialization);
    assertThat(ids.indexOf(9500003)).isGreaterThan(ids.indexOf(980170));
    assertThat(ids).as("an -after plugin removes CRS rules by id").doesNotContain(942100);
  }

  @Test
  void aDirectoryOfOtherRulesNeedsNoSetup() throws Exception {
    Files.createDirectories(dir.resolve("rules"));
    Files.writeString(dir.resolve("rules/local.conf"), "SecRule ARGS \"@contains x\" \"id:1,phase:2,pass\"\n");
    assertThat(WafEngine.load(WafConfig.builder().crs(dir).build()).ruleSet().rules()).hasSize(1);
  }
}
