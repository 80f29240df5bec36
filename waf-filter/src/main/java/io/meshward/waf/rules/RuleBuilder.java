package io.meshward.waf.rules;

import io.meshward.waf.actions.Disruptive;
import io.meshward.waf.actions.PerMatchAction;
import io.meshward.waf.macros.MacroString;
import io.meshward.waf.operators.Operator;
import io.meshward.waf.seclang.SourceLocation;
import io.meshward.waf.transformations.Transformation;
import java.util.ArrayList;
import java.util.List;

/** A rule while its file is being loaded: later directives may still change its targets or actions. */
final class RuleBuilder {
  int id;
  int phase = 2;
  SourceLocation location;
  String text;
  List<VariableSelector> variables = new ArrayList<>();
  Operator operator;
  boolean negated;
  String operatorName = "";
  String operatorArgument = "";
  List<Transformation> transformations = new ArrayList<>();
  List<String> transformationNames = new ArrayList<>();
  int[] transformationPrefixIds = new int[0];
  MacroString msg;
  MacroString logData;
  int severity = -1;
  List<String> tags = new ArrayList<>();
  String version;
  String revision;
  int maturity;
  int accuracy;
  boolean capture;
  boolean multiMatch;
  boolean log = true;
  boolean auditLog = true;
  Disruptive disruptive = Disruptive.PASS;
  String skipAfter;
  int skip;
  List<PerMatchAction> perMatch = new ArrayList<>();
  boolean expectsChain;
  RuleBuilder chained;
  int parentId;
  String marker;

  /** The last rule of this chain, which a following SecRule joins when it expects a chain. */
  RuleBuilder chainEnd() {
    RuleBuilder end = this;
    while (end.chained != null) {
      end = end.chained;
    }
    return end;
  }

  Rule build(SelectorSlots slots) {
    Rule next = chained == null ? null : chained.build(slots);
    return new Rule(this, next, slots);
  }
}
