package io.meshward.waf.service.profile;

import io.meshward.waf.WafEngine;

/** A profile with the engine compiled for it: what an inspection needs. */
public record LoadedProfile(WafProfile profile, WafEngine engine) {
  public String name() {
    return profile.name();
  }
}
