package io.meshward.waf.actions;

import io.meshward.waf.macros.MacroString;
import io.meshward.waf.seclang.ActionSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses and checks the actions of a rule. An unknown action, or an action whose value is malformed, fails with a
 * message that names it.
 */
public final class ActionCompiler {
  /** Actions accepted for compatibility that change nothing meshward does. */
  private static final Set<String> IGNORED = Set.of(
      "sanitisearg", "sanitisematched", "sanitisematchedbytes", "sanitiserequestheader", "sanitiseresponseheader",
      "expirevar", "deprecatevar", "xmlns", "append", "prepend");

  private ActionCompiler() {}

  public static RuleActions compile(List<ActionSpec> actions) {
    int id = 0;
    int phase = 0;
    MacroString msg = null;
    MacroString logData = null;
    int severity = -1;
    List<String> tags = new ArrayList<>();
    String version = null;
    String revision = null;
    int maturity = 0;
    int accuracy = 0;
    List<String> transformations = new ArrayList<>();
    boolean capture = false;
    boolean chain = false;
    boolean multiMatch = false;
    Boolean log = null;
    Boolean auditLog = null;
    Disruptive disruptive = null;
    boolean block = false;
    int status = 0;
    String skipAfter = null;
    int skip = 0;
    List<PerMatchAction> perMatch = new ArrayList<>();

    for (ActionSpec action : actions) {
      String name = action.name();
      String value = action.value();
      switch (name) {
        case "id" -> id = positiveInt(name, value);
        case "phase" -> phase = phase(value);
        case "msg" -> msg = MacroString.parse(required(name, value));
        case "logdata" -> logData = MacroString.parse(required(name, value));
        case "severity" -> severity = Severities.parse(required(name, value));
        case "tag" -> tags.add(required(name, value));
        case "ver" -> version = required(name, value);
        case "rev" -> revision = required(name, value);
        case "maturity" -> maturity = intValue(name, value);
        case "accuracy" -> accuracy = intValue(name, value);
        case "t" -> transformations.add(required(name, value));
        case "capture" -> capture = true;
        case "chain" -> chain = true;
        case "multimatch" -> multiMatch = true;
        case "log" -> log = true;
        case "nolog" -> log = false;
        case "pass" -> {
          disruptive = Disruptive.PASS;
          block = false;
        }
        case "deny" -> {
          disruptive = new Disruptive(Disruptive.Kind.DENY, 0, null);
          block = false;
        }
        case "drop" -> {
          disruptive = new Disruptive(Disruptive.Kind.DROP, 0, null);
          block = false;
        }
        case "block" -> {
          disruptive = null;
          block = true;
        }
        case "allow" -> {
          disruptive = allow(value);
          block = false;
        }
        case "redirect" -> {
          disruptive = new Disruptive(Disruptive.Kind.REDIRECT, 302, required(name, value));
          block = false;
        }
        case "status" -> status = intValue(name, value);
        case "skipafter" -> skipAfter = required(name, value);
        case "skip" -> skip = positiveInt(name, value);
        case "setvar" -> perMatch.add(setVar(required(name, value)));
        case "ctl" -> perMatch.add(ctl(required(name, value)));
        case "initcol" -> perMatch.add(initCol(required(name, value)));
        case "setenv" -> perMatch.add(setEnv(required(name, value)));
        case "setuid" -> perMatch.add(new InitCol("USER", MacroString.parse(required(name, value))));
        case "setsid" -> perMatch.add(new InitCol("SESSION", MacroString.parse(required(name, value))));
        case "setrsc" -> perMatch.add(new InitCol("RESOURCE", MacroString.parse(required(name, value))));
        default -> {
          if (name.equals("auditlog")) {
            auditLog = true;
          } else if (name.equals("noauditlog")) {
            auditLog = false;
          } else if (!IGNORED.contains(name)) {
            throw new IllegalArgumentException("unknown action '" + name + "'"
                + (name.equals("exec") || name.equals("proxy") ? " (not supported: meshward never runs programs"
                + " or proxies from rules)" : ""));
          }
        }
      }
    }
    if (status != 0 && disruptive != null && disruptive.kind() == Disruptive.Kind.DENY) {
      disruptive = new Disruptive(Disruptive.Kind.DENY, status, null);
    } else if (status != 0 && disruptive != null && disruptive.kind() == Disruptive.Kind.REDIRECT) {
      disruptive = new Disruptive(Disruptive.Kind.REDIRECT, status, disruptive.redirectUrl());
    }
    return new RuleActions(id, phase, msg, logData, severity, tags, version, revision, maturity, accuracy,
        transformations, capture, chain, multiMatch, log, auditLog, disruptive, block, status, skipAfter, skip,
        perMatch);
  }

  private static int phase(String value) {
    String text = required("phase", value).trim().toLowerCase(Locale.ROOT);
    return switch (text) {
      case "1", "request_headers", "request" -> text.equals("request") ? 2 : 1;
      case "2" -> 2;
      case "3", "response_headers" -> 3;
      case "4", "response_body", "response" -> 4;
      case "5", "logging" -> 5;
      default -> throw new IllegalArgumentException("phase must be 1-5, request, response or logging; got '"
          + value + "'");
    };
  }

  private static Disruptive allow(String value) {
    if (value == null || value.isBlank()) {
      return new Disruptive(Disruptive.Kind.ALLOW, 0, null);
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "phase" -> new Disruptive(Disruptive.Kind.ALLOW_PHASE, 0, null);
      case "request" -> new Disruptive(Disruptive.Kind.ALLOW_REQUEST, 0, null);
      default -> throw new IllegalArgumentException("allow takes no value, 'phase' or 'request'; got '" + value
          + "'");
    };
  }

  static SetVar setVar(String text) {
    String spec = text.trim();
    boolean delete = spec.startsWith("!");
    if (delete) {
      spec = spec.substring(1).trim();
    }
    int equals = spec.indexOf('=');
    String target = equals < 0 ? spec : spec.substring(0, equals).trim();
    int dot = target.indexOf('.');
    if (dot <= 0 || dot == target.length() - 1) {
      throw new IllegalArgumentException("setvar needs collection.name, e.g. tx.score=+5; got '" + text + "'");
    }
    String collection = target.substring(0, dot).toUpperCase(Locale.ROOT);
    MacroString name = MacroString.parse(target.substring(dot + 1));
    if (delete) {
      return new SetVar(collection, name, SetVar.Operation.DELETE, MacroString.constant(""));
    }
    if (equals < 0) {
      // "setvar:tx.flag" sets the variable to 1, as in ModSecurity.
      return new SetVar(collection, name, SetVar.Operation.SET, MacroString.constant("1"));
    }
    String value = spec.substring(equals + 1);
    if (value.startsWith("+")) {
      return new SetVar(collection, name, SetVar.Operation.ADD, MacroString.parse(value.substring(1)));
    }
    if (value.startsWith("-")) {
      return new SetVar(collection, name, SetVar.Operation.SUBTRACT, MacroString.parse(value.substring(1)));
    }
    return new SetVar(collection, name, SetVar.Operation.SET, MacroString.parse(value));
  }

  static Ctl ctl(String text) {
    int equals = text.indexOf('=');
    if (equals <= 0) {
      throw new IllegalArgumentException("ctl needs option=value; got '" + text + "'");
    }
    String option = text.substring(0, equals).trim().toLowerCase(Locale.ROOT);
    MacroString value = MacroString.parse(text.substring(equals + 1).trim());
    Ctl.Option parsed = switch (option) {
      case "ruleengine" -> Ctl.Option.RULE_ENGINE;
      case "ruleremovebyid" -> Ctl.Option.RULE_REMOVE_BY_ID;
      case "ruleremovebytag" -> Ctl.Option.RULE_REMOVE_BY_TAG;
      case "ruleremovebymsg" -> Ctl.Option.RULE_REMOVE_BY_MSG;
      case "ruleremovetargetbyid" -> Ctl.Option.RULE_REMOVE_TARGET_BY_ID;
      case "ruleremovetargetbytag" -> Ctl.Option.RULE_REMOVE_TARGET_BY_TAG;
      case "ruleremovetargetbymsg" -> Ctl.Option.RULE_REMOVE_TARGET_BY_MSG;
      case "requestbodyaccess" -> Ctl.Option.REQUEST_BODY_ACCESS;
      case "requestbodyprocessor" -> Ctl.Option.REQUEST_BODY_PROCESSOR;
      case "requestbodylimit" -> Ctl.Option.REQUEST_BODY_LIMIT;
      case "forcerequestbodyvariable" -> Ctl.Option.FORCE_REQUEST_BODY_VARIABLE;
      case "responsebodyaccess" -> Ctl.Option.RESPONSE_BODY_ACCESS;
      case "responsebodylimit" -> Ctl.Option.RESPONSE_BODY_LIMIT;
      case "auditengine" -> Ctl.Option.AUDIT_ENGINE;
      case "auditlogparts" -> Ctl.Option.AUDIT_LOG_PARTS;
      case "debugloglevel" -> Ctl.Option.DEBUG_LOG_LEVEL;
      case "hashengine", "hashenforcement" -> Ctl.Option.HASH_ENGINE;
      default -> throw new IllegalArgumentException("unknown ctl option '" + option + "'");
    };
    return new Ctl(parsed, value);
  }

  private static InitCol initCol(String text) {
    int equals = text.indexOf('=');
    if (equals <= 0) {
      throw new IllegalArgumentException("initcol needs collection=key; got '" + text + "'");
    }
    String collection = text.substring(0, equals).trim().toUpperCase(Locale.ROOT);
    if (!Set.of("IP", "GLOBAL", "SESSION", "USER", "RESOURCE").contains(collection)) {
      throw new IllegalArgumentException("initcol opens ip, global, session, user or resource; got '"
          + collection.toLowerCase(Locale.ROOT) + "'");
    }
    return new InitCol(collection, MacroString.parse(text.substring(equals + 1).trim()));
  }

  private static SetEnv setEnv(String text) {
    int equals = text.indexOf('=');
    String name = equals < 0 ? text : text.substring(0, equals);
    String value = equals < 0 ? "1" : text.substring(equals + 1);
    return new SetEnv(MacroString.parse(name.trim()), MacroString.parse(value));
  }

  private static String required(String action, String value) {
    if (value == null) {
      throw new IllegalArgumentException("action '" + action + "' needs a value");
    }
    return value;
  }

  private static int intValue(String action, String value) {
    try {
      return Integer.parseInt(required(action, value).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("action '" + action + "' needs a whole number; got '" + value + "'");
    }
  }

  private static int positiveInt(String action, String value) {
    int number = intValue(action, value);
    if (number <= 0) {
      throw new IllegalArgumentException("action '" + action + "' needs a positive number; got '" + value + "'");
    }
    return number;
  }
}
