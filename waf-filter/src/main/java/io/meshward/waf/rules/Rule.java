package io.meshward.waf.rules;

import io.meshward.waf.actions.Disruptive;
import io.meshward.waf.actions.PerMatchAction;
import io.meshward.waf.macros.MacroString;
import io.meshward.waf.operators.Operator;
import io.meshward.waf.seclang.SourceLocation;
import io.meshward.waf.transformations.Transformation;
import java.util.List;

/**
 * A compiled rule: immutable, shared by every transaction. A chain is a parent rule whose {@link #chained()} rules
 * must all match; only the parent carries the disruptive action, flow actions and logging metadata that count.
 */
public final class Rule {
  final int id;
  final int phase;
  final SourceLocation location;
  final String text;
  final List<VariableSelector> variables;
  final int[] selectorSlots;
  /** Per selector: how MATCHED_VAR_NAME names a match of a counting one ({@code &TX:x}), and that in lower case. */
  private final String[] countMatchNames;
  private final String[] countMatchLowerNames;
  final Operator operator;
  final boolean negated;
  final String operatorName;
  final String operatorArgument;
  final Transformation[] transformations;
  final String[] transformationNames;
  /** Id of the transformation chain t[0..i] for each i: rules sharing a prefix share cached work. */
  final int[] transformationPrefixIds;
  final MacroString msg;
  final MacroString logData;
  final int severity;
  final List<String> tags;
  final String version;
  final String revision;
  final int maturity;
  final int accuracy;
  final boolean capture;
  final boolean multiMatch;
  final boolean log;
  final boolean auditLog;
  final Disruptive disruptive;
  final String skipAfter;
  final int skip;
  final List<PerMatchAction> perMatch;
  final Rule chained;
  final int parentId;
  final String marker;

  Rule(RuleBuilder b, Rule chained, SelectorSlots slots) {
    this.id = b.id;
    this.phase = b.phase;
    this.location = b.location;
    this.text = b.text;
    this.variables = List.copyOf(b.variables);
    this.selectorSlots = new int[variables.size()];
    for (int i = 0; i < selectorSlots.length; i++) {
      selectorSlots[i] = slots.slot(variables.get(i));
    }
    // Named once here: the initialisation rules every request runs match on counts (&TX:x), one name each.
    this.countMatchNames = new String[variables.size()];
    this.countMatchLowerNames = new String[variables.size()];
    for (int i = 0; i < variables.size(); i++) {
      VariableSelector selector = variables.get(i);
      if (selector.count()) {
        boolean keyed = selector.key() != null && !selector.key().isEmpty();
        countMatchNames[i] = keyed ? selector.variable().name() + ":" + selector.key() : selector.variable().name();
        countMatchLowerNames[i] = keyed ? selector.variable().lowerName() + ":" + selector.lowerKey()
            : selector.variable().lowerName();
      }
    }
    this.operator = b.operator;
    this.negated = b.negated;
    this.operatorName = b.operatorName;
    this.operatorArgument = b.operatorArgument;
    this.transformations = b.transformations.toArray(new Transformation[0]);
    this.transformationNames = b.transformationNames.toArray(new String[0]);
    this.transformationPrefixIds = b.transformationPrefixIds;
    this.msg = b.msg;
    this.logData = b.logData;
    this.severity = b.severity;
    this.tags = List.copyOf(b.tags);
    this.version = b.version;
    this.revision = b.revision;
    this.maturity = b.maturity;
    this.accuracy = b.accuracy;
    this.capture = b.capture;
    this.multiMatch = b.multiMatch;
    this.log = b.log;
    this.auditLog = b.auditLog;
    this.disruptive = b.disruptive;
    // Interned, as marker names are: the evaluator looks the marker up by this name for every skip it takes, and
    // equal names are then the same string.
    this.skipAfter = b.skipAfter == null ? null : b.skipAfter.intern();
    this.skip = b.skip;
    this.perMatch = List.copyOf(b.perMatch);
    this.chained = chained;
    this.parentId = b.parentId;
    this.marker = b.marker == null ? null : b.marker.intern();
  }

  public int id() {
    return id;
  }

  /** The id to log: a chained rule logs its parent's. */
  public int logId() {
    return id != 0 ? id : parentId;
  }

  public int phase() {
    return phase;
  }

  public SourceLocation location() {
    return location;
  }

  public String text() {
    return text;
  }

  public List<String> tags() {
    return tags;
  }

  public MacroString msg() {
    return msg;
  }

  public MacroString logData() {
    return logData;
  }

  public int severity() {
    return severity;
  }

  public String version() {
    return version;
  }

  public String revision() {
    return revision;
  }

  public int maturity() {
    return maturity;
  }

  public int accuracy() {
    return accuracy;
  }

  public boolean log() {
    return log;
  }

  public boolean auditLog() {
    return auditLog;
  }

  public Disruptive disruptive() {
    return disruptive;
  }

  public Rule chained() {
    return chained;
  }

  public boolean isMarker() {
    return marker != null;
  }

  public String marker() {
    return marker;
  }

  public List<VariableSelector> variables() {
    return variables;
  }

  public Operator operator() {
    return operator;
  }

  public boolean negated() {
    return negated;
  }

  public String operatorName() {
    return operatorName;
  }

  public String operatorArgument() {
    return operatorArgument;
  }

  public boolean capture() {
    return capture;
  }

  public boolean multiMatch() {
    return multiMatch;
  }

  public Transformation[] transformations() {
    return transformations;
  }

  public String[] transformationNames() {
    return transformationNames;
  }

  /** For each of {@link #variables()}, its slot among the rule set's distinct selectors. Do not modify. */
  public int[] selectorSlots() {
    return selectorSlots;
  }

  /** MATCHED_VAR_NAME for a match of the counting selector {@code variables().get(i)}; null when it does not count. */
  public String countMatchName(int i) {
    return countMatchNames[i];
  }

  /** {@link #countMatchName} in lower case: the MATCHED_VARS key. */
  public String countMatchLowerName(int i) {
    return countMatchLowerNames[i];
  }

  public int[] transformationPrefixIds() {
    return transformationPrefixIds;
  }

  public String skipAfter() {
    return skipAfter;
  }

  public int skip() {
    return skip;
  }

  public List<PerMatchAction> perMatch() {
    return perMatch;
  }

  @Override
  public String toString() {
    return (id != 0 ? "rule " + id : marker != null ? "marker " + marker : "chained rule of " + parentId)
        + " at " + location;
  }
}
