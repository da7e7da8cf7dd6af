package io.envelope4j.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The timed whole-process runs of one cold-start program under one suite, and the size of its
 * library's runtime class path.
 *
 * @param library who the program uses, such as {@code envelope4j} or {@code ESDK 3.0.2}
 * @param variant how it uses it, such as {@code RawAesKeyring}
 * @param suite the ESDK suite id, or a description for programs without suites
 * @param classpathBytes bytes of the library's runtime class path (the program's own jar left out)
 * @param classpathEntries number of entries on that class path
 * @param seconds wall-clock seconds of each timed run, JVM start to exit, in run order
 */
public record ColdStartResult(
    String library,
    String variant,
    String suite,
    long classpathBytes,
    int classpathEntries,
    List<Double> seconds) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The median run time in seconds (mean of the middle two for an even count). */
  public double medianSeconds() {
    List<Double> sorted = seconds.stream().sorted().toList();
    int n = sorted.size();
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** The fastest run in seconds. */
  public double minSeconds() {
    return seconds.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  /** The slowest run in seconds. */
  public double maxSeconds() {
    return seconds.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  /** The results and the JVM flags they ran with, as the cold-start driver writes them. */
  public record Run(String java, List<String> jvmFlags, List<ColdStartResult> results) {
    /** Writes this run as JSON to {@code file}. */
    public void write(Path file) throws IOException {
      ObjectNode root = JSON.createObjectNode();
      root.put("java", java);
      ArrayNode flags = root.putArray("jvmFlags");
      jvmFlags.forEach(flags::add);
      ArrayNode programs = root.putArray("programs");
      for (ColdStartResult r : results) {
        ObjectNode program = programs.addObject();
        program.put("library", r.library);
        program.put("variant", r.variant);
        program.put("suite", r.suite);
        program.put("classpathBytes", r.classpathBytes);
        program.put("classpathEntries", r.classpathEntries);
        ArrayNode seconds = program.putArray("seconds");
        r.seconds.forEach(seconds::add);
      }
      Files.createDirectories(file.toAbsolutePath().getParent());
      JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }

    /** Reads a run written by {@link #write}; {@code null} when the file does not exist. */
    public static Run readOrNull(Path file) throws IOException {
      if (!Files.isRegularFile(file)) {
        return null;
      }
      return parse(Files.readString(file));
    }

    /** Parses the JSON that {@link #write} writes. */
    public static Run parse(String json) throws IOException {
      JsonNode root = JSON.readTree(json);
      List<String> flags = new ArrayList<>();
      root.path("jvmFlags").forEach(f -> flags.add(f.asText()));
      List<ColdStartResult> results = new ArrayList<>();
      for (JsonNode p : root.path("programs")) {
        List<Double> seconds = new ArrayList<>();
        p.path("seconds").forEach(s -> seconds.add(s.asDouble()));
        results.add(
            new ColdStartResult(
                p.path("library").asText(),
                p.path("variant").asText(),
                p.path("suite").asText(),
                p.path("classpathBytes").asLong(),
                p.path("classpathEntries").asInt(),
                List.copyOf(seconds)));
      }
      return new Run(root.path("java").asText(""), List.copyOf(flags), List.copyOf(results));
    }
  }
}
