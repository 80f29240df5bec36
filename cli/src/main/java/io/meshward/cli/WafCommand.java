package io.meshward.cli;

import io.meshward.waf.crstest.CrsRegressionMain;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code meshward waf ...}: the WAF engine's own tools. */
@Command(name = "waf", description = "The WAF engine: conformance tests and traffic replay.",
    subcommands = {WafCommand.CrsTest.class, WafScanCommand.class})
final class WafCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  /** {@code meshward waf crs-test --crs DIR}: the CRS regression suite, in-process. */
  @Command(name = "crs-test", description = {
      "Run the OWASP CRS regression tests (go-ftw YAML under DIR/tests/regression/tests) in-process against the"
          + " engine. Prints each failure and, last, 'crs-regression: N passed, N failed, N skipped'.",
      "Exit status: 0 when every stage passes except the documented overrides and known failures, 1 otherwise."})
  static final class CrsTest implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--crs", paramLabel = "DIR", required = true,
        description = "A CRS directory (crs-setup.conf[.example], rules/, tests/).")
    private Path crs;

    @Option(names = "--rule", paramLabel = "ID", description = "Only the tests of this rule (repeatable).")
    private List<Integer> rules = new ArrayList<>();

    @Option(names = "--test", paramLabel = "RULE-TEST", description = "Only this test, e.g. 942100-3 (repeatable).")
    private List<String> tests = new ArrayList<>();

    @Option(names = "--overrides", paramLabel = "FILE", description = "Another overrides file.")
    private Path overrides;

    @Option(names = "--threads", paramLabel = "N", description = "Parallel stages (default: the CPU count).")
    private Integer threads;

    @Option(names = {"-v", "--verbose-stages"}, description = "Print passing stages too.")
    private boolean verbose;

    @Override
    public Integer call() {
      List<String> args = new ArrayList<>(List.of("--crs", crs.toString()));
      rules.forEach(r -> args.addAll(List.of("--rule", r.toString())));
      tests.forEach(t -> args.addAll(List.of("--test", t)));
      if (overrides != null) {
        args.addAll(List.of("--overrides", overrides.toString()));
      }
      if (threads != null) {
        args.addAll(List.of("--threads", threads.toString()));
      }
      if (verbose) {
        args.add("--verbose");
      }
      try (PrintStream out = lines(spec.commandLine().getOut());
           PrintStream err = lines(spec.commandLine().getErr())) {
        int status = CrsRegressionMain.run(args.toArray(String[]::new), out, err);
        return status == 2 ? ExitCodes.USAGE : status == 0 ? ExitCodes.OK : ExitCodes.REFUSED;
      }
    }

    /** A PrintStream that hands each complete line to a PrintWriter (picocli's streams, captured in tests). */
    private static PrintStream lines(PrintWriter writer) {
      return new PrintStream(new OutputStream() {
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        @Override
        public void write(int b) {
          line.write(b);
          if (b == '\n') {
            flush();
          }
        }

        @Override
        public void flush() {
          writer.print(line.toString(StandardCharsets.UTF_8));
          writer.flush();
          line.reset();
        }
      }, true, StandardCharsets.UTF_8);
    }
  }
}
