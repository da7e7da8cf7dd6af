package io.envelope4j.benchmarks.cache;

import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link CachedEncryptBenchmark} and prints envelope4j's throughput over the ESDK's for one
 * and two threads, with the error JMH's confidence intervals carry into each ratio.
 *
 * <p>Arguments are JMH's own command line (for example {@code -f 1 -wi 3 -i 5} or {@code -rf json
 * -rff target/cache-results.json}). Prints the load average before and after, because the machine
 * may be shared.
 */
public final class CacheReport {
  private CacheReport() {}

  /** Runs the benchmark with {@code args} as JMH options and prints the ratios. */
  public static void main(String[] args) throws RunnerException, CommandLineOptionException {
    CommandLineOptions cli = new CommandLineOptions(args);
    ChainedOptionsBuilder options = new OptionsBuilder().parent(cli);
    if (cli.getIncludes().isEmpty()) {
      options.include(CachedEncryptBenchmark.class.getName() + "\\.");
    }
    System.out.println("cores: " + Runtime.getRuntime().availableProcessors() + ", " + load());
    Collection<RunResult> results = new Runner(options.build()).run();
    System.out.println(load());

    Map<String, Result<?>> byName = new HashMap<>();
    for (RunResult r : results) {
      String label = r.getParams().getBenchmark();
      byName.put(label.substring(label.lastIndexOf('.') + 1), r.getPrimaryResult());
    }
    System.out.println();
    for (String threads : new String[] {"1thread", "2threads"}) {
      Result<?> ours = byName.get("envelope4j_" + threads);
      Result<?> theirs = byName.get("esdk_" + threads);
      if (ours == null || theirs == null) {
        continue;
      }
      double ratio = ours.getScore() / theirs.getScore();
      double relError =
          Math.sqrt(
              square(ours.getScoreError() / ours.getScore())
                  + square(theirs.getScoreError() / theirs.getScore()));
      System.out.printf(
          Locale.ROOT,
          "%-8s envelope4j %,12.0f ops/s  ESDK %,12.0f ops/s  ratio %.2fx (± %.2f)%n",
          threads,
          ours.getScore(),
          theirs.getScore(),
          ratio,
          ratio * (Double.isFinite(relError) ? relError : 0));
    }
  }

  private static double square(double x) {
    return x * x;
  }

  private static String load() {
    try {
      String[] parts =
          new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/loadavg")))
              .split(" ");
      return "load average " + parts[0] + " " + parts[1] + " " + parts[2];
    } catch (java.io.IOException e) {
      return "load average unknown";
    }
  }
}
