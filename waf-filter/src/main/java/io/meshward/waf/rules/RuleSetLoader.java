package io.meshward.waf.rules;

import io.meshward.waf.RuleLoadException;
import io.meshward.waf.actions.ActionCompiler;
import io.meshward.waf.actions.Disruptive;
import io.meshward.waf.actions.RuleActions;
import io.meshward.waf.macros.MacroString;
import io.meshward.waf.operators.OperatorException;
import io.meshward.waf.operators.Operators;
import io.meshward.waf.seclang.ActionSpec;
import io.meshward.waf.seclang.Directive;
import io.meshward.waf.seclang.SecLangParser;
import io.meshward.waf.seclang.SecLangSyntaxException;
import io.meshward.waf.seclang.SourceLocation;
import io.meshward.waf.transformations.Transformation;
import io.meshward.waf.transformations.Transformations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compiles SecLang directives into a {@link RuleSet}. Feed it files and texts in order, then {@link #build()}. Every
 * problem fails the load with the file, line and directive; nothing is half-loaded.
 */
public final class RuleSetLoader {
  /**
   * Directives accepted and ignored: they configure logging, storage or features that meshward provides otherwise
   * (its own audit log, no persistent collections, no GeoIP, no file uploads to disk).
   */
  public static final Set<String> IGNORED_DIRECTIVES = Set.of(
      "secdebuglog", "secdebugloglevel", "secauditlog", "secauditlog2", "secauditlogdirmode", "secauditlogfilemode",
      "secauditlogformat", "secauditlogrelevantstatus", "secauditlogstoragedir", "secauditlogtype", "sectmpdir",
      "secdatadir", "secuploaddir", "secuploadkeepfiles", "secuploadfilemode", "seccollectiontimeout",
      "secunicodemapfile", "secpcrematchlimit", "secpcrematchlimitrecursion", "secstatusengine",
      "secserversignature", "seccookieformat", "sechttpblkey", "secgeolookupdb", "secconnengine", "secwebappid",
      "secrequestbodyinmemorylimit", "secxmlexternalentity", "sectmpsaveuploadedfiles", "secsensorid",
      "secunicodecodepage", "secinterceptonerror", "secconnreadstatelimit", "secconnwritestatelimit",
      "secruleinheritance");
  private static final int MAX_INCLUDE_DEPTH = 50;

  private final List<RuleBuilder> rules = new ArrayList<>();
  private final Map<Integer, RuleBuilder> byId = new HashMap<>();
  private final Map<Integer, RuleActions> defaultActions = new HashMap<>();
  private final TransformationChains chains = new TransformationChains();
  private final SettingsBuilder settings = new SettingsBuilder();
  private final List<String> warnings = new ArrayList<>();
  private int includeDepth;

  /** Things that loaded but deserve an operator's attention (an update of a rule that is not there). */
  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  /** Loads a rule file; relative data files ({@code @pmFromFile}) and includes resolve against its directory. */
  public void loadFile(Path file) throws RuleLoadException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new RuleLoadException(null, null, "cannot read rule file " + file + ": " + e.getMessage(), e);
    }
    Path directory = file.toAbsolutePath().getParent();
    loadText(file.toString(), text, directory);
  }

  /** Loads SecLang text; {@code baseDirectory} resolves relative data files and includes. */
  public void loadText(String sourceName, String text, Path baseDirectory) throws RuleLoadException {
    List<Directive> directives;
    try {
      directives = SecLangParser.parse(sourceName, text);
    } catch (SecLangSyntaxException e) {
      throw new RuleLoadException(e.location(), null, e.getMessage().substring(e.location().toString().length() + 2),
          e);
    }
    for (Directive directive : directives) {
      try {
        apply(directive, baseDirectory);
      } catch (IllegalArgumentException e) {
        throw new RuleLoadException(directive.location(), directive.name(), e.getMessage(), e);
      }
    }
  }

  /** The rule set; fails when a chain was left open. */
  public RuleSet build() throws RuleLoadException {
    if (!rules.isEmpty()) {
      RuleBuilder last = rules.get(rules.size() - 1).chainEnd();
      if (last.expectsChain) {
        throw new RuleLoadException(last.location, "SecRule", "the rule says 'chain' but no rule follows it");
      }
    }
    List<Rule> built = new ArrayList<>(rules.size());
    SelectorSlots slots = new SelectorSlots();
    for (RuleBuilder rule : rules) {
      built.add(rule.build(slots));
    }
    return new RuleSet(built, settings.build(), chains.size(), slots.size());
  }

  private void apply(Directive d, Path baseDirectory) throws RuleLoadException {
    String key = d.key();
    switch (key) {
      case "secrule" -> secRule(d, baseDirectory);
      case "secaction" -> secAction(d);
      case "secmarker" -> secMarker(d);
      case "secdefaultaction" -> secDefaultAction(d);
      case "secruleupdatetargetbyid" -> updateTargets(d, idSelector(argument(d, 0)));
      case "secruleupdatetargetbytag" -> updateTargets(d, r -> r.tags.contains(argument(d, 0)));
      case "secruleupdatetargetbymsg" -> updateTargets(d, r -> r.msg != null && r.msg.text().equals(argument(d, 0)));
      case "secruleupdateactionbyid" -> updateActions(d);
      case "secruleremovebyid" -> removeRules(d, r -> d.arguments().stream().anyMatch(a -> idSelector(a).test(r)));
      case "secruleremovebytag" -> removeRules(d, r -> d.arguments().stream().anyMatch(r.tags::contains));
      case "secruleremovebymsg" -> removeRules(d, r -> r.msg != null && d.arguments().contains(r.msg.text()));
      case "include" -> include(d, baseDirectory);
      default -> {
        if (key.equals("secrulescript")) {
          throw new IllegalArgumentException("SecRuleScript is not supported: meshward runs no Lua scripts from rules");
        }
        if (!settings.apply(d) && !IGNORED_DIRECTIVES.contains(key)) {
          throw new IllegalArgumentException("unknown directive");
        }
      }
    }
  }

  private void secRule(Directive d, Path baseDirectory) {
    if (d.argumentCount() < 2 || d.argumentCount() > 3) {
      throw new IllegalArgumentException("expects VARIABLES \"OPERATOR\" [\"ACTIONS\"], got " + d.argumentCount()
          + " arguments");
    }
    RuleBuilder rule = new RuleBuilder();
    rule.location = d.location();
    rule.text = d.text();
    rule.variables = VariableParser.apply(List.of(), VariableParser.parse(d.argument(0)));
    operator(rule, d.argument(1), baseDirectory);
    RuleActions actions = ActionCompiler.compile(d.argumentCount() == 3
        ? ActionSpec.parseList(d.argument(2)) : List.of());
    add(rule, actions);
  }

  private void secAction(Directive d) {
    if (d.argumentCount() != 1) {
      throw new IllegalArgumentException("expects one \"ACTIONS\" argument, got " + d.argumentCount());
    }
    RuleBuilder rule = new RuleBuilder();
    rule.location = d.location();
    rule.text = d.text();
    add(rule, ActionCompiler.compile(ActionSpec.parseList(d.argument(0))));
  }

  private void secMarker(Directive d) {
    if (d.argumentCount() != 1 || d.argument(0).isBlank()) {
      throw new IllegalArgumentException("expects one marker name");
    }
    RuleBuilder marker = new RuleBuilder();
    marker.location = d.location();
    marker.text = d.text();
    marker.marker = d.argument(0);
    marker.phase = 0;
    marker.log = false;
    marker.auditLog = false;
    closeOpenChainCheck(d);
    rules.add(marker);
  }

  private void secDefaultAction(Directive d) {
    if (d.argumentCount() != 1) {
      throw new IllegalArgumentException("expects one \"ACTIONS\" argument");
    }
    RuleActions actions = ActionCompiler.compile(ActionSpec.parseList(d.argument(0)));
    if (actions.phase() == 0) {
      throw new IllegalArgumentException("SecDefaultAction must name a phase");
    }
    if (actions.disruptive() == null) {
      throw new IllegalArgumentException("SecDefaultAction must name a disruptive action (pass, deny, ...)");
    }
    if (actions.id() != 0 || actions.msg() != null || !actions.tags().isEmpty() || !actions.transformations()
        .isEmpty()) {
      throw new IllegalArgumentException("SecDefaultAction must not hold id, msg, tag or t: actions");
    }
    defaultActions.put(actions.phase(), actions);
  }

  private void operator(RuleBuilder rule, String text, Path baseDirectory) {
    String spec = text.strip();
    boolean negated = false;
    if (spec.startsWith("!")) {
      negated = true;
      spec = spec.substring(1).stripLeading();
    }
    String name;
    String argument;
    if (spec.startsWith("@")) {
      int space = spec.indexOf(' ');
      name = (space < 0 ? spec.substring(1) : spec.substring(1, space)).toLowerCase(Locale.ROOT);
      argument = space < 0 ? "" : spec.substring(space + 1).strip();
    } else {
      // No operator named: a regular expression, as in ModSecurity.
      name = "rx";
      argument = spec;
    }
    rule.negated = negated;
    rule.operatorName = name;
    rule.operatorArgument = argument;
    try {
      rule.operator = Operators.create(name, MacroString.parse(argument), dataFile -> {
        Path path = baseDirectory == null ? Path.of(dataFile) : baseDirectory.resolve(dataFile);
        return Files.readAllLines(path, StandardCharsets.ISO_8859_1);
      });
    } catch (OperatorException e) {
      throw new IllegalArgumentException("@" + name + ": " + e.getMessage(), e);
    }
  }

  /** Applies actions (merged with the phase's defaults) and places the rule: in the open chain or at the end. */
  private void add(RuleBuilder rule, RuleActions actions) {
    RuleBuilder parent = openChainParent();
    if (parent != null) {
      if (actions.id() != 0) {
        throw new IllegalArgumentException("a chained rule must not have an id (id:" + actions.id() + ")");
      }
      if (actions.phase() != 0 && actions.phase() != parent.phase) {
        throw new IllegalArgumentException("a chained rule runs in its parent's phase " + parent.phase);
      }
      rule.phase = parent.phase;
      rule.parentId = parent.id;
      applyActions(rule, actions, null);
      parent.chainEnd().expectsChain = false;
      parent.chainEnd().chained = rule;
      return;
    }
    int phase = actions.phase() == 0 ? 2 : actions.phase();
    rule.phase = phase;
    applyActions(rule, actions, defaultActions.get(phase));
    if (rule.id == 0) {
      throw new IllegalArgumentException("the rule has no id (add id:NNN to its actions)");
    }
    if (byId.containsKey(rule.id)) {
      throw new IllegalArgumentException("duplicate rule id " + rule.id + " (first at "
          + byId.get(rule.id).location + ")");
    }
    byId.put(rule.id, rule);
    rules.add(rule);
  }

  private RuleBuilder openChainParent() {
    if (rules.isEmpty()) {
      return null;
    }
    RuleBuilder last = rules.get(rules.size() - 1);
    return last.marker == null && last.chainEnd().expectsChain ? last : null;
  }

  private void closeOpenChainCheck(Directive d) {
    if (openChainParent() != null) {
      throw new IllegalArgumentException("the previous rule says 'chain' but " + d.name() + " follows it");
    }
  }

  private void applyActions(RuleBuilder rule, RuleActions actions, RuleActions defaults) {
    if (defaults != null) {
      if (defaults.log() != null) {
        rule.log = defaults.log();
      }
      if (defaults.auditLog() != null) {
        rule.auditLog = defaults.auditLog();
      } else if (Boolean.FALSE.equals(defaults.log())) {
        rule.auditLog = false;
      }
      rule.perMatch.addAll(defaults.perMatch());
      rule.disruptive = defaults.disruptive();
      if (defaults.status() != 0 && rule.disruptive.kind() == Disruptive.Kind.DENY) {
        rule.disruptive = new Disruptive(Disruptive.Kind.DENY, defaults.status(), null);
      }
    }
    if (actions.id() != 0) {
      rule.id = actions.id();
    }
    if (actions.msg() != null) {
      rule.msg = actions.msg();
    }
    if (actions.logData() != null) {
      rule.logData = actions.logData();
    }
    if (actions.severity() >= 0) {
      rule.severity = actions.severity();
    }
    rule.tags.addAll(actions.tags());
    if (actions.version() != null) {
      rule.version = actions.version();
    }
    if (actions.revision() != null) {
      rule.revision = actions.revision();
    }
    if (actions.maturity() != 0) {
      rule.maturity = actions.maturity();
    }
    if (actions.accuracy() != 0) {
      rule.accuracy = actions.accuracy();
    }
    for (String name : actions.transformations()) {
      addTransformation(rule, name);
    }
    rule.capture |= actions.capture();
    rule.multiMatch |= actions.multiMatch();
    rule.expectsChain |= actions.chain();
    if (actions.log() != null) {
      rule.log = actions.log();
    }
    if (actions.auditLog() != null) {
      rule.auditLog = actions.auditLog();
    } else if (Boolean.FALSE.equals(actions.log())) {
      rule.auditLog = false; // as in ModSecurity, nolog implies noauditlog unless auditlog is explicit
    }
    if (actions.disruptive() != null) {
      rule.disruptive = actions.disruptive();
    } else if (actions.status() != 0 && rule.disruptive.kind() == Disruptive.Kind.DENY) {
      rule.disruptive = new Disruptive(Disruptive.Kind.DENY, actions.status(), null);
    }
    if (actions.skipAfter() != null) {
      rule.skipAfter = actions.skipAfter();
    }
    if (actions.skip() != 0) {
      rule.skip = actions.skip();
    }
    rule.perMatch.addAll(actions.perMatch());
  }

  private void addTransformation(RuleBuilder rule, String name) {
    if (name.equalsIgnoreCase("none")) {
      rule.transformations.clear();
      rule.transformationNames.clear();
      rule.transformationPrefixIds = new int[0];
      return;
    }
    Optional<Transformation> transformation = Transformations.byName(name);
    if (transformation.isEmpty()) {
      throw new IllegalArgumentException("unknown transformation 't:" + name + "'");
    }
    rule.transformations.add(transformation.get());
    rule.transformationNames.add(name);
    rule.transformationPrefixIds = chains.prefixIds(rule.transformationNames);
  }

  private void updateTargets(Directive d, java.util.function.Predicate<RuleBuilder> which) {
    if (d.argumentCount() < 2 || d.argumentCount() > 3) {
      throw new IllegalArgumentException("expects a rule selector and \"TARGETS\" [\"REPLACED\"]");
    }
    List<VariableParser.Target> targets = VariableParser.parse(d.argument(1));
    boolean any = false;
    for (RuleBuilder rule : rules) {
      if (rule.marker == null && which.test(rule)) {
        any = true;
        if (d.argumentCount() == 3) {
          List<VariableParser.Target> replaced = VariableParser.parse(d.argument(2));
          rule.variables.removeIf(v -> replaced.stream().anyMatch(r -> r.selector().describe().equals(v.describe())));
        }
        rule.variables = VariableParser.apply(rule.variables, targets);
      }
    }
    if (!any) {
      // The reference engines accept an update of an unknown rule silently; an operator deserves to know.
      warnings.add(d.location() + ": " + d.name() + ": no loaded rule matches '" + d.argument(0) + "'");
    }
  }

  private void updateActions(Directive d) {
    if (d.argumentCount() != 2) {
      throw new IllegalArgumentException("expects a rule id and \"ACTIONS\"");
    }
    RuleActions actions = ActionCompiler.compile(ActionSpec.parseList(d.argument(1)));
    if (actions.id() != 0 || actions.phase() != 0) {
      throw new IllegalArgumentException("cannot change a rule's id or phase");
    }
    boolean any = false;
    for (RuleBuilder rule : rules) {
      if (rule.marker == null && idSelector(d.argument(0)).test(rule)) {
        any = true;
        if (actions.disruptive() != null || actions.block()) {
          rule.disruptive = actions.block() ? defaultDisruptive(rule.phase) : actions.disruptive();
        }
        applyActions(rule, actions, null);
      }
    }
    if (!any) {
      throw new IllegalArgumentException("no loaded rule has id " + d.argument(0));
    }
  }

  private Disruptive defaultDisruptive(int phase) {
    RuleActions defaults = defaultActions.get(phase);
    return defaults == null ? Disruptive.PASS : defaults.disruptive();
  }

  private void removeRules(Directive d, java.util.function.Predicate<RuleBuilder> which) {
    if (d.argumentCount() == 0) {
      throw new IllegalArgumentException("expects what to remove");
    }
    for (Iterator<RuleBuilder> it = rules.iterator(); it.hasNext(); ) {
      RuleBuilder rule = it.next();
      if (rule.marker == null && which.test(rule)) {
        it.remove();
        byId.remove(rule.id);
      }
    }
  }

  /** "942100" or "942100-942199". */
  private static java.util.function.Predicate<RuleBuilder> idSelector(String text) {
    String spec = text.trim();
    int dash = spec.indexOf('-', 1);
    try {
      if (dash > 0) {
        int from = Integer.parseInt(spec.substring(0, dash).trim());
        int to = Integer.parseInt(spec.substring(dash + 1).trim());
        return r -> r.id >= from && r.id <= to;
      }
      int id = Integer.parseInt(spec);
      return r -> r.id == id;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a rule id or an id range like 1000-1999, got '" + text + "'");
    }
  }

  private void include(Directive d, Path baseDirectory) throws RuleLoadException {
    if (d.argumentCount() != 1) {
      throw new IllegalArgumentException("expects one path");
    }
    if (++includeDepth > MAX_INCLUDE_DEPTH) {
      throw new IllegalArgumentException("includes nest deeper than " + MAX_INCLUDE_DEPTH);
    }
    try {
      String pattern = d.argument(0);
      Path path = baseDirectory == null ? Path.of(pattern) : baseDirectory.resolve(pattern);
      if (pattern.contains("*")) {
        Path directory = path.getParent();
        String glob = path.getFileName().toString();
        TreeSet<Path> files = new TreeSet<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, glob)) {
          stream.forEach(files::add);
        } catch (IOException e) {
          throw new IllegalArgumentException("cannot list " + directory + ": " + e.getMessage());
        }
        for (Path file : files) {
          loadFile(file);
        }
      } else {
        loadFile(path);
      }
    } finally {
      includeDepth--;
    }
  }

  private static String argument(Directive d, int index) {
    if (d.argumentCount() <= index) {
      throw new IllegalArgumentException("missing argument " + (index + 1));
    }
    return d.argument(index);
  }
}
