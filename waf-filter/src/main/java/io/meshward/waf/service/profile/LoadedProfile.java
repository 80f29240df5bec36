package io.meshward.waf.service.profile;

import io.meshward.waf.dlp.DlpEngine;
import io.meshward.waf.WafEngine;

/**
 * A profile with the engines compiled for it: what an inspection needs.
 *
 * @param dlp the DLP sensors the profile names (the default ones unless it names others), or empty for none
 */
public record LoadedProfile(WafProfile profile, WafEngine engine, java.util.Optional<DlpEngine> dlp) {
  public String name() {
    return profile.name();
  }
}
