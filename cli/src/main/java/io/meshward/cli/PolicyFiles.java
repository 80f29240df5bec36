package io.meshward.cli;

import io.meshward.policy.validate.LocatedDocument;
import io.meshward.policy.validate.PolicyError;
import io.meshward.policy.validate.PolicySetValidator;
import io.meshward.policy.validate.PolicyValidationException;
import io.meshward.policy.yaml.PolicyCodec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads policy files and checks them on this machine, with the same code the control plane runs, before anything is
 * sent: a typo in the second file must not leave the first one applied.
 */
final class PolicyFiles {
  static final String STDIN = "-";
  static final String STDIN_NAME = "<stdin>";

  private final PolicyCodec codec = new PolicyCodec();
  private final InputStream stdin;

  PolicyFiles(InputStream stdin) {
    this.stdin = stdin;
  }

  /** A file with its documents; none when the file is invalid. */
  record CheckedFile(PolicyFile file, List<LocatedDocument> documents) {}

  /** What checking the files found: the documents of each file, and every problem. */
  record Checked(List<CheckedFile> files, List<PolicyError> errors) {
    boolean ok() {
      return errors.isEmpty();
    }

    /** Whether no problem was found in this file (a conflict between files counts for the later one). */
    boolean ok(PolicyFile file) {
      return errors.stream().noneMatch(error -> error.source().equals(file.name()));
    }

    List<String> errorLines() {
      return errors.stream().map(PolicyError::format).toList();
    }
  }

  /**
   * @throws CommandFailure when a file cannot be read
   */
  List<PolicyFile> read(List<String> paths) {
    if (paths.stream().filter(STDIN::equals).count() > 1) {
      throw CommandFailure.of(ExitCodes.USAGE, "'-f -' (standard input) can be given only once");
    }
    List<PolicyFile> files = new ArrayList<>();
    for (String path : paths) {
      files.add(STDIN.equals(path) ? new PolicyFile(STDIN_NAME, readStdin()) : new PolicyFile(path, readFile(path)));
    }
    return files;
  }

  /** Each file on its own, then, when all are fine, the files together (the same policy twice, equal selectors). */
  Checked check(List<PolicyFile> files) {
    List<CheckedFile> checked = new ArrayList<>();
    List<PolicyError> errors = new ArrayList<>();
    for (PolicyFile file : files) {
      try {
        checked.add(new CheckedFile(file, codec.readLocated(file.name(), file.text())));
      } catch (PolicyValidationException e) {
        checked.add(new CheckedFile(file, List.of()));
        errors.addAll(e.errors());
      }
    }
    if (errors.isEmpty() && files.size() > 1) {
      errors.addAll(PolicySetValidator.validate(List.of(),
          checked.stream().flatMap(c -> c.documents().stream()).toList()));
    }
    return new Checked(checked, errors);
  }

  private String readStdin() {
    try {
      return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw CommandFailure.of(ExitCodes.REFUSED, "cannot read standard input: " + e.getMessage(), e);
    }
  }

  private static String readFile(String path) {
    try {
      return Files.readString(Path.of(path), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw CommandFailure.of(ExitCodes.REFUSED, "cannot read " + path + ": no such file", e);
    } catch (IOException | RuntimeException e) {
      throw CommandFailure.of(ExitCodes.REFUSED, "cannot read " + path + ": " + e.getMessage(), e);
    }
  }
}
