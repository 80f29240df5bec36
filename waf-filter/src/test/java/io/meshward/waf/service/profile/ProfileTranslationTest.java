package io.meshward.waf.service.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshward.policy.model.WafProfile.Exclusion;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SecLang a profile becomes, before and after CRS: a pure function, checked on its text. */
class ProfileTranslationTest {
  private static EngineSettings settings(List<Exclusion> exclusions, String extra) {
    return new EngineSettings(2, 7, 6, List.of("GET", "PATCH"), List.of("application/json",
        "application/merge-patch+json"), exclusions, extra);
  }

  @Test
  void theCrsParametersGoBeforeCrsInTheSetupAction() {
    String before = ProfileTranslation.beforeCrs(settings(List.of(), ""));

    assertThat(before).contains("setvar:tx.blocking_paranoia_level=2",
        "setvar:tx.inbound_anomaly_score_threshold=7", "setvar:tx.outbound_anomaly_score_threshold=6",
        "setvar:'tx.allowed_methods=GET PATCH'",
        "setvar:'tx.allowed_request_content_type=|application/json| |application/merge-patch+json|'");
  }

  @Test
  void eachExclusionBecomesOneDirectiveAfterCrsInTheProfilesOrderWithItsReasonAsAComment() {
    String after = ProfileTranslation.afterCrs(settings(List.of(
        new Exclusion.Rules(920350, 920350, "clients use IP addresses"),
        new Exclusion.Rules(942100, 942199, ""),
        new Exclusion.Tag("attack-rce", "two\nlines"),
        new Exclusion.Target(942100, "ARGS:json.note", ""),
        new Exclusion.Target(941100, "REQUEST_COOKIES:/^_ga/", "")), ""));

    assertThat(after.lines().toList()).containsExactly(
        "# meshward waf-filter: the profile's exclusions and extra SecLang (generated)",
        "# clients use IP addresses",
        "SecRuleRemoveById 920350",
        "SecRuleRemoveById 942100-942199",
        "# two lines",
        "SecRuleRemoveByTag \"attack-rce\"",
        "SecRuleUpdateTargetById 942100 \"!ARGS:json.note\"",
        "SecRuleUpdateTargetById 941100 \"!REQUEST_COOKIES:/^_ga/\"");
  }

  @Test
  void extraSecLangComesLastAndEndsWithALineBreak() {
    String after = ProfileTranslation.afterCrs(settings(List.of(new Exclusion.Rules(1, 1, "")),
        "SecRule ARGS:debug \"@streq 1\" \"id:1000001,phase:2,deny\""));

    assertThat(after).endsWith("SecRuleRemoveById 1\n# extra SecLang\n"
        + "SecRule ARGS:debug \"@streq 1\" \"id:1000001,phase:2,deny\"\n");
  }

  @Test
  void theSameSettingsGiveTheSameText() {
    List<Exclusion> exclusions = List.of(new Exclusion.Tag("attack-sqli", "x"));

    assertThat(ProfileTranslation.afterCrs(settings(exclusions, "# a")))
        .isEqualTo(ProfileTranslation.afterCrs(settings(List.copyOf(exclusions), "# a")));
  }
}
