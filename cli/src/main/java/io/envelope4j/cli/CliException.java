package io.envelope4j.cli;

/**
 * A failure the CLI reports as one line on stderr with an exit code. The message says what is wrong
 * and, where there is one, what to do; it never carries key material or plaintext.
 */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ExitCode exitCode;

  CliException(ExitCode exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  CliException(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  ExitCode exitCode() {
    return exitCode;
  }
}
