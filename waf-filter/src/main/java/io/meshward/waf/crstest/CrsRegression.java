package io.meshward.waf.crstest;

import io.meshward.waf.RuleLoadException;
import io.meshward.waf.Transaction;
import io.meshward.waf.WafEngine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The CRS conformance runner: reads the go-ftw tests under {@code CRS/tests/regression/tests} and runs every stage
 * in-process (go-ftw's request bytes, an Apache-like server, a WAF transaction, the albedo backend), then applies
 * the stage's assertions to the transaction's match log in ModSecurity's text form. Stages run in parallel, a
 * transaction each.
 *
 * <pre>
 * Report report = CrsRegression.run(Path.of("../shared/crs/v4"), new CrsRegression.Options().out(System.out));
 * </pre>
 */
public final class CrsRegression {
  /** At most this many stages may be skipped (all of them about the web server's own parsing). */
  public static final int MAX_SKIPPED_STAGES = 25;

  private CrsRegression() {}

  /** What to run and how. Setters return the options. */
  public static final class Options {
    private final Set<Integer> rules = new LinkedHashSet<>();
    private final Set<String> tests = new LinkedHashSet<>();
    private CrsOverrides overrides;
    private int threads = Runtime.getRuntime().availableProcessors();
    private Duration stageTimeout = Duration.ofSeconds(60);
    private String clientAddress = "127.0.0.1";
    private PrintStream out;
    private boolean verbose;
    private Supplier<Transaction> transactions;

    /** Runs only the tests of this rule (repeatable). */
    public Options rule(int ruleId) {
      rules.add(ruleId);
      return this;
    }

    /** Runs only this test ("942100-3"; repeatable). */
    public Options test(String testId) {
      tests.add(testId);
      return this;
    }

    /** The overrides to apply; the project's file when never set. */
    public Options overrides(CrsOverrides overrides) {
      this.overrides = overrides;
      return this;
    }

    public Options threads(int threads) {
      this.threads = Math.max(1, threads);
      return this;
    }

    /** A stage running longer is failed and abandoned. */
    public Options stageTimeout(Duration timeout) {
      this.stageTimeout = timeout;
      return this;
    }

    /** The client address the WAF sees (REMOTE_ADDR); 127.0.0.1 by default. */
    public Options clientAddress(String address) {
      this.clientAddress = address;
      return this;
    }

    /** Where to print the failures and the summary line; nothing is printed when unset. */
    public Options out(PrintStream out) {
      this.out = out;
      return this;
    }

    /** Lists every stage, not only the failures. */
    public Options verbose(boolean verbose) {
      this.verbose = verbose;
      return this;
    }

    /**
     * The WAF to test, as a source of transactions (an engine already loaded, or a fake in tests); when unset the
     * engine is loaded from the CRS directory with the test set-up ({@link CrsTestSetup}).
     */
    public Options transactions(Supplier<Transaction> transactions) {
      this.transactions = transactions;
      return this;
    }

    public Options engine(WafEngine engine) {
      return transactions(engine::newTransaction);
    }
  }

  /**
   * Runs the regression tests of a CRS directory.
   *
   * @throws IOException when the directory has no {@code tests/regression/tests}
   * @throws FtwFormatException when the overrides file is invalid
   */
  public static Report run(Path crsDirectory, Options options) throws IOException, FtwFormatException {
    long started = System.nanoTime();
    Path testsDirectory = crsDirectory.resolve("tests").resolve("regression").resolve("tests");
    if (!Files.isDirectory(testsDirectory)) {
      throw new IOException(testsDirectory.toAbsolutePath().normalize() + " does not exist: is " + crsDirectory
          + " a CRS directory?");
    }
    CrsOverrides overrides = options.overrides != null ? options.overrides : CrsOverrides.projectDefault();

    // -- the tests
    List<String> warnings = new ArrayList<>();
    List<Job> jobs = new ArrayList<>();
    List<StageResult> fileErrors = new ArrayList<>();
    for (Path file : FtwYamlReader.listTestFiles(testsDirectory)) {
      String relative = testsDirectory.relativize(file).toString();
      FtwTestFile tests;
      try {
        tests = FtwYamlReader.read(file);
      } catch (FtwFormatException e) {
        warnings.add(e.getMessage());
        int ruleId = FtwYamlReader.ruleIdFromName(file);
        if (options.rules.isEmpty() || options.rules.contains(ruleId)) {
          fileErrors.add(new StageResult(relative, ruleId, relative, StageResult.Status.FAILED, false, "",
              List.of("the test file cannot be read: " + e.getMessage()), List.of(), "-", List.of(), 0));
        }
        continue;
      }
      warnings.addAll(tests.warnings());
      if (!options.rules.isEmpty() && !options.rules.contains(tests.ruleId())) {
        continue;
      }
      for (FtwTestCase test : tests.tests()) {
        for (FtwStage stage : test.stages()) {
          String id = test.stages().size() > 1 ? test.id() + " stage " + stage.index() : test.id();
          if (!options.tests.isEmpty() && !options.tests.contains(test.id()) && !options.tests.contains(id)) {
            continue;
          }
          jobs.add(new Job(jobs.size(), id, relative, tests, test, stage));
        }
      }
    }

    // -- the engine
    String engineProblem = null;
    Supplier<Transaction> transactions = options.transactions;
    boolean anythingToRun = jobs.stream().anyMatch(j -> skipOf(overrides, j).isEmpty());
    if (transactions == null && anythingToRun) {
      try {
        transactions = CrsTestSetup.load(crsDirectory)::newTransaction;
      } catch (RuleLoadException | IOException | RuntimeException e) {
        engineProblem = e.getClass().getSimpleName() + ": " + e.getMessage();
      }
    }

    // -- the run
    StageResult[] results = new StageResult[jobs.size()];
    List<Job> toRun = new ArrayList<>();
    for (Job job : jobs) {
      Optional<CrsOverrides.Entry> skip = skipOf(overrides, job);
      Optional<CrsOverrides.Entry> known = overrides.knownFailureFor(job.file.format(), job.test, job.stage);
      if (skip.isPresent()) {
        results[job.index] = new StageResult(job.id, job.test.ruleId(), job.relative, StageResult.Status.SKIPPED,
            false, skip.get().reason(), List.of(), List.of(), "-", List.of(), 0);
      } else if (!job.file.enabled()) {
        results[job.index] = new StageResult(job.id, job.test.ruleId(), job.relative, StageResult.Status.SKIPPED,
            false, "the test file is disabled (meta.enabled: false)", List.of(), List.of(), "-", List.of(), 0);
      } else if (engineProblem != null) {
        results[job.index] = new StageResult(job.id, job.test.ruleId(), job.relative, StageResult.Status.FAILED,
            known.isPresent(), known.map(CrsOverrides.Entry::reason).orElse(""),
            List.of("not run: the engine did not load (" + engineProblem + ")"), List.of(), "-", List.of(), 0);
      } else {
        toRun.add(job);
      }
    }
    if (!toRun.isEmpty()) {
      StageExecutor executor = new StageExecutor(transactions, options.clientAddress);
      runParallel(toRun, results, overrides, executor, options);
    }
    List<StageResult> all = new ArrayList<>(fileErrors);
    for (StageResult r : results) {
      all.add(r);
    }
    Report report = new Report(crsDirectory, all, warnings, engineProblem, overrides,
        Duration.ofNanos(System.nanoTime() - started));
    if (options.out != null) {
      report.print(options.out, options.verbose);
    }
    return report;
  }

  private static Optional<CrsOverrides.Entry> skipOf(CrsOverrides overrides, Job job) {
    return overrides.skipFor(job.file.format(), job.test, job.stage);
  }

  /** One stage to run, with its place in the results. */
  private record Job(int index, String id, String relative, FtwTestFile file, FtwTestCase test, FtwStage stage) {}

  /** Runs one stage (twice when it fails and says retry_once) and judges it. */
  static StageResult runStage(Job job, CrsOverrides overrides, StageExecutor executor) {
    long start = System.nanoTime();
    Optional<CrsOverrides.Entry> known = overrides.knownFailureFor(job.file.format(), job.test, job.stage);
    StageOutcome outcome = null;
    List<String> problems;
    try {
      outcome = executor.execute(job.stage, job.file.format());
      problems = StageChecker.check(job.stage.output(), outcome);
      if (!problems.isEmpty() && job.stage.output().retryOnce()) {
        outcome = executor.execute(job.stage, job.file.format());
        problems = StageChecker.check(job.stage.output(), outcome);
      }
    } catch (UnsupportedOperationException e) {
      problems = List.of("the runner cannot build this request: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      problems = List.of("go-ftw cannot build this request: " + e.getMessage());
    } catch (RuntimeException | StackOverflowError e) {
      problems = List.of("the engine threw " + e.getClass().getName() + ": " + e.getMessage() + at(e));
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    String reason = known.map(CrsOverrides.Entry::reason).orElse("");
    return new StageResult(job.id, job.test.ruleId(), job.relative,
        problems.isEmpty() ? StageResult.Status.PASSED : StageResult.Status.FAILED, known.isPresent(), reason,
        problems, outcome == null ? List.of() : outcome.log(),
        outcome == null ? "-" : outcome.decision().toString(), outcome == null ? List.of() : outcome.notes(),
        millis);
  }

  /** Where the throwable came from: its first frame, and the first frame in meshward's code when that differs. */
  private static String at(Throwable e) {
    StackTraceElement[] trace = e.getStackTrace();
    if (trace.length == 0) {
      return "";
    }
    String where = " at " + trace[0];
    for (StackTraceElement frame : trace) {
      if (frame.getClassName().startsWith("io.meshward.")) {
        return frame == trace[0] ? where : where + " from " + frame;
      }
    }
    return where;
  }

  /**
   * Runs the jobs on up to {@code threads} threads. A stage that exceeds the timeout is failed and its thread
   * abandoned (a fresh one takes its place), so that one pathological evaluation cannot stall the run.
   */
  private static void runParallel(List<Job> jobs, StageResult[] results, CrsOverrides overrides,
      StageExecutor executor, Options options) {
    AtomicInteger threadNumber = new AtomicInteger();
    ExecutorService pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "crs-stage-" + threadNumber.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    CompletionService<StageResult> completion = new ExecutorCompletionService<>(pool);
    Map<Future<StageResult>, Running> running = new HashMap<>();
    int next = 0;
    long timeoutNanos = options.stageTimeout.toNanos();
    try {
      while (next < jobs.size() || !running.isEmpty()) {
        while (running.size() < options.threads && next < jobs.size()) {
          Job job = jobs.get(next++);
          Future<StageResult> future = completion.submit(() -> runStage(job, overrides, executor));
          running.put(future, new Running(job, System.nanoTime()));
        }
        Future<StageResult> done = completion.poll(50, TimeUnit.MILLISECONDS);
        if (done != null) {
          Running finished = running.remove(done);
          if (finished != null) {
            results[finished.job.index] = done.get();
          }
        }
        long now = System.nanoTime();
        List<Future<StageResult>> expired = new ArrayList<>();
        running.forEach((future, r) -> {
          if (now - r.started > timeoutNanos) {
            expired.add(future);
          }
        });
        for (Future<StageResult> future : expired) {
          Running r = running.remove(future);
          future.cancel(true);
          Optional<CrsOverrides.Entry> known = overrides.knownFailureFor(r.job.file.format(), r.job.test,
              r.job.stage);
          results[r.job.index] = new StageResult(r.job.id, r.job.test.ruleId(), r.job.relative,
              StageResult.Status.FAILED, known.isPresent(), known.map(CrsOverrides.Entry::reason).orElse(""),
              List.of("the stage did not finish within " + options.stageTimeout.toSeconds()
                  + " s (abandoned)"), List.of(), "-", List.of(), options.stageTimeout.toMillis());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a stage failed outside its own error handling", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private record Running(Job job, long started) {}
}
