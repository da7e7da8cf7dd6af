package io.envelope4j.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs CLI commands in-process against a private home, capturing what they print. */
final class CliHarness {
  final Path dir;
  final Path home;
  boolean stdoutTty;
  boolean stderrTty;

  CliHarness(Path dir) {
    this.dir = dir;
    this.home = dir.resolve("home");
  }

  /** The outcome of one run. */
  record Run(int exitCode, byte[] stdout, String stderr) {
    String out() {
      return new String(stdout, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return "exit " + exitCode + ", stderr: " + stderr;
    }
  }

  Run run(String... args) {
    return runWithInput(new byte[0], args);
  }

  Run runWithInput(byte[] stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env = new HashMap<>();
    env.put("ENVELOPE4J_HOME", home.toString());
    Terminal t =
        new Terminal(
            new ByteArrayInputStream(stdin),
            out,
            new PrintStream(err, true, StandardCharsets.UTF_8),
            stdoutTty,
            stderrTty,
            env,
            dir);
    int code = Main.run(args, t);
    return new Run(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
  }
}
