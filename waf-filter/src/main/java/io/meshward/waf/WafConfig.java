package io.meshward.waf;

import io.meshward.waf.auditlog.AuditSink;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What an engine loads, in order: rule files and SecLang texts. {@link Builder#crs(Path)} adds a Core Rule Set
 * directory the way CRS is installed: {@code crs-setup.conf} (or its {@code .example}), then {@code rules/*.conf} in
 * name order.
 */
public final class WafConfig {
  /** Where CRS (from 4.0) keeps plugins: rule files included around its own, by their names' endings. */
  public static final String PLUGINS = "plugins";

  private final List<Source> sources;
  private final AuditSink auditSink;
  private final boolean shortcuts;

  private WafConfig(List<Source> sources, AuditSink auditSink, boolean shortcuts) {
    this.sources = List.copyOf(sources);
    this.auditSink = auditSink;
    this.shortcuts = shortcuts;
  }

  public List<Source> sources() {
    return sources;
  }

  /** Where audit records go; null when there is no audit log. */
  public AuditSink auditSink() {
    return auditSink;
  }

  /** Whether the engine takes its evaluation shortcuts (see {@link Builder#shortcuts}). */
  public boolean shortcuts() {
    return shortcuts;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A rule file, or SecLang text with a name for error messages and a directory for relative data files. */
  public record Source(String name, Path file, String text, Path baseDirectory) {
    public boolean isFile() {
      return file != null;
    }
  }

  public static final class Builder {
    /** The CRS file whose rule 901001 denies every request when no setup file set {@code tx.crs_setup_version}. */
    private static final String CRS_INITIALIZATION = "REQUEST-901-INITIALIZATION.conf";

    private final List<Source> sources = new ArrayList<>();
    private AuditSink auditSink;
    private boolean shortcuts = true;

    public Builder file(Path file) {
      sources.add(new Source(file.toString(), file, null, file.toAbsolutePath().getParent()));
      return this;
    }

    public Builder text(String name, String text) {
      return text(name, text, null);
    }

    public Builder text(String name, String text, Path baseDirectory) {
      sources.add(new Source(name, null, text, baseDirectory));
      return this;
    }

    /**
     * Adds a CRS directory as CRS's install guide includes it: {@code crs-setup.conf} (or, without one,
     * {@code crs-setup.conf.example}); the plugins' {@code plugins/*-config.conf}, then {@code plugins/*-before.conf};
     * {@code rules/*.conf}; then {@code plugins/*-after.conf}. Each group in name order; no {@code plugins}
     * directory, no plugins.
     *
     * @throws IOException when the directory has no rules, or has CRS's rules without a setup file: CRS then denies
     *     every request (its rule 901001), so the load is refused with what to do instead
     */
    public Builder crs(Path directory) throws IOException {
      Path setup = directory.resolve("crs-setup.conf");
      if (!Files.isRegularFile(setup)) {
        setup = directory.resolve("crs-setup.conf.example");
      }
      Path rules = directory.resolve("rules");
      SortedSet<Path> ruleFiles = confFiles(rules, "*.conf");
      if (ruleFiles.isEmpty()) {
        throw new IOException(rules + " holds no *.conf rule files");
      }
      if (!Files.isRegularFile(setup) && Files.isRegularFile(rules.resolve(CRS_INITIALIZATION))) {
        throw new IOException(directory + " holds the CRS rules but neither crs-setup.conf nor crs-setup.conf.example,"
            + " without which CRS denies every request (rule 901001). Debian's modsecurity-crs package keeps the"
            + " setup apart, in /etc/modsecurity/crs/crs-setup.conf: make a directory holding that file and a link"
            + " named rules to /usr/share/modsecurity-crs/rules, and give that directory instead");
      }
      if (Files.isRegularFile(setup)) {
        file(setup);
      }
      Path plugins = directory.resolve(PLUGINS);
      boolean withPlugins = Files.isDirectory(plugins);
      if (withPlugins) {
        confFiles(plugins, "*-config.conf").forEach(this::file);
        confFiles(plugins, "*-before.conf").forEach(this::file);
      }
      ruleFiles.forEach(this::file);
      if (withPlugins) {
        confFiles(plugins, "*-after.conf").forEach(this::file);
      }
      return this;
    }

    private static SortedSet<Path> confFiles(Path directory, String glob) throws IOException {
      TreeSet<Path> files = new TreeSet<>();
      try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, glob)) {
        stream.forEach(files::add);
      }
      return files;
    }

    /**
     * Sends an audit record of each transaction that {@code SecAuditEngine} selects (RelevantOnly: a rule with
     * {@code auditlog} matched; On: every transaction) to the sink when the transaction's logging phase runs.
     */
    public Builder auditLog(AuditSink sink) {
      this.auditSink = sink;
      return this;
    }

    /**
     * On (the default), the engine takes two shortcuts: rules that look for patterns in the same values are ruled out
     * together by one scan of each value when none of their patterns can match it, and the rules at the start of
     * phase 1 that read nothing a request brings (CRS's initialisation) run once, when the rules load, rather than
     * in every transaction. Off, every rule is evaluated on its own in every transaction. The verdicts are the
     * same either way: this is for measurements and for tests that prove it.
     */
    public Builder shortcuts(boolean on) {
      this.shortcuts = on;
      return this;
    }

    public WafConfig build() {
      return new WafConfig(sources, auditSink, shortcuts);
    }
  }
}
