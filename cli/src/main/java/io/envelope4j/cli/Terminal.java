package io.envelope4j.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the CLI talks to: standard streams, whether stdout and stderr are terminals (the launcher
 * tells, since JDK 17 cannot), the environment, and the working directory. Tests build one with
 * in-memory streams and run commands in-process.
 *
 * @param in standard input, read as bytes
 * @param out standard output as raw bytes (not a {@link PrintStream}, which would hide a closed
 *     pipe)
 * @param err standard error, for messages
 * @param stdoutTty whether stdout is a terminal
 * @param stderrTty whether stderr is a terminal
 * @param env the environment variables
 * @param workingDirectory the directory relative paths resolve against
 */
record Terminal(
    InputStream in,
    OutputStream out,
    PrintStream err,
    boolean stdoutTty,
    boolean stderrTty,
    Map<String, String> env,
    Path workingDirectory) {

  static Terminal system() {
    return new Terminal(
        new FileInputStream(FileDescriptor.in),
        new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8),
        Boolean.getBoolean("envelope4j.stdout.tty"),
        Boolean.getBoolean("envelope4j.stderr.tty"),
        System.getenv(),
        Path.of("").toAbsolutePath());
  }

  /** The envelope4j home: {@code $ENVELOPE4J_HOME}, or {@code ~/.envelope4j}. */
  Path home() {
    String configured = env.get("ENVELOPE4J_HOME");
    if (configured != null && !configured.isBlank()) {
      return workingDirectory.resolve(configured).normalize();
    }
    return Path.of(System.getProperty("user.home"), ".envelope4j");
  }

  Path resolve(String path) {
    return workingDirectory.resolve(path).normalize();
  }
}
