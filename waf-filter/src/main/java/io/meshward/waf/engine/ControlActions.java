package io.meshward.waf.engine;

import io.meshward.waf.actions.Ctl;
import io.meshward.waf.rules.EngineSettings;
import io.meshward.waf.rules.Rule;
import io.meshward.waf.rules.RuleSet;
import io.meshward.waf.rules.KeyPattern;
import io.meshward.waf.rules.VariableSelector;
import io.meshward.waf.variables.Variable;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What {@code ctl:} does to the transaction that runs it. Malformed values are ignored, as in the reference. */
final class ControlActions {
  private ControlActions() {}

  static void apply(RuntimeTransaction tx, Ctl ctl) {
    Ctl.Option option = ctl.option();
    if (removesTargets(option)) {
      Optional<TargetRemoval> removal = tx.targetRemovals().resolved(ctl);
      if (removal == null) {
        removal = Optional.ofNullable(resolveRemoval(tx.ruleSet, option, ctl.value().expand(tx).trim()));
      }
      removal.ifPresent(tx::removeTargets);
      return;
    }
    String v = ctl.value().expand(tx).trim();
    switch (option) {
      case RULE_ENGINE -> {
        switch (v.toLowerCase(Locale.ROOT)) {
          case "on" -> tx.ruleEngine = EngineSettings.RuleEngineMode.ON;
          case "off" -> tx.ruleEngine = EngineSettings.RuleEngineMode.OFF;
          case "detectiononly" -> tx.ruleEngine = EngineSettings.RuleEngineMode.DETECTION_ONLY;
          default -> { }
        }
      }
      case RULE_REMOVE_BY_ID -> {
        for (String part : v.split("[\\s,]+")) {
          removeIds(tx, part);
        }
      }
      case RULE_REMOVE_BY_TAG -> {
        for (Rule rule : tx.ruleSet.rulesTagged(v)) {
          tx.removeRuleById(rule.id());
        }
      }
      case RULE_REMOVE_BY_MSG -> {
        for (Rule rule : tx.ruleSet.rules()) {
          if (rule.msg() != null && rule.msg().text().equals(v)) {
            tx.removeRuleById(rule.id());
          }
        }
      }
      case RULE_REMOVE_TARGET_BY_ID, RULE_REMOVE_TARGET_BY_TAG, RULE_REMOVE_TARGET_BY_MSG -> { } // above
      case REQUEST_BODY_ACCESS -> tx.requestBodyAccess = isOn(v);
      case RESPONSE_BODY_ACCESS -> tx.responseBodyAccess = isOn(v);
      case FORCE_REQUEST_BODY_VARIABLE -> tx.forceRequestBodyVariable = isOn(v);
      case REQUEST_BODY_PROCESSOR -> tx.store.set(Variable.REQBODY_PROCESSOR, v.toUpperCase(Locale.ROOT));
      case REQUEST_BODY_LIMIT -> tx.requestBodyLimit = parseSize(v, tx.requestBodyLimit);
      case RESPONSE_BODY_LIMIT -> tx.responseBodyLimit = parseSize(v, tx.responseBodyLimit);
      case AUDIT_ENGINE -> {
        switch (v.toLowerCase(Locale.ROOT)) {
          case "on" -> tx.auditEngine = EngineSettings.AuditEngineMode.ON;
          case "off" -> tx.auditEngine = EngineSettings.AuditEngineMode.OFF;
          case "relevantonly" -> tx.auditEngine = EngineSettings.AuditEngineMode.RELEVANT_ONLY;
          default -> { }
        }
      }
      case AUDIT_LOG_PARTS -> tx.auditLogParts = v;
      case DEBUG_LOG_LEVEL, HASH_ENGINE -> { }
    }
  }

  private static void removeIds(RuntimeTransaction tx, String spec) {
    if (spec.isEmpty()) {
      return;
    }
    int dash = spec.indexOf('-', 1);
    try {
      if (dash > 0) {
        tx.removeRuleRange(Integer.parseInt(spec.substring(0, dash)), Integer.parseInt(spec.substring(dash + 1)));
      } else {
        tx.removeRuleById(Integer.parseInt(spec));
      }
    } catch (NumberFormatException e) {
      // Not an id: nothing to remove.
    }
  }

  static boolean removesTargets(Ctl.Option option) {
    return option == Ctl.Option.RULE_REMOVE_TARGET_BY_ID || option == Ctl.Option.RULE_REMOVE_TARGET_BY_TAG
        || option == Ctl.Option.RULE_REMOVE_TARGET_BY_MSG;
  }

  /**
   * What a target removal's value ({@code ID;VARIABLE:key}, {@code TAG;...} or {@code MSG;...}) removes, or null
   * when it removes nothing: a malformed value, an unknown variable, or no rule named.
   */
  static TargetRemoval resolveRemoval(RuleSet ruleSet, Ctl.Option option, String value) {
    int semicolon = value.indexOf(';');
    if (semicolon <= 0) {
      return null;
    }
    String which = value.substring(0, semicolon).trim();
    VariableSelector target = target(value.substring(semicolon + 1).trim());
    if (target == null) {
      return null;
    }
    List<Rule> candidates = option == Ctl.Option.RULE_REMOVE_TARGET_BY_TAG
        ? ruleSet.rulesTagged(which) : ruleSet.rules();
    int[] ids = candidates.stream()
        .filter(rule -> rule.id() != 0)
        .filter(rule -> switch (option) {
          case RULE_REMOVE_TARGET_BY_ID -> idMatches(which, rule.id());
          case RULE_REMOVE_TARGET_BY_TAG -> true;
          default -> rule.msg() != null && rule.msg().text().equals(which);
        })
        .mapToInt(Rule::id)
        .toArray();
    return ids.length == 0 ? null : new TargetRemoval(target, ids);
  }

  private static boolean idMatches(String spec, int id) {
    int dash = spec.indexOf('-', 1);
    try {
      if (dash > 0) {
        return id >= Integer.parseInt(spec.substring(0, dash)) && id <= Integer.parseInt(spec.substring(dash + 1));
      }
      return id == Integer.parseInt(spec);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static VariableSelector target(String text) {
    int colon = text.indexOf(':');
    String name = colon < 0 ? text : text.substring(0, colon);
    Variable variable = Variable.byName(name.trim()).orElse(null);
    if (variable == null) {
      return null;
    }
    if (colon < 0) {
      return VariableSelector.of(variable);
    }
    String key = text.substring(colon + 1);
    if (key.length() > 1 && key.startsWith("/") && key.endsWith("/")) {
      try {
        return new VariableSelector(variable, null,
            KeyPattern.compile(key.substring(1, key.length() - 1), variable.caseSensitiveKeys()), false, List.of());
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return new VariableSelector(variable, key, null, false, List.of());
  }

  private static boolean isOn(String value) {
    return value.equalsIgnoreCase("on") || value.equalsIgnoreCase("true") || value.equals("1");
  }

  private static long parseSize(String value, long fallback) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
