package io.meshward.waf.rules;

import io.meshward.waf.rules.EngineSettings.AuditEngineMode;
import io.meshward.waf.rules.EngineSettings.BodyLimitAction;
import io.meshward.waf.rules.EngineSettings.RuleEngineMode;
import io.meshward.waf.seclang.Directive;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Collects the configuration directives of a rule set into {@link EngineSettings}. */
final class SettingsBuilder {
  private final EngineSettings defaults = EngineSettings.defaults();
  private RuleEngineMode ruleEngine = defaults.ruleEngine();
  private boolean requestBodyAccess = defaults.requestBodyAccess();
  private long requestBodyLimit = defaults.requestBodyLimit();
  private long requestBodyNoFilesLimit = defaults.requestBodyNoFilesLimit();
  private BodyLimitAction requestBodyLimitAction = defaults.requestBodyLimitAction();
  private boolean responseBodyAccess = defaults.responseBodyAccess();
  private long responseBodyLimit = defaults.responseBodyLimit();
  private BodyLimitAction responseBodyLimitAction = defaults.responseBodyLimitAction();
  private List<String> responseBodyMimeTypes = new ArrayList<>(defaults.responseBodyMimeTypes());
  private boolean mimeTypesSet;
  private int argumentsLimit = defaults.argumentsLimit();
  private int jsonDepthLimit = defaults.requestBodyJsonDepthLimit();
  private int uploadFileLimit = defaults.uploadFileLimit();
  private AuditEngineMode auditEngine = defaults.auditEngine();
  private String auditLogParts = defaults.auditLogParts();
  private final List<String> componentSignatures = new ArrayList<>();

  /** Returns whether the directive is a configuration directive (and applies it). */
  boolean apply(Directive d) {
    switch (d.key()) {
      case "secruleengine" -> ruleEngine = switch (one(d).toLowerCase(Locale.ROOT)) {
        case "on" -> RuleEngineMode.ON;
        case "off" -> RuleEngineMode.OFF;
        case "detectiononly" -> RuleEngineMode.DETECTION_ONLY;
        default -> throw new IllegalArgumentException("expects On, Off or DetectionOnly, got '" + one(d) + "'");
      };
      case "secrequestbodyaccess" -> requestBodyAccess = onOff(d);
      case "secresponsebodyaccess" -> responseBodyAccess = onOff(d);
      case "secrequestbodylimit" -> requestBodyLimit = size(d);
      case "secrequestbodynofileslimit" -> requestBodyNoFilesLimit = size(d);
      case "secresponsebodylimit" -> responseBodyLimit = size(d);
      case "secrequestbodylimitaction" -> requestBodyLimitAction = limitAction(d);
      case "secresponsebodylimitaction" -> responseBodyLimitAction = limitAction(d);
      case "secresponsebodymimetype" -> {
        if (!mimeTypesSet) {
          responseBodyMimeTypes.clear();
          mimeTypesSet = true;
        }
        for (String type : d.arguments()) {
          for (String part : type.split("\\s+")) {
            if (!part.isEmpty()) {
              responseBodyMimeTypes.add(part.toLowerCase(Locale.ROOT));
            }
          }
        }
      }
      case "secresponsebodymimetypesclear" -> {
        responseBodyMimeTypes.clear();
        mimeTypesSet = true;
      }
      case "secargumentslimit" -> argumentsLimit = (int) size(d);
      case "secrequestbodyjsondepthlimit" -> jsonDepthLimit = (int) size(d);
      case "secuploadfilelimit" -> uploadFileLimit = (int) size(d);
      case "secauditengine" -> auditEngine = switch (one(d).toLowerCase(Locale.ROOT)) {
        case "on" -> AuditEngineMode.ON;
        case "off" -> AuditEngineMode.OFF;
        case "relevantonly" -> AuditEngineMode.RELEVANT_ONLY;
        default -> throw new IllegalArgumentException("expects On, Off or RelevantOnly, got '" + one(d) + "'");
      };
      case "secauditlogparts" -> auditLogParts = one(d);
      case "seccomponentsignature" -> componentSignatures.add(one(d));
      case "secargumentseparator" -> {
        if (!one(d).equals("&")) {
          throw new IllegalArgumentException("only '&' is supported as the argument separator");
        }
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  EngineSettings build() {
    return new EngineSettings(ruleEngine, requestBodyAccess, requestBodyLimit, requestBodyNoFilesLimit,
        requestBodyLimitAction, responseBodyAccess, responseBodyLimit, responseBodyLimitAction,
        responseBodyMimeTypes, argumentsLimit, jsonDepthLimit, uploadFileLimit, auditEngine, auditLogParts,
        componentSignatures);
  }

  private static String one(Directive d) {
    if (d.argumentCount() != 1) {
      throw new IllegalArgumentException("expects one argument, got " + d.argumentCount());
    }
    return d.argument(0).trim();
  }

  private static boolean onOff(Directive d) {
    return switch (one(d).toLowerCase(Locale.ROOT)) {
      case "on" -> true;
      case "off" -> false;
      default -> throw new IllegalArgumentException("expects On or Off, got '" + one(d) + "'");
    };
  }

  private static long size(Directive d) {
    try {
      long value = Long.parseLong(one(d));
      if (value < 0) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expects a non-negative whole number, got '" + one(d) + "'");
    }
  }

  private static BodyLimitAction limitAction(Directive d) {
    return switch (one(d).toLowerCase(Locale.ROOT)) {
      case "reject" -> BodyLimitAction.REJECT;
      case "processpartial" -> BodyLimitAction.PROCESS_PARTIAL;
      default -> throw new IllegalArgumentException("expects Reject or ProcessPartial, got '" + one(d) + "'");
    };
  }
}
