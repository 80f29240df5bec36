package io.meshward.waf.service.profile;

import io.meshward.policy.model.WafProfile.Exclusion;
import java.util.ArrayList;
import java.util.List;

/**
 * A profile as engine configuration: the SecLang loaded before CRS (the set-up a ModSecurity installation keeps in
 * modsecurity.conf and crs-setup.conf), and the SecLang loaded after it (the profile's exclusions, then its extra
 * SecLang). Pure functions of the profile's engine settings.
 *
 * <p>Exclusions come after CRS because {@code SecRuleRemoveById} and {@code SecRuleUpdateTargetById} act on rules
 * already loaded; written before CRS they would find nothing to act on.
 */
public final class ProfileTranslation {
  private ProfileTranslation() {}

  /** The SecLang loaded before CRS. */
  static String beforeCrs(EngineSettings settings) {
    return EngineSetup.text(settings);
  }

  /** The SecLang loaded after CRS: one directive per exclusion, in the profile's order, then the extra SecLang. */
  static String afterCrs(EngineSettings settings) {
    List<String> lines = new ArrayList<>();
    lines.add("# meshward waf-filter: the profile's exclusions and extra SecLang (generated)");
    for (Exclusion exclusion : settings.exclusions()) {
      if (!exclusion.reason().isEmpty()) {
        lines.add("# " + exclusion.reason().replaceAll("[\\r\\n]+", " "));
      }
      lines.add(directive(exclusion));
    }
    StringBuilder text = new StringBuilder(String.join("\n", lines)).append('\n');
    if (!settings.extraSecLang().isEmpty()) {
      text.append("# extra SecLang\n").append(settings.extraSecLang());
      if (!settings.extraSecLang().endsWith("\n")) {
        text.append('\n');
      }
    }
    return text.toString();
  }

  /**
   * The directive of one exclusion. Tags and targets were checked against narrow character sets when the profile
   * was read, so they are written into quotes as they are.
   */
  static String directive(Exclusion exclusion) {
    if (exclusion instanceof Exclusion.Rules rules) {
      return "SecRuleRemoveById " + (rules.first() == rules.last()
          ? Integer.toString(rules.first()) : rules.first() + "-" + rules.last());
    }
    if (exclusion instanceof Exclusion.Tag tag) {
      return "SecRuleRemoveByTag \"" + tag.tag() + "\"";
    }
    Exclusion.Target target = (Exclusion.Target) exclusion;
    return "SecRuleUpdateTargetById " + target.ruleId() + " \"!" + target.target() + "\"";
  }
}
