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
  /** Per phase: where each marker stands in {@link #phase(int)}, ascending (a name may be used more than once). */
  private final List<Map<String, int[]>> markerPositions;

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
    List<Map<String, int[]>> markers = new ArrayList<>(6);
    for (List<Rule> phase : frozen) {
      Map<String, List<Integer>> positions = new HashMap<>();
      for (int position = 0; position < phase.size(); position++) {
        if (phase.get(position).isMarker()) {
          positions.computeIfAbsent(phase.get(position).marker(), m -> new ArrayList<>()).add(position);
        }
      }
      Map<String, int[]> frozenPositions = new HashMap<>();
      positions.forEach((name, at) -> frozenPositions.put(name, at.stream().mapToInt(Integer::intValue).toArray()));
      markers.add(Map.copyOf(frozenPositions));
    }
    this.markerPositions = List.copyOf(markers);
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

  /**
   * Where the first marker named {@code name} at or after {@code from} stands in {@link #phase(int)}, or -1: where
   * a {@code skipAfter} lands, found without walking the rules in between.
   */
  public int markerAt(int phase, String name, int from) {
    int[] positions = markerPositions.get(phase).get(name);
    if (positions == null) {
      return -1;
    }
    for (int position : positions) {
      if (position >= from) {
        return position;
      }
    }
    return -1;
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
