package io.meshward.cli;

import picocli.CommandLine.Option;

/** {@code -o/--output}, shared by every command that lists what the control plane holds. */
final class OutputOptions {
  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
      description = "table, json or yaml (default: table).")
  private OutputFormat format;

  OutputFormat format() {
    return format;
  }
}
