package io.meshward.waf.engine;

import io.meshward.waf.Interruption;
import io.meshward.waf.MatchedData;
import io.meshward.waf.MatchedRule;
import io.meshward.waf.Transaction;
import io.meshward.waf.actions.Ctl;
import io.meshward.waf.auditlog.AuditRecord;
import io.meshward.waf.auditlog.AuditSink;
import io.meshward.waf.actions.Disruptive;
import io.meshward.waf.actions.InitCol;
import io.meshward.waf.actions.PerMatchAction;
import io.meshward.waf.actions.SetEnv;
import io.meshward.waf.actions.SetVar;
import io.meshward.waf.operators.OperatorContext;
import io.meshward.waf.rules.EngineSettings;
import io.meshward.waf.rules.EngineSettings.RuleEngineMode;
import io.meshward.waf.rules.Rule;
import io.meshward.waf.rules.RuleSet;
import io.meshward.waf.rules.VariableSelector;
import io.meshward.waf.variables.Entry;
import io.meshward.waf.variables.KeyedValues;
import io.meshward.waf.variables.Keys;
import io.meshward.waf.variables.Variable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One transaction of the engine: the variables, the per-transaction settings that {@code ctl:} may change, and the
 * results. Rule evaluation is in {@link RuleEvaluator}; request and response data come in through
 * {@link RequestIntake}.
 */
public final class RuntimeTransaction implements Transaction, OperatorContext {
  private static final int MAX_CAPTURES = 10;
  private static final Logger log = LoggerFactory.getLogger(RuntimeTransaction.class);

  final RuleSet ruleSet;
  final VariableStore store = new VariableStore();
  private final String id;
  private final RuleEvaluator evaluator;
  private final RequestIntake intake;
  private final AuditSink auditSink;
  private final Prelude prelude;
  /** Whether this transaction took the prelude's outcome: only then do the settled rules' outcomes hold. */
  private boolean tookPrelude;
  // Sized for CRS: its initialisation and paranoia-level rules alone match about 130 times in every request.
  private final List<RecordedMatch> matched = new ArrayList<>(160);
  private int highestSeverity = -1;
  // The resolved values of each selector slot, valid while the collection's version is unchanged.
  private final Entry[][] slotValues;
  private final long[] slotVersions;
  private final ArrayList<Entry> resolveBuffer = new ArrayList<>();
  private static final Entry[] NO_ENTRIES = new Entry[0];
  /** The counts {@code &VAR} most often yields, as text. */
  private static final String[] SMALL_COUNTS = new String[64];

  static {
    for (int i = 0; i < SMALL_COUNTS.length; i++) {
      SMALL_COUNTS[i] = Integer.toString(i);
    }
  }

  /** Per counting selector's slot: the value it yielded last (see {@link #countOf}). */
  private final IntTable<Entry[]> counts = new IntTable<>();
  private final Set<Integer> removedIds = new HashSet<>();
  private final List<int[]> removedRanges = new ArrayList<>();
  private final RemovedTargets removedTargets = new RemovedTargets();
  private final TargetRemovals targetRemovals;

  RuleEngineMode ruleEngine;
  /** Set when another inspection decided the request: the request phases' disruptive actions do not interrupt. */
  private boolean requestDecidedElsewhere;
  boolean requestBodyAccess;
  boolean responseBodyAccess;
  boolean forceRequestBodyVariable;
  long requestBodyLimit;
  long responseBodyLimit;
  EngineSettings.AuditEngineMode auditEngine;
  String auditLogParts;
  boolean audit;

  String skipAfter;
  int skip;
  boolean allowAll;
  boolean allowPhase;
  int allowedPhase;
  boolean allowRequest;
  boolean capturing;
  Rule currentRule;
  int lastPhase;
  private Interruption interruption;
  private String engineError;
  private boolean audited;

  RuntimeTransaction(RuleSet ruleSet, Shortcuts shortcuts, String id, BodyProcessing bodies, AuditSink auditSink) {
    this.ruleSet = ruleSet;
    this.id = id;
    this.auditSink = auditSink;
    this.prelude = shortcuts.prelude();
    this.targetRemovals = shortcuts.targetRemovals();
    this.slotValues = new Entry[ruleSet.selectorSlots()][];
    this.slotVersions = new long[ruleSet.selectorSlots()];
    EngineSettings settings = ruleSet.settings();
    this.ruleEngine = settings.ruleEngine();
    this.requestBodyAccess = settings.requestBodyAccess();
    this.responseBodyAccess = settings.responseBodyAccess();
    this.requestBodyLimit = settings.requestBodyLimit();
    this.responseBodyLimit = settings.responseBodyLimit();
    this.auditEngine = settings.auditEngine();
    this.auditLogParts = settings.auditLogParts();
    this.evaluator = new RuleEvaluator(ruleSet, shortcuts, this);
    this.intake = new RequestIntake(this, bodies);
    store.set(Variable.UNIQUE_ID, id);
  }

  // ---- the public API: data in, phases

  @Override
  public String id() {
    return id;
  }

  @Override
  public void processConnection(String clientAddress, int clientPort, String serverAddress, int serverPort) {
    intake.connection(clientAddress, clientPort, serverAddress, serverPort);
  }

  @Override
  public void processUri(String uri, String method, String protocol) {
    intake.requestLine(uri, method, protocol);
  }

  @Override
  public void addRequestHeader(String name, String value) {
    intake.requestHeader(name, value);
  }

  @Override
  public Optional<Interruption> processRequestHeaders() {
    return runPhase(1);
  }

  @Override
  public Optional<Interruption> appendRequestBody(byte[] data, int offset, int length) {
    intake.requestBody(data, offset, length);
    return interruption();
  }

  @Override
  public Optional<Interruption> processRequestBody() {
    if (ruleEngine == RuleEngineMode.OFF || lastPhase >= 2 || interruption != null) {
      return interruption();
    }
    try {
      intake.parseRequestBody();
    } catch (RuntimeException e) {
      engineError = "request body: " + e;
      return interruption();
    }
    return runPhase(2);
  }

  @Override
  public void addResponseHeader(String name, String value) {
    intake.responseHeader(name, value);
  }

  @Override
  public Optional<Interruption> processResponseHeaders(int status, String protocol) {
    if (ruleEngine == RuleEngineMode.OFF || lastPhase >= 3 || interruption != null) {
      return interruption();
    }
    intake.responseStatus(status, protocol);
    return runPhase(3);
  }

  @Override
  public Optional<Interruption> appendResponseBody(byte[] data, int offset, int length) {
    intake.responseBody(data, offset, length);
    return interruption();
  }

  @Override
  public Optional<Interruption> processResponseBody() {
    if (ruleEngine == RuleEngineMode.OFF || lastPhase >= 4 || interruption != null) {
      return interruption();
    }
    intake.publishResponseBody();
    return runPhase(4);
  }

  @Override
  public void processLogging() {
    if (ruleEngine != RuleEngineMode.OFF && lastPhase < 5 && engineError == null) {
      lastPhase = 5;
      try {
        evaluator.evaluatePhase(5, 0, ruleSet.phase(5).size());
      } catch (RuntimeException | StackOverflowError e) {
        engineError = "phase 5: " + e;
      }
    }
    writeAuditRecord();
  }

  /** Once per transaction, after phase 5, as SecAuditEngine (possibly changed by ctl:auditEngine) decides. */
  private void writeAuditRecord() {
    if (auditSink == null || audited) {
      return;
    }
    audited = true;
    boolean selected = switch (auditEngine) {
      case ON -> true;
      case RELEVANT_ONLY -> audit && matched.stream().anyMatch(m -> m.rule().log());
      case OFF -> false;
    };
    if (!selected) {
      return;
    }
    try {
      auditSink.write(AuditRecord.of(this, Instant.now()));
    } catch (RuntimeException e) {
      // A broken audit log must not fail the request it describes; the operator sees it in the service log.
      log.warn("audit record of transaction {} not written: {}", id, e.toString());
    }
  }

  @Override
  public Optional<Interruption> interruption() {
    return Optional.ofNullable(interruption);
  }

  @Override
  public List<MatchedRule> matchedRules() {
    List<MatchedRule> rules = new ArrayList<>(matched.size());
    for (RecordedMatch recorded : matched) {
      rules.add(toMatchedRule(recorded));
    }
    return List.copyOf(rules);
  }

  @Override
  public Optional<String> variable(String name, String key) {
    Optional<Variable> variable = Variable.byName(name);
    if (variable.isEmpty()) {
      return Optional.empty();
    }
    String value = valueOf(variable.get(), key);
    return value == null ? Optional.empty() : Optional.of(value);
  }

  @Override
  public Optional<String> engineError() {
    return Optional.ofNullable(engineError);
  }

  @Override
  public void requestDecidedElsewhere() {
    requestDecidedElsewhere = true;
  }

  @Override
  public boolean ruleEngineEnabled() {
    return ruleEngine != RuleEngineMode.OFF;
  }

  /** Whether a rule matched with the audit log on (the audit log writes only such transactions when relevant). */
  public boolean auditRelevant() {
    return audit;
  }

  @Override
  public void close() {
    intake.release();
  }

  private Optional<Interruption> runPhase(int phase) {
    if (ruleEngine == RuleEngineMode.OFF || lastPhase >= phase || interruption != null || engineError != null) {
      return interruption();
    }
    lastPhase = phase;
    try {
      evaluator.evaluatePhase(phase, 0, ruleSet.phase(phase).size());
    } catch (RuntimeException | StackOverflowError e) {
      // Never let a bug escape into the caller's request path; the caller applies its failure policy.
      engineError = "phase " + phase + ": " + e;
    }
    return interruption();
  }

  /**
   * Whether phase 1 may skip the prelude's rules and take what they leave: they read only TX, and what they read is
   * what they read when they ran alone only while no rule before them wrote TX, removed a rule or a target, or left a
   * skip pending.
   */
  boolean canTakePrelude() {
    return store.collection(Variable.TX).isEmpty() && skip == 0 && nothingRemoved();
  }

  private boolean nothingRemoved() {
    return removedIds.isEmpty() && removedRanges.isEmpty() && removedTargets.isEmpty();
  }

  /** Copies of {@code entries} appended to {@code values}: an entry caches its transformations, so none is shared. */
  private static void addCopies(KeyedValues values, List<Entry> entries) {
    for (Entry entry : entries) {
      values.add(entry.key(), entry.lowerKey(), entry.value());
    }
  }

  /** What the prelude's rules would have done here, as {@link Prelude} holds it. */
  void takePrelude() {
    tookPrelude = true;
    addCopies(store.collection(Variable.TX), prelude.tx());
    KeyedValues matchedVars = store.collection(Variable.MATCHED_VARS);
    matchedVars.clear();
    addCopies(matchedVars, prelude.matchedVars());
    if (prelude.matchedVarName() != null) {
      store.set(Variable.MATCHED_VAR, prelude.matchedVar());
      store.set(Variable.MATCHED_VAR_NAME, prelude.matchedVarName());
    }
    matched.addAll(prelude.matches());
    noteSeverity(prelude.highestSeverity());
    audit |= prelude.audit();
  }

  boolean tookPrelude() {
    return tookPrelude;
  }

  /** What a settled rule that matched would have done here: its MATCHED variables, skip and recorded match. */
  void takeSettled(SettledRules.Outcome outcome) {
    addCopies(store.collection(Variable.MATCHED_VARS), outcome.matchedVars());
    store.set(Variable.MATCHED_VAR, outcome.matchedVar());
    store.set(Variable.MATCHED_VAR_NAME, outcome.matchedVarName());
    Rule rule = outcome.recorded().rule();
    if (rule.skipAfter() != null) {
      skipAfter = rule.skipAfter();
    }
    if (rule.skip() > 0) {
      skip = rule.skip();
    }
    record(outcome.recorded());
  }

  /**
   * Takes the prelude, evaluates the rule at {@code position} of {@code phase} on this otherwise untouched
   * transaction and returns its outcome; null when it did more than {@link SettledRules} can hold: matched when
   * {@code matchMaySettle} is false, wrote TX, interrupted or failed.
   */
  SettledRules.Outcome settle(int phase, int position, boolean matchMaySettle) {
    takePrelude();
    KeyedValues tx = store.collection(Variable.TX);
    long before = tx.version();
    int recorded = matched.size();
    lastPhase = phase;
    try {
      evaluator.evaluatePhase(phase, position, position + 1);
    } catch (RuntimeException | StackOverflowError e) {
      return null;
    }
    if (tx.version() != before || interruption != null || engineError != null || allowAll || !nothingRemoved()) {
      return null;
    }
    // MATCHED_VARS is cleared before each rule: empty afterwards means no part of the rule or its chain matched.
    KeyedValues matchedVars = store.collection(Variable.MATCHED_VARS);
    if (matchedVars.isEmpty() && matched.size() == recorded) {
      return SettledRules.NO_MATCH;
    }
    if (!matchMaySettle || matched.size() != recorded + 1) {
      return null;
    }
    return new SettledRules.Outcome(matched.get(recorded), store.value(Variable.MATCHED_VAR),
        store.value(Variable.MATCHED_VAR_NAME), matchedVars.all());
  }

  /**
   * Runs the rules of phase 1 from {@code start} to {@code end} (exclusive) on this transaction, which nothing has
   * touched, and returns what they leave; {@link Prelude#NONE} when they did more than a prelude can hold:
   * interrupted, allowed, failed or left a jump.
   */
  Prelude runAsPrelude(int start, int end) {
    lastPhase = 1;
    try {
      evaluator.evaluatePhase(1, start, end);
    } catch (RuntimeException | StackOverflowError e) {
      return Prelude.NONE;
    }
    boolean settled = interruption == null && engineError == null && skipAfter == null && skip == 0 && !allowAll
        && !allowPhase && !allowRequest && nothingRemoved();
    for (RecordedMatch match : matched) {
      Disruptive disruptive = match.rule().disruptive();
      settled &= disruptive == null || disruptive.kind() == Disruptive.Kind.PASS;
    }
    if (!settled) {
      return Prelude.NONE;
    }
    boolean anyMatch = store.isSet(Variable.MATCHED_VAR_NAME);
    return new Prelude(start, end, store.collection(Variable.TX).all(),
        anyMatch ? store.value(Variable.MATCHED_VAR) : null, anyMatch ? store.value(Variable.MATCHED_VAR_NAME) : null,
        store.collection(Variable.MATCHED_VARS).all(), matched, highestSeverity, audit);
  }

  // ---- state the evaluator and intake use

  boolean interrupted() {
    return interruption != null;
  }

  void interrupt(Interruption value) {
    if (interruption == null) {
      interruption = value;
    }
  }

  boolean isRemoved(int ruleId) {
    if (ruleId == 0) {
      return false;
    }
    if (!removedIds.isEmpty() && removedIds.contains(ruleId)) {
      return true;
    }
    for (int i = 0, n = removedRanges.size(); i < n; i++) {
      int[] range = removedRanges.get(i);
      if (ruleId >= range[0] && ruleId <= range[1]) {
        return true;
      }
    }
    return false;
  }

  void clearMatchedVars() {
    store.collection(Variable.MATCHED_VARS).clear();
  }

  /**
   * A target value matched: MATCHED_VAR, MATCHED_VAR_NAME and MATCHED_VARS as the reference engines set them.
   *
   * @param name the variable as MATCHED_VAR_NAME names it: {@code VARIABLE} or {@code VARIABLE:key}
   * @param lowerName {@code name} with the key in lower case
   */
  void matchVariable(String name, String lowerName, String value) {
    store.collection(Variable.MATCHED_VARS).add(name, lowerName, value);
    store.set(Variable.MATCHED_VAR, value);
    store.set(Variable.MATCHED_VAR_NAME, name);
  }

  /** A SecAction "matched": no variable, empty MATCHED_VAR. */
  void matchWithoutVariable() {
    store.collection(Variable.MATCHED_VARS).add("", "", "");
    store.set(Variable.MATCHED_VAR, "");
    store.set(Variable.MATCHED_VAR_NAME, "");
  }

  void recordMatch(Rule rule, List<MatchedData> matches) {
    record(new RecordedMatch(rule, lastPhase, matches));
  }

  private void record(RecordedMatch recorded) {
    if (recorded.rule().auditLog()) {
      audit = true;
    }
    noteSeverity(recorded.rule().severity());
    matched.add(recorded);
  }

  /** HIGHEST_SEVERITY after a match of {@code severity} (-1: none; smaller numbers are more severe). */
  private void noteSeverity(int severity) {
    if (severity >= 0 && (highestSeverity < 0 || severity < highestSeverity)) {
      highestSeverity = severity;
      store.set(Variable.HIGHEST_SEVERITY, String.valueOf(highestSeverity));
    }
  }

  /** What a match leaves until someone asks: most transactions' matches are CRS bookkeeping nobody reads. */
  record RecordedMatch(Rule rule, int phase, List<MatchedData> matches) {}

  private MatchedRule toMatchedRule(RecordedMatch recorded) {
    Rule rule = recorded.rule();
    String message = "";
    String data = "";
    for (MatchedData match : recorded.matches()) {
      if (!match.message().isEmpty()) {
        message = match.message();
        data = match.data();
        break;
      }
    }
    return new MatchedRule(rule.id(), recorded.phase(), rule.location().file(), rule.location().line(), message,
        data, rule.severity(), rule.tags(), rule.version(), rule.revision(), rule.maturity(), rule.accuracy(),
        rule.log(), rule.disruptive() == null ? "pass" : rule.disruptive().actionName(), recorded.matches(),
        store.value(Variable.REMOTE_ADDR), store.value(Variable.REQUEST_URI), store.value(Variable.SERVER_NAME), id);
  }

  void applyDisruptive(Rule rule, Disruptive disruptive) {
    if (ruleEngine == RuleEngineMode.OFF) {
      return;
    }
    switch (disruptive.kind()) {
      case PASS -> { }
      case ALLOW -> allowAll = true;
      case ALLOW_PHASE -> {
        allowPhase = true;
        allowedPhase = lastPhase;
      }
      case ALLOW_REQUEST -> allowRequest = true;
      case DENY, DROP, REDIRECT -> {
        if (ruleEngine == RuleEngineMode.ON && !(requestDecidedElsewhere && lastPhase <= 2)) {
          int status = disruptive.status() != 0 ? disruptive.status()
              : disruptive.kind() == Disruptive.Kind.REDIRECT ? 302 : 403;
          interrupt(new Interruption(rule.id(), disruptive.actionName(), status,
              disruptive.redirectUrl() == null ? "" : disruptive.redirectUrl()));
        }
      }
    }
  }

  // ---- per-match actions

  void run(PerMatchAction action) {
    if (action instanceof SetVar setVar) {
      setVar(setVar);
    } else if (action instanceof Ctl ctl) {
      ControlActions.apply(this, ctl);
    } else if (action instanceof InitCol initCol) {
      // Persistent collections live for this transaction only; opening one is creating it empty.
      store.collection(Variable.byName(initCol.collection()).orElseThrow());
    } else if (action instanceof SetEnv setEnv) {
      store.collection(Variable.ENV).set(setEnv.name().expand(this), setEnv.value().expand(this));
    }
  }

  private void setVar(SetVar action) {
    Variable variable = action.variable();
    if (variable == null) {
      return;
    }
    KeyedValues collection = store.collection(variable);
    String name = action.constantLowerName() != null ? action.constantLowerName()
        : Keys.lower(action.name().expand(this));
    switch (action.operation()) {
      case DELETE -> collection.remove(name);
      case SET -> collection.setLower(name, action.value().expand(this));
      case ADD, SUBTRACT -> {
        long current = parseLong(collection.first(name));
        long operand = parseLong(action.value().expand(this));
        long result = action.operation() == SetVar.Operation.ADD ? current + operand : current - operand;
        collection.setLower(name, Long.toString(result));
      }
    }
  }

  void removeRuleById(int ruleId) {
    removedIds.add(ruleId);
  }

  void removeRuleRange(int from, int to) {
    removedRanges.add(new int[] {from, to});
  }

  void removeTargets(TargetRemoval removal) {
    removedTargets.add(removal);
  }

  TargetRemovals targetRemovals() {
    return targetRemovals;
  }

  // ---- variables as rules see them

  /**
   * The values a selector (in {@code slot}) yields, exclusions and the {@code removed} targets of its rule applied,
   * or their count for {@code &VAR}. The array is the transaction's: read it, do not keep or change it.
   */
  Entry[] values(VariableSelector selector, int slot, List<VariableSelector> removed) {
    Entry[] values = slotValues[slot];
    Variable variable = selector.variable();
    if (variable.kind() == Variable.Kind.SCALAR) {
      // A scalar's entry is replaced when it changes: the same entry means the same (one-element) values.
      if (values == null || values.length != 1 || variable == Variable.ARGS_COMBINED_SIZE
          || values[0] != store.scalar(variable)) {
        values = resolveNow(selector);
        slotValues[slot] = values;
      }
    } else if (selector.key() != null && selector.keyRegex() == null && selector.exclusions().isEmpty()
        && variable.kind() == Variable.Kind.COLLECTION && variable != Variable.ARGS && !variable.caseSensitiveKeys()) {
      // One key of a collection (TX:blocking_paranoia_level, REQUEST_HEADERS:User-Agent): every setvar changes
      // TX's version, so the key is looked up again and the array kept while it holds the same entries.
      List<Entry> found = store.collection(variable).getLowerOrNull(selector.lowerKey());
      if (values == null || !sameEntries(values, found)) {
        values = found == null ? NO_ENTRIES : found.toArray(NO_ENTRIES);
        slotValues[slot] = values;
      }
    } else {
      long version = store.version(variable);
      if (values == null || slotVersions[slot] != version) {
        values = resolveNow(selector);
        slotValues[slot] = values;
        slotVersions[slot] = version;
      }
    }
    if (removed != null && values.length > 0) {
      List<Entry> kept = new ArrayList<>(values.length);
      for (Entry entry : values) {
        if (!excluded(selector, removed, entry)) {
          kept.add(entry);
        }
      }
      values = kept.toArray(NO_ENTRIES);
    }
    if (selector.count()) {
      return countOf(selector, slot, values.length);
    }
    return values;
  }

  /**
   * The one value {@code &VAR} yields: the count. Kept per slot while the count stays the same, since the
   * initialisation rules every request runs test counts ({@code &TX:x @eq 0}) and a new entry each time was garbage.
   */
  private Entry[] countOf(VariableSelector selector, int slot, int count) {
    String text = count < SMALL_COUNTS.length ? SMALL_COUNTS[count] : Integer.toString(count);
    Entry[] counted = counts.get(slot);
    if (counted != null && counted[0].value().equals(text)) {
      return counted;
    }
    counted = new Entry[] {selector.key() == null ? new Entry("", "", text)
        : new Entry(selector.key(), selector.lowerKey(), text)};
    counts.put(slot, counted);
    return counted;
  }

  private static boolean sameEntries(Entry[] values, List<Entry> found) {
    if (found == null) {
      return values.length == 0;
    }
    if (values.length != found.size()) {
      return false;
    }
    for (int i = 0; i < values.length; i++) {
      if (values[i] != found.get(i)) {
        return false;
      }
    }
    return true;
  }

  /** The targets a {@code ctl} removed from rule {@code ruleId} in this transaction, or null. */
  List<VariableSelector> removedTargets(int ruleId) {
    return removedTargets.of(ruleId);
  }

  private Entry[] resolveNow(VariableSelector selector) {
    resolveBuffer.clear();
    VariableResolver.collect(store, selector, resolveBuffer);
    if (!selector.exclusions().isEmpty()) {
      resolveBuffer.removeIf(entry -> excluded(selector, null, entry));
    }
    return resolveBuffer.isEmpty() ? NO_ENTRIES : resolveBuffer.toArray(NO_ENTRIES);
  }

  private static boolean excluded(VariableSelector selector, List<VariableSelector> removed, Entry entry) {
    String lowerKey = entry.lowerKey();
    List<VariableSelector.Exclusion> exclusions = selector.exclusions();
    for (int i = 0, n = exclusions.size(); i < n; i++) {
      if (exclusions.get(i).excludes(lowerKey)) {
        return true;
      }
    }
    if (removed != null) {
      for (VariableSelector target : removed) {
        if (target.variable() == selector.variable()
            && (target.key() == null && target.keyRegex() == null
                || target.key() != null && target.lowerKey().equals(lowerKey)
                || target.keyRegex() != null && target.keyRegex().matches(lowerKey))) {
          return true;
        }
      }
    }
    return false;
  }

  // ---- macros and operator context

  @Override
  public String lookup(String variable, String key) {
    if ("RULE".equals(variable)) {
      return ruleField(key);
    }
    Optional<Variable> resolved = Variable.byName(variable);
    if (resolved.isEmpty()) {
      return "";
    }
    String value = valueOf(resolved.get(), key);
    return value == null ? "" : value;
  }

  @Override
  public String lookup(Variable variable, String key) {
    if (variable == Variable.RULE) {
      return ruleField(key);
    }
    String value = valueOf(variable, key);
    return value == null ? "" : value;
  }

  private String valueOf(Variable variable, String key) {
    switch (variable.kind()) {
      case SCALAR -> {
        if (variable == Variable.ARGS_COMBINED_SIZE) {
          return VariableResolver.resolve(store, VariableSelector.of(variable))
              .get(0).value();
        }
        return store.value(variable);
      }
      case NAMES -> {
        List<Entry> names = VariableResolver.resolve(store,
            new VariableSelector(variable, key, null, false, List.of()));
        return names.isEmpty() ? null : names.get(0).value();
      }
      default -> {
        if (variable == Variable.ARGS) {
          String get = key == null ? first(Variable.ARGS_GET) : store.collection(Variable.ARGS_GET).first(key);
          return get != null ? get
              : key == null ? first(Variable.ARGS_POST) : store.collection(Variable.ARGS_POST).first(key);
        }
        return key == null ? first(variable) : store.collection(variable).first(key);
      }
    }
  }

  private String first(Variable variable) {
    List<Entry> all = store.collection(variable).all();
    return all.isEmpty() ? null : all.get(0).value();
  }

  private String ruleField(String key) {
    Rule rule = currentRule;
    if (rule == null || key == null) {
      return "";
    }
    return switch (key.toLowerCase(Locale.ROOT)) {
      case "id" -> Integer.toString(rule.logId());
      case "msg" -> rule.msg() == null ? "" : rule.msg().text();
      case "logdata" -> rule.logData() == null ? "" : rule.logData().text();
      case "rev" -> rule.revision() == null ? "" : rule.revision();
      case "severity" -> rule.severity() < 0 ? "" : Integer.toString(rule.severity());
      case "ver" -> rule.version() == null ? "" : rule.version();
      default -> "";
    };
  }

  @Override
  public boolean capturing() {
    return capturing;
  }

  @Override
  public void capture(int group, String value) {
    if (capturing && group >= 0 && group < MAX_CAPTURES) {
      store.collection(Variable.TX).set(Integer.toString(group), value == null ? "" : value);
    }
  }

  @Override
  public void limitExceeded(String what) {
    store.collection(Variable.TX).set("msc_pcre_limits_exceeded", "1");
  }

  static long parseLong(String text) {
    if (text == null) {
      return 0;
    }
    String trimmed = text.trim();
    try {
      return Long.parseLong(trimmed);
    } catch (NumberFormatException e) {
      // Like the reference engines: a non-number counts as 0.
      return 0;
    }
  }

  private static int parseInt(String text, int fallback) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
