package io.meshward.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/** Turns what went wrong into a few lines on stderr and the exit code of {@link ExitCodes}. */
final class ErrorHandlers implements IExecutionExceptionHandler, IParameterExceptionHandler {
  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    err.println("error: " + e.getMessage());
    UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for usage.");
    err.flush();
    return ExitCodes.USAGE;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
    PrintWriter err = command.getErr();
    boolean verbose = verbose(command);
    int exitCode;
    if (e instanceof CommandFailure failure) {
      failure.lines().forEach(err::println);
      if (verbose && failure.getCause() != null) {
        failure.getCause().printStackTrace(err);
      }
      exitCode = failure.exitCode();
    } else {
      // A bug of ours or a surprise from a dependency: still one line, with the trace on request.
      err.println("error: " + e);
      if (verbose) {
        e.printStackTrace(err);
      } else {
        err.println("(run again with --verbose for the stack trace)");
      }
      exitCode = ExitCodes.REFUSED;
    }
    err.flush();
    return exitCode;
  }

  private static boolean verbose(CommandLine command) {
    CommandLine root = command;
    while (root.getParent() != null) {
      root = root.getParent();
    }
    return root.getCommand() instanceof MeshwardCommand meshward && meshward.verbose();
  }
}
