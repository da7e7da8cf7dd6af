package io.envelope4j.cli;

/**
 * The CLI's exit codes. Documented in {@code envelope4j --help} and in the README; scripts may rely
 * on them.
 */
enum ExitCode {
  /** Everything asked for was done. */
  OK(0),
  /** Bad flags or arguments; nothing was done. */
  USAGE(2),
  /** A message failed to decrypt or authenticate: tampered, truncated, wrong context. */
  BAD_MESSAGE(3),
  /** No key could be used: wrong key, key disabled or missing, KMS refused or unreachable. */
  KEY_ACCESS(4),
  /** Input or output failed: missing file, output exists, disk full, closed pipe. */
  IO(5),
  /** A directory run finished, but some files failed (each one is reported). */
  PARTIAL(6),
  /** A bug in envelope4j; the message says what to report. */
  INTERNAL(70),
  /** Interrupted (Ctrl-C); temporary output was removed. */
  INTERRUPTED(130);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  int code() {
    return code;
  }
}
