package io.meshward.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A command could not do what was asked, for a reason the user can act on. Carries the lines to print on stderr and
 * the exit code; the stack trace of the cause only matters with {@code --verbose}.
 */
final class CommandFailure extends RuntimeException {
  private final int exitCode;
  private final List<String> lines;

  CommandFailure(int exitCode, List<String> lines, Throwable cause) {
    super(String.join("\n", lines), cause);
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("a failure needs at least one line to explain it");
    }
    this.exitCode = exitCode;
    this.lines = List.copyOf(lines);
  }

  CommandFailure(int exitCode, List<String> lines) {
    this(exitCode, lines, null);
  }

  /** A failure explained in one line, which gets the "error: " prefix. */
  static CommandFailure of(int exitCode, String message) {
    return new CommandFailure(exitCode, List.of("error: " + message));
  }

  static CommandFailure of(int exitCode, String message, Throwable cause) {
    return new CommandFailure(exitCode, List.of("error: " + message), cause);
  }

  int exitCode() {
    return exitCode;
  }

  List<String> lines() {
    return lines;
  }

  /** The same failure with a further line of explanation at the end. */
  CommandFailure withNote(String line) {
    List<String> more = new ArrayList<>(lines);
    more.add(line);
    return new CommandFailure(exitCode, more, getCause());
  }
}
