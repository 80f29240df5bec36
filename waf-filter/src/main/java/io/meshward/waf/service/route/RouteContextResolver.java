package io.meshward.waf.service.route;

import io.meshward.waf.service.log.OnceLog;
import io.meshward.waf.service.profile.LoadedProfile;
import io.meshward.waf.service.profile.ProfileRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads the route's context: ext_authz's per-route {@code context_extensions}, or ext_proc's per-route gRPC initial
 * metadata (which carries the same values under {@code x-meshward-*} names, since ext_proc has no context
 * extensions). The key names are the ones control-plane's translate package writes.
 *
 * <p>The registry is asked for on every request: a reload swaps it, and each request keeps the profile (and engine)
 * it resolved.
 */
public final class RouteContextResolver {
  public static final String WORKLOAD_KEY = "meshward.workload";
  public static final String MODE_KEY = "meshward.mode";
  public static final String PROFILE_KEY = "meshward.profile";
  public static final String WORKLOAD_METADATA = "x-meshward-workload";
  public static final String MODE_METADATA = "x-meshward-mode";
  public static final String PROFILE_METADATA = "x-meshward-profile";

  private final Supplier<ProfileRegistry> profiles;
  private final ContextPolicy policy;
  private final OnceLog problems;

  public RouteContextResolver(Supplier<ProfileRegistry> profiles, ContextPolicy policy, OnceLog problems) {
    this.profiles = profiles;
    this.policy = policy;
    this.problems = problems;
  }

  /** From ext_authz's context extensions. */
  public RouteContext fromContextExtensions(Map<String, String> extensions) {
    return resolve(extensions.get(WORKLOAD_KEY), extensions.get(MODE_KEY), extensions.get(PROFILE_KEY));
  }

  /**
   * From values read elsewhere (ext_proc metadata); null for a value that is absent.
   */
  public RouteContext resolve(String workload, String modeText, String profileName) {
    Mode mode;
    if (modeText == null || modeText.isBlank()) {
      mode = policy.modeWhenAbsent();
      problems.warn("a route names no mode (" + MODE_KEY + "): treated as " + mode);
    } else {
      Optional<Mode> parsed = Mode.parse(modeText);
      mode = parsed.orElse(policy.modeWhenUnknown());
      if (parsed.isEmpty()) {
        problems.warn("a route names the unknown mode '" + modeText + "' (" + MODE_KEY + "): treated as " + mode);
      }
    }
    ProfileRegistry registry = profiles.get();
    LoadedProfile profile;
    if (profileName == null || profileName.isBlank()) {
      profile = registry.defaultProfile();
    } else {
      profile = registry.find(profileName).orElse(null);
      if (profile == null) {
        profile = registry.defaultProfile();
        problems.warn("a route names the unknown profile '" + profileName + "' (" + PROFILE_KEY
            + "): the default profile is used");
      }
    }
    return new RouteContext(workload == null ? "" : workload, mode, profile);
  }
}
