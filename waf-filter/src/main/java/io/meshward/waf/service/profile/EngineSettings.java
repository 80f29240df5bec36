package io.meshward.waf.service.profile;

import io.meshward.policy.model.WafProfile.Exclusion;
import java.util.List;

/**
 * The part of a profile that is compiled into the rule set. Two profiles that differ only in bounds or fail policy
 * share an engine: a CRS engine costs seconds to load and tens of megabytes to hold.
 */
record EngineSettings(int paranoiaLevel, int inboundThreshold, int outboundThreshold, List<String> allowedMethods,
                      List<String> allowedContentTypes, List<Exclusion> exclusions, String extraSecLang) {
  EngineSettings {
    allowedMethods = List.copyOf(allowedMethods);
    allowedContentTypes = List.copyOf(allowedContentTypes);
    exclusions = List.copyOf(exclusions);
  }
}
