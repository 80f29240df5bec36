package io.meshward.policy.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A named WAF profile: how waf-filter inspects the routes that name it (the CRS paranoia level and anomaly
 * thresholds, rule exclusions, extra SecLang, and the bounds of one inspection). Cluster-scoped: routes refer to a
 * profile by name alone ({@link MeshConfig.Inspection#wafProfile()}, {@link WorkloadPolicy.Profiles#waf()}).
 *
 * <p>It needs no translation into Envoy resources: waf-filter loads profiles itself, and the control plane only
 * stores them and names one per route.
 */
public record WafProfile(ObjectMeta metadata, Spec spec) implements PolicyDocument {
  public static final String KIND = "WafProfile";
  /** The profile routes get when they name none; a WafProfile of this name replaces the built-in one. */
  public static final String DEFAULT_NAME = "default";

  /** The methods service-mesh APIs use; CRS alone allows only GET, HEAD, POST and OPTIONS. */
  public static final List<String> API_METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  /**
   * CRS v4's default request content types plus those of APIs: JSON variants (merge/patch, problem, NDJSON,
   * CloudEvents), GraphQL, plain text, protobuf and gRPC (whose length-prefixed protobuf bodies waf-filter does not
   * hand to the engine: they are not text, and the rules would only see noise).
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
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(spec, "spec");
  }

  @Override
  public String kind() {
    return KIND;
  }

  /**
   * The built-in default's tuning for GraphQL, found by measuring false positives on benign API traffic (see the
   * README): Relay-style GraphQL documents ({@code search(first: $first) { edges { node { id } } }}) read as a MongoDB
   * operator to rule 942290 ({@code $first}) and as a Unix command after '{' to rule 932235 ({@code node}), so every
   * paginated GraphQL query scored 10 and was denied. On GraphQL requests only (a path ending in /graphql with the
   * document in the JSON field {@code query}, or an {@code application/graphql} body, which CRS parses as one
   * urlencoded argument name), those two rules stop reading the document. Every other rule still reads it, and the
   * two still read everything else, including the GraphQL variables that carry the caller's data.
   */
  public static final String GRAPHQL_TUNING = """
      SecRule REQUEST_FILENAME "@rx /graphql/?$" \\
          "id:10100,phase:1,pass,nolog,t:none,t:lowercase,\\
          ctl:ruleRemoveTargetById=932235;ARGS:json.query,\\
          ctl:ruleRemoveTargetById=942290;ARGS:json.query"
      SecRule REQUEST_HEADERS:Content-Type "@rx ^application/graphql(?:;|$)" \\
          "id:10101,phase:1,pass,nolog,t:none,t:lowercase,\\
          ctl:ruleRemoveTargetById=932235;ARGS_NAMES,\\
          ctl:ruleRemoveTargetById=942290;ARGS_NAMES"
      """;

  /**
   * The built-in {@code default} profile: {@link Spec#defaults()} with {@link #GRAPHQL_TUNING} as its extra SecLang.
   * A WafProfile named {@code default} replaces it whole (write the tuning into it to keep it).
   */
  public static WafProfile defaults() {
    Spec spec = Spec.defaults();
    return new WafProfile(ObjectMeta.of("", DEFAULT_NAME), new Spec(spec.paranoiaLevel(), spec.anomalyThreshold(),
        spec.body(), spec.failureMode(), spec.timeBudget(), spec.allowedMethods(), spec.allowedContentTypes(),
        spec.exclusions(), GRAPHQL_TUNING));
  }

  /**
   * @param paranoiaLevel CRS blocking paranoia level, 1 (few false positives) to 4 (most rules)
   * @param anomalyThreshold the CRS anomaly scores at which a request or a response is denied
   * @param body how much of a body is inspected, and what a longer one gets
   * @param failureMode what a request gets when it could not be inspected (engine error, time budget spent,
   *     service overloaded)
   * @param timeBudget how long the inspection of one request (or one ext_proc message) may take
   * @param allowedMethods CRS {@code tx.allowed_methods}: other methods score as a critical finding (rule 911100)
   * @param allowedContentTypes CRS {@code tx.allowed_request_content_type}, media types without parameters: other
   *     request content types score as a critical finding (rule 920420)
   * @param exclusions rules (or one rule's targets) taken out of the rule set, in the order written
   * @param extraSecLang SecLang loaded after CRS and the exclusions; empty for none
   * @param dlp the DLP sensors of the routes that name this profile; empty for the built-in default set
   */
  public record Spec(
      int paranoiaLevel,
      AnomalyThreshold anomalyThreshold,
      Body body,
      FailureMode failureMode,
      Duration timeBudget,
      List<String> allowedMethods,
      List<String> allowedContentTypes,
      List<Exclusion> exclusions,
      String extraSecLang,
      Optional<Dlp> dlp) {
    public Spec {
      if (paranoiaLevel < 1 || paranoiaLevel > 4) {
        throw new IllegalArgumentException("paranoia level must be 1-4, not " + paranoiaLevel);
      }
      Objects.requireNonNull(anomalyThreshold, "anomalyThreshold");
      Objects.requireNonNull(body, "body");
      Objects.requireNonNull(failureMode, "failureMode");
      Objects.requireNonNull(timeBudget, "timeBudget");
      allowedMethods = Collections2.copyOf(allowedMethods);
      allowedContentTypes = Collections2.copyOf(allowedContentTypes);
      exclusions = Collections2.copyOf(exclusions);
      extraSecLang = extraSecLang == null ? "" : extraSecLang;
      Objects.requireNonNull(dlp, "dlp");
    }

    /** A profile that leaves DLP to the default sensor set (kept so that profiles written before DLP still compile). */
    public Spec(int paranoiaLevel, AnomalyThreshold anomalyThreshold, Body body, FailureMode failureMode,
                Duration timeBudget, List<String> allowedMethods, List<String> allowedContentTypes,
                List<Exclusion> exclusions, String extraSecLang) {
      this(paranoiaLevel, anomalyThreshold, body, failureMode, timeBudget, allowedMethods, allowedContentTypes,
          exclusions, extraSecLang, Optional.empty());
    }

    /**
     * CRS's own detection defaults (paranoia level 1, thresholds 5 and 4), the API methods and content types, 64 KiB
     * of body inspected (what meshward's sidecars send to ext_authz) and a longer one refused, 200 ms per request
     * (under the sidecar's 250 ms ext_authz timeout, so that the profile, not Envoy, decides what a slow inspection
     * gets), fail-open (a mesh's availability is the usual first concern; a failure is reported either way), no
     * exclusions and no extra SecLang.
     */
    public static Spec defaults() {
      return new Spec(1, AnomalyThreshold.defaults(), Body.defaults(), FailureMode.OPEN, Duration.ofMillis(200),
          API_METHODS, API_CONTENT_TYPES, List.of(), "");
    }
  }

  /**
   * The DLP sensors a profile applies, by {@link DlpSensorDocument} name (built-in or defined by a document). Whether
   * each name exists is checked where sensors and profiles meet, when waf-filter loads them.
   *
   * @param sensors the sensor names, without repeats; empty to turn DLP off for the profile's routes
   */
  public record Dlp(List<String> sensors) {
    public Dlp {
      sensors = Collections2.copyOf(sensors);
    }
  }

  /** CRS anomaly scores at which to deny: a critical finding scores 5, an error 4, a warning 3, a notice 2. */
  public record AnomalyThreshold(int inbound, int outbound) {
    public AnomalyThreshold {
      if (inbound < 1 || outbound < 1) {
        throw new IllegalArgumentException("anomaly thresholds must be at least 1");
      }
    }

    public static AnomalyThreshold defaults() {
      return new AnomalyThreshold(5, 4);
    }
  }

  /**
   * @param maxInspectedBytes the most request (or response) body bytes handed to the engine
   * @param overLimit what a request body longer than that gets (a response body is inspected up to the limit)
   */
  public record Body(int maxInspectedBytes, BodyLimitOutcome overLimit) {
    public Body {
      if (maxInspectedBytes < 0) {
        throw new IllegalArgumentException("max inspected body bytes must not be negative");
      }
      Objects.requireNonNull(overLimit, "overLimit");
    }

    public static Body defaults() {
      return new Body(64 * 1024, BodyLimitOutcome.REJECT);
    }
  }

  /** A rule exclusion, with the operator's reason for it (kept for the next reader; empty when none was given). */
  public sealed interface Exclusion {
    String reason();

    /** Rules {@code first} to {@code last} (one rule when equal) are removed: {@code SecRuleRemoveById}. */
    record Rules(int first, int last, String reason) implements Exclusion {
      public Rules {
        if (first < 1 || last < first) {
          throw new IllegalArgumentException("a rule id range runs from a positive id to one at least as large");
        }
        reason = reason == null ? "" : reason;
      }
    }

    /** Every rule carrying the tag is removed: {@code SecRuleRemoveByTag}. */
    record Tag(String tag, String reason) implements Exclusion {
      public Tag {
        Objects.requireNonNull(tag, "tag");
        reason = reason == null ? "" : reason;
      }
    }

    /**
     * Rule {@code ruleId} no longer inspects {@code target} (such as {@code ARGS:comment} or
     * {@code REQUEST_COOKIES:/^_ga/}): {@code SecRuleUpdateTargetById ID "!TARGET"}, the static form of
     * {@code ctl:ruleRemoveTargetById}. The rest of the rule keeps working.
     */
    record Target(int ruleId, String target, String reason) implements Exclusion {
      public Target {
        if (ruleId < 1) {
          throw new IllegalArgumentException("a rule id is positive");
        }
        Objects.requireNonNull(target, "target");
        reason = reason == null ? "" : reason;
      }
    }
  }
}
