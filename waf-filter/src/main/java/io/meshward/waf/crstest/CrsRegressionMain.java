package io.meshward.waf.crstest;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Command line of the conformance runner (what {@code meshward waf crs-test} will call):
 *
 * <pre>
 * java -cp ... io.meshward.waf.crstest.CrsRegressionMain --crs DIR [--rule 942100]... [--test 942100-3]...
 *     [--overrides FILE | --no-overrides] [--threads N] [--timeout SECONDS] [--client-address IP] [--verbose]
 * </pre>
 *
 * It prints every failure and, as its last line, {@code crs-regression: N passed, N failed, N skipped}. Exit status:
 * 0 when the bar is met (every stage passes except the skipped ones and exactly the known failures), 1 when it is
 * not, 2 for a usage error or a directory that holds no CRS tests.
 */
public final class CrsRegressionMain {
  private CrsRegressionMain() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs with the arguments; returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Path crs = null;
    CrsRegression.Options options = new CrsRegression.Options().out(out);
    try {
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        switch (arg) {
          case "--crs" -> crs = Path.of(value(args, ++i, arg));
          case "--rule" -> options.rule(Integer.parseInt(value(args, ++i, arg)));
          case "--test" -> options.test(value(args, ++i, arg));
          case "--overrides" -> options.overrides(CrsOverrides.load(Path.of(value(args, ++i, arg))));
          case "--no-overrides" -> options.overrides(CrsOverrides.none());
          case "--threads" -> options.threads(Integer.parseInt(value(args, ++i, arg)));
          case "--timeout" -> options.stageTimeout(Duration.ofSeconds(Long.parseLong(value(args, ++i, arg))));
          case "--client-address" -> options.clientAddress(value(args, ++i, arg));
          case "--verbose", "-v" -> options.verbose(true);
          case "--help", "-h" -> {
            usage(out);
            return 0;
          }
          default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
        }
      }
      if (crs == null) {
        throw new IllegalArgumentException("--crs DIR is required");
      }
      if (!Files.isDirectory(crs)) {
        throw new IllegalArgumentException(crs + " is not a directory");
      }
    } catch (IllegalArgumentException | IOException | FtwFormatException e) {
      err.println("crs-test: " + e.getMessage());
      usage(err);
      return 2;
    }
    try {
      Report report = CrsRegression.run(crs, options);
      return report.meetsBar(CrsRegression.MAX_SKIPPED_STAGES) ? 0 : 1;
    } catch (IOException | FtwFormatException e) {
      err.println("crs-test: " + e.getMessage());
      return 2;
    }
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static void usage(PrintStream out) {
    out.println("usage: crs-test --crs DIR [--rule ID]... [--test RULE-TEST]... [--overrides FILE | --no-overrides]");
    out.println("                [--threads N] [--timeout SECONDS] [--client-address IP] [--verbose]");
  }
}
