package io.meshward.waf.service.profile;

import io.meshward.policy.model.FailureMode;
import io.meshward.policy.model.WafProfile.Exclusion;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a route is inspected: the CRS parameters (paranoia level, anomaly thresholds, what methods and request content
 * types are normal) and the service's bounds (body bytes inspected, time budget, what to do when inspection fails).
 * Immutable; a profile is looked up by name in a {@link ProfileRegistry}.
 *
 * @param name the name routes refer to in {@code meshward.profile}
 * @param paranoiaLevel CRS blocking paranoia level, 1-4
 * @param inboundThreshold CRS inbound anomaly score at which a request is denied
 * @param outboundThreshold CRS outbound anomaly score at which a response is denied
 * @param maxInspectedBodyBytes the most request (or response) body bytes handed to the engine
 * @param bodyLimitOutcome what a body over that limit gets
 * @param failPolicy what a request gets when it could not be inspected
 * @param timeBudget how long the inspection of one request (or one ext_proc message) may take
 * @param allowedMethods CRS {@code tx.allowed_methods}
 * @param allowedContentTypes CRS {@code tx.allowed_request_content_type} (media types, without parameters)
 * @param exclusions rules, or one rule's targets, removed from CRS (SecLang placed after CRS)
 * @param extraSecLang SecLang loaded after CRS and the exclusions; empty for none
 */
public record WafProfile(
    String name,
    int paranoiaLevel,
    int inboundThreshold,
    int outboundThreshold,
    int maxInspectedBodyBytes,
    BodyLimitOutcome bodyLimitOutcome,
    FailPolicy failPolicy,
    Duration timeBudget,
    List<String> allowedMethods,
    List<String> allowedContentTypes,
    List<Exclusion> exclusions,
    String extraSecLang,
    Optional<List<String>> dlpSensors) {

  public static final String DEFAULT_NAME = "default";

  // Names and tokens end up in SecLang text: restricting them to these characters keeps that text well-formed
  // without any quoting rules to get wrong.
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
  private static final Pattern METHOD = Pattern.compile("[A-Z][A-Z0-9_-]{0,31}");
  private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9][a-z0-9.+-]*/[a-z0-9][a-z0-9.+-]*");

  /** The methods service-mesh APIs use; CRS alone allows only GET, HEAD, POST and OPTIONS. */
  public static final List<String> API_METHODS = io.meshward.policy.model.WafProfile.API_METHODS;

  /** CRS v4's default request content types plus those of APIs (see the policy model). */
  public static final List<String> API_CONTENT_TYPES = io.meshward.policy.model.WafProfile.API_CONTENT_TYPES;

  public WafProfile {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a profile name is 1-63 lower-case letters, digits, '.', '_' or '-': "
          + name);
    }
    if (paranoiaLevel < 1 || paranoiaLevel > 4) {
      throw new IllegalArgumentException("paranoia level must be 1-4, not " + paranoiaLevel);
    }
    if (inboundThreshold < 1 || outboundThreshold < 1) {
      throw new IllegalArgumentException("anomaly thresholds must be at least 1");
    }
    if (maxInspectedBodyBytes < 0) {
      throw new IllegalArgumentException("max inspected body bytes must not be negative");
    }
    if (bodyLimitOutcome == null || failPolicy == null) {
      throw new IllegalArgumentException("body limit outcome and fail policy are required");
    }
    if (timeBudget == null || timeBudget.isNegative() || timeBudget.isZero()) {
      throw new IllegalArgumentException("the time budget must be positive");
    }
    allowedMethods = List.copyOf(allowedMethods);
    allowedContentTypes = allowedContentTypes.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList();
    for (String method : allowedMethods) {
      if (!METHOD.matcher(method).matches()) {
        throw new IllegalArgumentException("not an HTTP method token: " + method);
      }
    }
    for (String type : allowedContentTypes) {
      if (!MEDIA_TYPE.matcher(type).matches()) {
        throw new IllegalArgumentException("not a media type (type/subtype, no parameters): " + type);
      }
    }
    exclusions = List.copyOf(exclusions);
    dlpSensors = dlpSensors == null ? Optional.empty() : dlpSensors.map(List::copyOf);
    extraSecLang = extraSecLang == null ? "" : extraSecLang;
  }

  /**
   * The profile a {@code WafProfile} document describes, under the document's name. A pure mapping: the document
   * was validated when it was read, and the same checks here only guard against a document built in code.
   */
  public static WafProfile of(io.meshward.policy.model.WafProfile document) {
    io.meshward.policy.model.WafProfile.Spec spec = document.spec();
    return new WafProfile(document.metadata().name(), spec.paranoiaLevel(), spec.anomalyThreshold().inbound(),
        spec.anomalyThreshold().outbound(), spec.body().maxInspectedBytes(),
        spec.body().overLimit() == io.meshward.policy.model.BodyLimitOutcome.REJECT
            ? BodyLimitOutcome.REJECT : BodyLimitOutcome.INSPECT_PARTIAL,
        spec.failureMode() == FailureMode.OPEN ? FailPolicy.OPEN : FailPolicy.CLOSED,
        spec.timeBudget(), spec.allowedMethods(), spec.allowedContentTypes(), spec.exclusions(),
        spec.extraSecLang(), spec.dlp().map(io.meshward.policy.model.WafProfile.Dlp::sensors));
  }

  /**
   * The built-in profile, for service-mesh APIs: the policy model's defaults ({@link
   * io.meshward.policy.model.WafProfile.Spec#defaults()}: CRS PL1 with thresholds 5 and 4, the API methods and
   * content types, 64 KiB of body inspected and a longer one refused, 200 ms per request, fail-open).
   */
  public static WafProfile defaultProfile() {
    return of(io.meshward.policy.model.WafProfile.defaults());
  }

  public WafProfile withName(String newName) {
    return new WafProfile(newName, paranoiaLevel, inboundThreshold, outboundThreshold, maxInspectedBodyBytes,
        bodyLimitOutcome, failPolicy, timeBudget, allowedMethods, allowedContentTypes, exclusions,
        extraSecLang, dlpSensors);
  }

  public WafProfile withBodyLimit(int bytes, BodyLimitOutcome outcome) {
    return new WafProfile(name, paranoiaLevel, inboundThreshold, outboundThreshold, bytes, outcome, failPolicy,
        timeBudget, allowedMethods, allowedContentTypes, exclusions,
        extraSecLang, dlpSensors);
  }

  public WafProfile withFailPolicy(FailPolicy policy) {
    return new WafProfile(name, paranoiaLevel, inboundThreshold, outboundThreshold, maxInspectedBodyBytes,
        bodyLimitOutcome, policy, timeBudget, allowedMethods, allowedContentTypes, exclusions,
        extraSecLang, dlpSensors);
  }

  public WafProfile withTimeBudget(Duration budget) {
    return new WafProfile(name, paranoiaLevel, inboundThreshold, outboundThreshold, maxInspectedBodyBytes,
        bodyLimitOutcome, failPolicy, budget, allowedMethods, allowedContentTypes, exclusions,
        extraSecLang, dlpSensors);
  }

  public WafProfile withDetection(int paranoia, int inbound, int outbound) {
    return new WafProfile(name, paranoia, inbound, outbound, maxInspectedBodyBytes, bodyLimitOutcome, failPolicy,
        timeBudget, allowedMethods, allowedContentTypes, exclusions,
        extraSecLang, dlpSensors);
  }

  /** The DLP sensors this profile names: empty for the ones on by default; an empty list for none. */
  public WafProfile withDlpSensors(Optional<List<String>> sensors) {
    return new WafProfile(name, paranoiaLevel, inboundThreshold, outboundThreshold, maxInspectedBodyBytes,
        bodyLimitOutcome, failPolicy, timeBudget, allowedMethods, allowedContentTypes, exclusions,
        extraSecLang, sensors);
  }

  /** What the compiled rule set depends on; profiles that agree on it share one engine. */
  EngineSettings engineSettings() {
    return new EngineSettings(paranoiaLevel, inboundThreshold, outboundThreshold, allowedMethods,
        allowedContentTypes, exclusions, extraSecLang);
  }
}
