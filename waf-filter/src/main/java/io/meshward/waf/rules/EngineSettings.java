package io.meshward.waf.rules;

import java.util.List;
import java.util.Objects;

/**
 * The engine-wide configuration SecLang directives set (SecRuleEngine, SecRequestBodyAccess, limits, ...). Each
 * transaction starts from these and {@code ctl:} may change its own copy.
 */
public record EngineSettings(
    RuleEngineMode ruleEngine,
    boolean requestBodyAccess,
    long requestBodyLimit,
    long requestBodyNoFilesLimit,
    BodyLimitAction requestBodyLimitAction,
    boolean responseBodyAccess,
    long responseBodyLimit,
    BodyLimitAction responseBodyLimitAction,
    List<String> responseBodyMimeTypes,
    int argumentsLimit,
    int requestBodyJsonDepthLimit,
    int uploadFileLimit,
    AuditEngineMode auditEngine,
    String auditLogParts,
    List<String> componentSignatures) {

  public EngineSettings {
    Objects.requireNonNull(ruleEngine, "ruleEngine");
    responseBodyMimeTypes = List.copyOf(responseBodyMimeTypes);
    componentSignatures = List.copyOf(componentSignatures);
  }

  public enum RuleEngineMode { ON, OFF, DETECTION_ONLY }

  public enum BodyLimitAction { REJECT, PROCESS_PARTIAL }

  public enum AuditEngineMode { ON, OFF, RELEVANT_ONLY }

  /** ModSecurity's defaults where a directive is absent. */
  public static EngineSettings defaults() {
    return new EngineSettings(RuleEngineMode.ON, false, 13_107_200L, 131_072L, BodyLimitAction.REJECT, false,
        524_288L, BodyLimitAction.PROCESS_PARTIAL, List.of("text/plain", "text/html"), 1000, 1024, 100,
        AuditEngineMode.RELEVANT_ONLY, "ABIJDEFHZ", List.of());
  }
}
