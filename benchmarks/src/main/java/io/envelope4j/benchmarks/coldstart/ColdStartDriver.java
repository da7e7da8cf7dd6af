package io.envelope4j.benchmarks.coldstart;

import io.envelope4j.benchmarks.report.ColdStartResult;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Times the cold-start programs of {@code benchmarks/coldstart/}: each is started as a new JVM,
 * encrypts and decrypts one 1 KiB message and exits; the wall-clock time from just before {@link
 * ProcessBuilder#start} to the end of {@link Process#waitFor} is one sample.
 *
 * <p>Design note: the programs run interleaved (one round visits every program and suite once), so
 * a burst of load on the shared machine spreads over all of them instead of landing on one. One
 * untimed round first fills the page cache with every class path. Every program gets the same JVM
 * flags: the JVM's defaults plus {@code -Xmx256m}. Each program's class path is its own jar plus
 * {@code target/classpath.txt}, which {@code dependency:build-classpath} writes for its module, so
 * it is exactly that library's runtime class path; the reported size leaves out the program's own
 * few-kilobyte jar. A run that exits non-zero fails the whole measurement.
 *
 * <p>Arguments: {@code <coldstart dir> <runs> <output json> [java executable]}.
 */
public final class ColdStartDriver {
  /** The flags every program runs with, beyond the JVM's defaults. */
  static final List<String> JVM_FLAGS = List.of("-Xmx256m");

  private ColdStartDriver() {}

  /** One program under one suite argument. */
  record Program(String library, String variant, String module, String mainClass, String suite) {}

  /** Every program and suite the driver times, in the order of each round. */
  static List<Program> programs() {
    String p = "io.envelope4j.coldstart.";
    List<Program> programs = new ArrayList<>();
    for (String suite : List.of("0x0478", "0x0578")) {
      programs.add(
          new Program(
              "envelope4j", "RawAesKeyring", "envelope4j", p + "Envelope4jColdStart", suite));
      programs.add(
          new Program(
              "ESDK 3.0.2", "MPL raw AES keyring", "esdk", p + "EsdkKeyringColdStart", suite));
      programs.add(
          new Program("ESDK 3.0.2", "JceMasterKey", "esdk", p + "EsdkMasterKeyColdStart", suite));
    }
    programs.add(new Program("Tink 1.18.0", "AES-256-GCM Aead", "tink", p + "TinkColdStart", "-"));
    programs.add(new Program("JDK", "AES/GCM/NoPadding", "jdk", p + "JdkColdStart", "-"));
    return programs;
  }

  /** Runs the measurement; see the class comment for the arguments. */
  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length < 3) {
      System.err.println("usage: ColdStartDriver <coldstart dir> <runs> <output json> [java]");
      System.exit(2);
    }
    Path root = Path.of(args[0]);
    int runs = Integer.parseInt(args[1]);
    Path output = Path.of(args[2]);
    String java =
        args.length > 3 ? args[3] : Path.of(System.getProperty("java.home"), "bin", "java") + "";
    Path log = output.resolveSibling("coldstart-last-output.txt");

    List<Program> programs = programs();
    List<List<Double>> seconds = new ArrayList<>();
    for (int i = 0; i < programs.size(); i++) {
      seconds.add(new ArrayList<>());
    }
    for (int round = -1; round < runs; round++) {
      for (int i = 0; i < programs.size(); i++) {
        double elapsed = runOnce(java, root, programs.get(i), log);
        if (round >= 0) {
          seconds.get(i).add(elapsed);
        }
      }
    }

    List<ColdStartResult> results = new ArrayList<>();
    for (int i = 0; i < programs.size(); i++) {
      Program program = programs.get(i);
      List<Path> classpath = dependencyClasspath(root.resolve(program.module()));
      ColdStartResult result =
          new ColdStartResult(
              program.library(),
              program.variant(),
              program.suite(),
              bytes(classpath),
              classpath.size(),
              List.copyOf(seconds.get(i)));
      results.add(result);
      System.out.printf(
          Locale.ROOT,
          "%-12s %-20s %-7s median %.3f s (min %.3f, max %.3f) class path %.2f MiB%n",
          result.library(),
          result.variant(),
          result.suite(),
          result.medianSeconds(),
          result.minSeconds(),
          result.maxSeconds(),
          result.classpathBytes() / (double) (1 << 20));
    }
    new ColdStartResult.Run(java, JVM_FLAGS, results).write(output);
  }

  private static double runOnce(String java, Path root, Program program, Path log)
      throws IOException, InterruptedException {
    Path module = root.resolve(program.module());
    List<String> classpath = new ArrayList<>();
    classpath.add(module.resolve("target/coldstart.jar").toString());
    dependencyClasspath(module).forEach(p -> classpath.add(p.toString()));
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(JVM_FLAGS);
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classpath));
    command.add(program.mainClass());
    command.add(program.suite());
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());

    long start = System.nanoTime();
    Process process = builder.start();
    int status = process.waitFor();
    long elapsed = System.nanoTime() - start;

    if (status != 0) {
      throw new IllegalStateException(
          program.mainClass()
              + " "
              + program.suite()
              + " exited "
              + status
              + ": "
              + Files.readString(log));
    }
    return elapsed / 1e9;
  }

  /** The entries of {@code target/classpath.txt} in {@code module} (empty for no dependencies). */
  static List<Path> dependencyClasspath(Path module) throws IOException {
    String text = Files.readString(module.resolve("target/classpath.txt")).trim();
    List<Path> entries = new ArrayList<>();
    if (!text.isEmpty()) {
      for (String entry : text.split(File.pathSeparator)) {
        entries.add(Path.of(entry));
      }
    }
    return entries;
  }

  /** Total bytes of the files on {@code classpath}, directories walked. */
  static long bytes(List<Path> classpath) throws IOException {
    long total = 0;
    for (Path entry : classpath) {
      if (Files.isDirectory(entry)) {
        try (Stream<Path> files = Files.walk(entry)) {
          for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
            total += Files.size(file);
          }
        }
      } else {
        total += Files.size(entry);
      }
    }
    return total;
  }
}
