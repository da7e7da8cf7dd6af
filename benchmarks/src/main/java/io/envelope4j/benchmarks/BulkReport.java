package io.envelope4j.benchmarks;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link BulkEncryptionBenchmark} and {@link JdkAesGcmBaseline} in one JMH run and prints
 * envelope4j's throughput as a fraction of the baseline's, per suite, mode, direction and frame
 * length, with the error that JMH's confidence intervals carry into the ratio.
 *
 * <p>Arguments are JMH's own command line (forks, iterations, {@code -rf json -rff file}, a
 * benchmark regex), plus {@code --quick}: a smoke run of one short fork per benchmark that fails
 * (exit status 1) unless every benchmark produced a finite, positive score. {@code benchmarks/run}
 * is the usual way in.
 */
public final class BulkReport {
  private static final double MIB = 1 << 20;

  private BulkReport() {}

  /** Runs the benchmarks selected by {@code args} and prints the ratio table. */
  public static void main(String[] args) throws RunnerException, CommandLineOptionException {
    List<String> jmhArgs = new ArrayList<>(List.of(args));
    boolean quick = jmhArgs.remove("--quick");
    CommandLineOptions cli = new CommandLineOptions(jmhArgs.toArray(new String[0]));
    ChainedOptionsBuilder options = new OptionsBuilder().parent(cli);
    boolean everything = cli.getIncludes().isEmpty();
    if (everything) {
      options
          .include(BulkEncryptionBenchmark.class.getName() + "\\.")
          .include(JdkAesGcmBaseline.class.getName() + "\\.");
    }
    if (quick) {
      options
          .forks(1)
          .warmupIterations(2)
          .warmupTime(TimeValue.seconds(1))
          .measurementIterations(2)
          .measurementTime(TimeValue.seconds(1));
    }
    Collection<RunResult> results = new Runner(options.build()).run();

    System.out.println();
    System.out.println(ratioTable(results));
    if (quick) {
      int expected = everything ? expectedCount() : -1;
      String problem = smokeProblemOrNull(results, expected);
      if (problem != null) {
        System.err.println("benchmark smoke run failed: " + problem);
        System.exit(1);
      }
      System.out.println("smoke run: all " + results.size() + " benchmarks produced a score");
    }
  }

  /** Number of benchmarks in both classes with every parameter combination. */
  static int expectedCount() {
    return expectedCount(BulkEncryptionBenchmark.class) + expectedCount(JdkAesGcmBaseline.class);
  }

  /** Benchmark methods of {@code type} times the product of its {@link Param} value counts. */
  static int expectedCount(Class<?> type) {
    int count = 0;
    for (Method method : type.getDeclaredMethods()) {
      if (method.isAnnotationPresent(Benchmark.class)) {
        count++;
      }
    }
    for (Field field : type.getDeclaredFields()) {
      Param param = field.getAnnotation(Param.class);
      if (param != null) {
        count *= param.value().length;
      }
    }
    return count;
  }

  static String smokeProblemOrNull(Collection<RunResult> results, int expectedCount) {
    if (expectedCount >= 0 && results.size() != expectedCount) {
      return results.size() + " benchmarks ran, " + expectedCount + " expected";
    }
    for (RunResult run : results) {
      double score = run.getPrimaryResult().getScore();
      if (!(score > 0) || Double.isInfinite(score)) {
        return label(run.getParams()) + " scored " + score;
      }
    }
    return null;
  }

  static String ratioTable(Collection<RunResult> results) {
    StringBuilder out = new StringBuilder();
    String format = "%-7s %-8s %-7s %6s | %12s %12s %14s | %12s %12s %14s%n";
    out.append(
        String.format(
            Locale.ROOT,
            format,
            "suite",
            "mode",
            "op",
            "frame",
            "ours MiB/s",
            "JDK MiB/s",
            "wall ratio",
            "ours MiB/cpu",
            "JDK MiB/cpu",
            "cpu ratio"));
    for (RunResult run : results) {
      BenchmarkParams params = run.getParams();
      if (!params.getBenchmark().startsWith(BulkEncryptionBenchmark.class.getName() + ".")) {
        continue;
      }
      String method = methodName(params);
      String op = method.startsWith("encrypt") ? "encrypt" : "decrypt";
      String frame = params.getParam("frameLengthBytes");
      Optional<RunResult> base = baseline(results, op, frame);
      Estimate oursWall = wallMibPerSecond(run);
      Estimate oursCpu = cpuMibPerSecond(run);
      Optional<Estimate> baseWall = base.map(BulkReport::wallMibPerSecond);
      Optional<Estimate> baseCpu = base.map(BulkReport::cpuMibPerSecond);
      out.append(
          String.format(
              Locale.ROOT,
              format,
              params.getParam("suite"),
              method.endsWith("Stream") ? "stream" : "one-shot",
              op,
              frame,
              oursWall,
              baseWall.map(Estimate::toString).orElse("-"),
              baseWall.map(b -> oursWall.ratioTo(b)).orElse("-"),
              oursCpu,
              baseCpu.map(Estimate::toString).orElse("-"),
              baseCpu.map(b -> oursCpu.ratioTo(b)).orElse("-")));
    }
    out.append(
        "MiB/s: wall-clock throughput; MiB/cpu: MiB per CPU-second of the benchmark thread"
            + " (see CpuTime); errors are 99.9% intervals (? when too few samples),"
            + " combined in quadrature.");
    return out.toString();
  }

  private static Optional<RunResult> baseline(
      Collection<RunResult> results, String op, String frame) {
    for (RunResult run : results) {
      BenchmarkParams params = run.getParams();
      if (params.getBenchmark().equals(JdkAesGcmBaseline.class.getName() + "." + op)
          && frame.equals(params.getParam("frameLengthBytes"))) {
        return Optional.of(run);
      }
    }
    return Optional.empty();
  }

  private static Estimate wallMibPerSecond(RunResult run) {
    Result<?> primary = run.getPrimaryResult();
    double perOp = BulkWorkload.PAYLOAD_BYTES / MIB;
    return new Estimate(primary.getScore() * perOp, primary.getScoreError() * perOp);
  }

  /** MiB per CPU-second, one sample per measurement iteration of every fork. */
  private static Estimate cpuMibPerSecond(RunResult run) {
    List<Double> samples = new ArrayList<>();
    for (BenchmarkResult fork : run.getBenchmarkResults()) {
      for (IterationResult iteration : fork.getIterationResults()) {
        Result<?> nanos = iteration.getSecondaryResults().get("cpuNanos");
        Result<?> calls = iteration.getSecondaryResults().get("calls");
        if (nanos != null && calls != null && nanos.getScore() > 0) {
          samples.add(cpuMibPerSecond(nanos.getScore(), calls.getScore()));
        }
      }
    }
    return Estimate.ofSamples(samples.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /**
   * MiB of payload per CPU-second in one iteration that spent {@code cpuNanos} on {@code calls}
   * operations of {@link BulkWorkload#PAYLOAD_BYTES} each.
   */
  public static double cpuMibPerSecond(double cpuNanos, double calls) {
    return calls * BulkWorkload.PAYLOAD_BYTES / MIB / (cpuNanos / 1e9);
  }

  private static String methodName(BenchmarkParams params) {
    String name = params.getBenchmark();
    return name.substring(name.lastIndexOf('.') + 1);
  }

  private static String label(BenchmarkParams params) {
    StringBuilder label = new StringBuilder(params.getBenchmark());
    for (String key : params.getParamsKeys()) {
      label.append(' ').append(key).append('=').append(params.getParam(key));
    }
    return label.toString();
  }
}
