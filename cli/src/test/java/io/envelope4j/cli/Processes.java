package io.envelope4j.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts the CLI as a real process, on this test's class path, with a private home. */
final class Processes {
  private Processes() {}

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The command line that runs the CLI's main class in a fresh JVM. */
  static List<String> cli(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(java());
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-Xmx128m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    return cmd;
  }

  static ProcessBuilder builder(Path workDir, Path home, List<String> command) {
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
    Map<String, String> env = pb.environment();
    env.put("ENVELOPE4J_HOME", home.toString());
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.remove("AWS_PROFILE");
    return pb;
  }

  /** Runs to completion; stderr goes to {@code errFile}. */
  static int run(Path workDir, Path home, File errFile, List<String> command)
      throws IOException, InterruptedException {
    Process p =
        builder(workDir, home, command)
            .redirectError(errFile)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    return p.waitFor();
  }
}
