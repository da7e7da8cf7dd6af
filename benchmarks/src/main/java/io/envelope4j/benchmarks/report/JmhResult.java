package io.envelope4j.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.envelope4j.benchmarks.BulkReport;
import io.envelope4j.benchmarks.Estimate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One benchmark result from a JMH JSON results file: which benchmark with which parameters on how
 * many threads, its primary score with JMH's error, and the CPU-time throughput when the benchmark
 * carries {@code CpuTime}'s {@code cpuNanos} and {@code calls} counters.
 *
 * @param benchmark the fully qualified benchmark name, {@code package.Class.method}
 * @param params the JMH parameters by name (empty when the benchmark has none)
 * @param threads the number of JMH worker threads
 * @param score the primary score and its 99.9% error, in {@code unit}
 * @param unit the primary score's unit, such as {@code ops/s}
 * @param cpuMibPerSecond MiB of a 64 MiB-per-operation payload per CPU-second of the benchmark
 *     thread, one sample per measurement iteration, or {@link Estimate#NONE}
 * @param jvm facts about the JVM of the forks: path, version and flags
 */
public record JmhResult(
    String benchmark,
    Map<String, String> params,
    int threads,
    Estimate score,
    String unit,
    Estimate cpuMibPerSecond,
    Jvm jvm) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The JVM a result was measured on, as JMH records it.
   *
   * @param path the {@code java} executable
   * @param version the JDK version and VM build
   * @param flags the JVM arguments of the forks
   */
  public record Jvm(String path, String version, List<String> flags) {}

  /** The class name without the package, and the method: {@code Class.method}. */
  public String shortName() {
    int method = benchmark.lastIndexOf('.');
    return benchmark.substring(benchmark.lastIndexOf('.', method - 1) + 1);
  }

  /** The method name alone. */
  public String method() {
    return benchmark.substring(benchmark.lastIndexOf('.') + 1);
  }

  /** The parameter {@code name}, or {@code null} when the benchmark has no such parameter. */
  public String param(String name) {
    return params.get(name);
  }

  /** Whether the primary score is a finite, positive number. */
  public boolean scored() {
    return score.present();
  }

  /** Every result in the {@code .json} files of {@code directory} (none if it does not exist). */
  public static List<JmhResult> readDirectory(Path directory) throws IOException {
    List<JmhResult> results = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return results;
    }
    List<Path> files;
    try (Stream<Path> listing = Files.list(directory)) {
      files = listing.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    for (Path file : files) {
      JsonNode root = JSON.readTree(file.toFile());
      if (root != null && root.isArray()) {
        results.addAll(parse(root));
      }
    }
    return results;
  }

  /** The results in one JMH JSON document (an array of benchmark entries). */
  public static List<JmhResult> parse(String json) throws IOException {
    return parse(JSON.readTree(json));
  }

  private static List<JmhResult> parse(JsonNode root) {
    List<JmhResult> results = new ArrayList<>();
    for (JsonNode entry : root) {
      Map<String, String> params = new TreeMap<>();
      Iterator<Map.Entry<String, JsonNode>> fields = entry.path("params").fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        params.put(field.getKey(), field.getValue().asText());
      }
      JsonNode primary = entry.path("primaryMetric");
      List<String> flags = new ArrayList<>();
      entry.path("jvmArgs").forEach(flag -> flags.add(flag.asText()));
      Jvm jvm =
          new Jvm(
              entry.path("jvm").asText(""),
              entry.path("vmName").asText("") + " " + entry.path("vmVersion").asText(""),
              List.copyOf(flags));
      results.add(
          new JmhResult(
              entry.path("benchmark").asText(),
              Map.copyOf(params),
              entry.path("threads").asInt(1),
              new Estimate(number(primary.path("score")), number(primary.path("scoreError"))),
              primary.path("scoreUnit").asText(""),
              cpu(entry.path("secondaryMetrics")),
              jvm));
    }
    return results;
  }

  /** A JSON number, or JMH's {@code "NaN"} string, as a double; {@code NaN} when absent. */
  private static double number(JsonNode node) {
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isTextual()) {
      try {
        return Double.parseDouble(node.asText());
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }
    return Double.NaN;
  }

  /** CPU-time throughput, one sample per iteration of every fork, as {@code BulkReport} does. */
  private static Estimate cpu(JsonNode secondary) {
    JsonNode nanos = secondary.path("cpuNanos").path("rawData");
    JsonNode calls = secondary.path("calls").path("rawData");
    List<Double> samples = new ArrayList<>();
    for (int fork = 0; fork < nanos.size() && fork < calls.size(); fork++) {
      JsonNode forkNanos = nanos.get(fork);
      JsonNode forkCalls = calls.get(fork);
      for (int i = 0; i < forkNanos.size() && i < forkCalls.size(); i++) {
        double n = number(forkNanos.get(i));
        if (n > 0) {
          samples.add(BulkReport.cpuMibPerSecond(n, number(forkCalls.get(i))));
        }
      }
    }
    return Estimate.ofSamples(samples.stream().mapToDouble(Double::doubleValue).toArray());
  }
}
