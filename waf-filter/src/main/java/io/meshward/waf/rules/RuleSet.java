package io.meshward.waf.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded rule set: the rules in file order, indexed by phase, and the engine settings. Immutable and shared by
 * every transaction.
 */
public final class RuleSet {
  private final List<Rule> rules;
  private final List<List<Rule>> byPhase;
  private final Map<Integer, Rule> byId;
  private final Map<String, List<Rule>> byTag;
  private final EngineSettings settings;
  private final int transformationChains;
  private final int selectorSlots;

  RuleSet(List<Rule> rules, EngineSettings settings, int transformationChains, int selectorSlots) {
    this.rules = List.copyOf(rules);
    this.selectorSlots = selectorSlots;
    this.settings = settings;
    this.transformationChains = transformationChains;
    List<List<Rule>> phases = new ArrayList<>(6);
    for (int phase = 0; phase <= 5; phase++) {
      phases.add(new ArrayList<>());
    }
    Map<Integer, Rule> ids = new HashMap<>();
    for (Rule rule : this.rules) {
      if (rule.isMarker()) {
        // Markers belong to every phase: skipAfter may jump to one from any phase.
        for (int phase = 1; phase <= 5; phase++) {
          phases.get(phase).add(rule);
        }
      } else {
        phases.get(rule.phase()).add(rule);
      }
      if (rule.id() != 0) {
        ids.put(rule.id(), rule);
      }
    }
    List<List<Rule>> frozen = new ArrayList<>(6);
    for (List<Rule> phase : phases) {
      frozen.add(List.copyOf(phase));
    }
    this.byPhase = Collections.unmodifiableList(frozen);
    this.byId = Map.copyOf(ids);
    Map<String, List<Rule>> tags = new HashMap<>();
    for (Rule rule : this.rules) {
      for (String tag : rule.tags()) {
        tags.computeIfAbsent(tag, t -> new ArrayList<>()).add(rule);
      }
    }
    Map<String, List<Rule>> frozenTags = new HashMap<>();
    tags.forEach((tag, list) -> frozenTags.put(tag, List.copyOf(list)));
    this.byTag = Map.copyOf(frozenTags);
  }

  /** The rules carrying {@code tag}, in file order. */
  public List<Rule> rulesTagged(String tag) {
    return byTag.getOrDefault(tag, List.of());
  }

  public List<Rule> rules() {
    return rules;
  }

  /** The rules (and markers) of a phase, 1-5, in file order. */
  public List<Rule> phase(int phase) {
    return byPhase.get(phase);
  }

  public Rule rule(int id) {
    return byId.get(id);
  }

  public EngineSettings settings() {
    return settings;
  }

  /** How many distinct transformation chain prefixes the rules use; sizes per-transaction caches. */
  /** How many distinct selectors the rules have (see {@link Rule#selectorSlots()}). */
  public int selectorSlots() {
    return selectorSlots;
  }

  public int transformationChains() {
    return transformationChains;
  }

  /** Rules with an id, markers excluded. */
  public int ruleCount() {
    return byId.size();
  }
}
