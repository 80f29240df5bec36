package io.meshward.waf.service.profile;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
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
    List<String> allowedContentTypes) {

  public static final String DEFAULT_NAME = "default";

  // Names and tokens end up in SecLang text: restricting them to these characters keeps that text well-formed
  // without any quoting rules to get wrong.
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
  private static final Pattern METHOD = Pattern.compile("[A-Z][A-Z0-9_-]{0,31}");
  private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9][a-z0-9.+-]*/[a-z0-9][a-z0-9.+-]*");

  /** The methods service-mesh APIs use; CRS alone allows only GET, HEAD, POST and OPTIONS. */
  public static final List<String> API_METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  /**
   * CRS v4's default request content types plus those of APIs: JSON variants (merge/patch, problem, NDJSON),
   * GraphQL, plain text, protobuf and gRPC (whose length-prefixed protobuf bodies are not handed to the engine, see the README).
   */
  public static final List<String> API_CONTENT_TYPES = List.of(
      "application/x-www-form-urlencoded", "multipart/form-data", "multipart/related",
      "text/xml", "application/xml", "application/soap+xml",
      "application/json", "application/cloudevents+json", "application/cloudevents-batch+json",
      "application/merge-patch+json", "application/json-patch+json", "application/problem+json",
      "application/x-ndjson", "application/graphql", "application/graphql-response+json",
      "text/plain", "application/octet-stream", "application/x-protobuf", "application/protobuf",
      "application/grpc", "application/grpc+proto", "application/grpc-web", "application/grpc-web+proto");

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
  }

  /**
   * The built-in profile, for service-mesh APIs: CRS's own defaults for detection (paranoia level 1, thresholds 5
   * and 4), the API methods and content types, 64 KiB of body inspected (what the sidecar's ext_authz sends), a
   * longer body refused, 200 ms per request (under the sidecar's 250 ms ext_authz timeout, so that the profile, not
   * Envoy, decides what a slow inspection gets), and fail-open: a mesh's availability is the usual first concern, and
   * a failure is reported in the findings either way.
   */
  public static WafProfile defaultProfile() {
    return new WafProfile(DEFAULT_NAME, 1, 5, 4, 64 * 1024, BodyLimitOutcome.REJECT, FailPolicy.OPEN,
        Duration.ofMillis(200), API_METHODS, API_CONTENT_TYPES);
  }

  public WafProfile withName(String newName) {
    return new WafProfile(newName, paranoiaLevel, inboundThreshold, outboundThreshold, maxInspectedBodyBytes,
        bodyLimitOutcome, failPolicy, timeBudget, allowedMethods, allowedContentTypes);
  }

  public WafProfile withBodyLimit(int bytes, BodyLimitOutcome outcome) {
    return new WafProfile(name, paranoiaLevel, inboundThreshold, outboundThreshold, bytes, outcome, failPolicy,
        timeBudget, allowedMethods, allowedContentTypes);
  }

  public WafProfile withFailPolicy(FailPolicy policy) {
    return new WafProfile(name, paranoiaLevel, inboundThreshold, outboundThreshold, maxInspectedBodyBytes,
        bodyLimitOutcome, policy, timeBudget, allowedMethods, allowedContentTypes);
  }

  public WafProfile withTimeBudget(Duration budget) {
    return new WafProfile(name, paranoiaLevel, inboundThreshold, outboundThreshold, maxInspectedBodyBytes,
        bodyLimitOutcome, failPolicy, budget, allowedMethods, allowedContentTypes);
  }

  public WafProfile withDetection(int paranoia, int inbound, int outbound) {
    return new WafProfile(name, paranoia, inbound, outbound, maxInspectedBodyBytes, bodyLimitOutcome, failPolicy,
        timeBudget, allowedMethods, allowedContentTypes);
  }

  /** What the compiled rule set depends on; profiles that agree on it share one engine. */
  EngineSettings engineSettings() {
    return new EngineSettings(paranoiaLevel, inboundThreshold, outboundThreshold, allowedMethods,
        allowedContentTypes);
  }
}
