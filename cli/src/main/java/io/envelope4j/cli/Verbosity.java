package io.envelope4j.cli;

import java.io.PrintStream;
import picocli.CommandLine.Option;

/** {@code -v} and {@code -q}, shared by every command. */
final class Verbosity {
  @Option(
      names = {"-v", "--verbose"},
      description = "Say more: each file processed, and stack traces of failures.")
  boolean verbose;

  @Option(
      names = {"-q", "--quiet"},
      description = "Say less: no progress bar, errors only.")
  boolean quiet;

  void error(PrintStream err, String message, Throwable cause) {
    err.println("envelope4j: " + message);
    if (verbose && cause != null) {
      cause.printStackTrace(err);
    }
  }
}
