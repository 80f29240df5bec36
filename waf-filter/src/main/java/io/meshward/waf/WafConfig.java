package io.meshward.waf;

import io.meshward.waf.auditlog.AuditSink;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * What an engine loads, in order: rule files and SecLang texts. {@link Builder#crs(Path)} adds a Core Rule Set
 * directory the way CRS is installed: {@code crs-setup.conf} (or its {@code .example}), then {@code rules/*.conf} in
 * name order.
 */
public final class WafConfig {
  private final List<Source> sources;
  private final AuditSink auditSink;
  private final boolean ruleScreening;

  private WafConfig(List<Source> sources, AuditSink auditSink, boolean ruleScreening) {
    this.sources = List.copyOf(sources);
    this.auditSink = auditSink;
    this.ruleScreening = ruleScreening;
  }

  public List<Source> sources() {
    return sources;
  }

  /** Where audit records go; null when there is no audit log. */
  public AuditSink auditSink() {
    return auditSink;
  }

  /** Whether rules are screened in groups before evaluation (see {@link Builder#ruleScreening}). */
  public boolean ruleScreening() {
    return ruleScreening;
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
    private final List<Source> sources = new ArrayList<>();
    private AuditSink auditSink;
    private boolean ruleScreening = true;

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
     * Adds a CRS directory.
     *
     * @throws IOException when the directory has no rules
     */
    public Builder crs(Path directory) throws IOException {
      Path setup = directory.resolve("crs-setup.conf");
      if (!Files.isRegularFile(setup)) {
        setup = directory.resolve("crs-setup.conf.example");
      }
      if (Files.isRegularFile(setup)) {
        file(setup);
      }
      Path rules = directory.resolve("rules");
      TreeSet<Path> files = new TreeSet<>();
      try (DirectoryStream<Path> stream = Files.newDirectoryStream(rules, "*.conf")) {
        stream.forEach(files::add);
      }
      if (files.isEmpty()) {
        throw new IOException(rules + " holds no *.conf rule files");
      }
      files.forEach(this::file);
      return this;
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
     * On (the default), rules that look for patterns in the same values are ruled out together by one scan of each
     * value when none of their patterns can match it; off, every rule is evaluated on its own. The verdicts are the
     * same either way: this is for measurements and for tests that prove it.
     */
    public Builder ruleScreening(boolean on) {
      this.ruleScreening = on;
      return this;
    }

    public WafConfig build() {
      return new WafConfig(sources, auditSink, ruleScreening);
    }
  }
}
