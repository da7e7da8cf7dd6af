package io.envelope4j.benchmarks.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Fails a smoke run unless every benchmark of the jar produced a finite, positive score: the
 * expected set is JMH's own benchmark list (every {@code @Benchmark} compiled into the jar) times
 * the values of each {@code @Param}, and, for the classes named with {@code --threads}, times the
 * JMH thread counts they are run with. Nothing is hard-coded, so a class added by another change is
 * checked as soon as it is compiled in.
 *
 * <p>Arguments: {@code <results dir> [--threads <class name part>=<n>,<n>]...}. Exit status 0 when
 * every expected run has a score, 1 otherwise (each missing one printed).
 */
public final class SmokeCheck {
  private SmokeCheck() {}

  /** One benchmark run that must have a score. */
  record Expected(String benchmark, Map<String, String> params, int threadsOrZero) {
    @Override
    public String toString() {
      String label = benchmark + (params.isEmpty() ? "" : " " + params);
      return threadsOrZero > 0 ? label + " threads=" + threadsOrZero : label;
    }
  }

  /** Checks the results; see the class comment. */
  public static void main(String[] args) throws IOException {
    Map<String, int[]> threads = new LinkedHashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) {
      if (args[i].equals("--threads")) {
        String[] spec = args[i + 1].split("=", 2);
        threads.put(
            spec[0], Arrays.stream(spec[1].split(",")).mapToInt(Integer::parseInt).toArray());
      }
    }
    List<BenchmarkListEntry> entries =
        new ArrayList<>(
            BenchmarkList.defaultList()
                .getAll(
                    OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT),
                    List.of()));
    List<Expected> expected = expected(entries, threads);
    List<Expected> missing = missing(expected, JmhResult.readDirectory(Path.of(args[0])));
    for (Expected m : missing) {
      System.err.println("no score: " + m);
    }
    if (!missing.isEmpty()) {
      System.err.println(
          missing.size() + " of " + expected.size() + " benchmark runs have no score");
      System.exit(1);
    }
    System.out.println("smoke check: all " + expected.size() + " benchmark runs produced a score");
  }

  /** Every entry times its parameter values times its thread counts. */
  static List<Expected> expected(List<BenchmarkListEntry> entries, Map<String, int[]> threads) {
    List<Expected> expected = new ArrayList<>();
    for (BenchmarkListEntry entry : entries) {
      Map<String, String[]> params = new TreeMap<>();
      if (entry.getParams().hasValue()) {
        params.putAll(entry.getParams().get());
      }
      int[] counts = {0};
      for (Map.Entry<String, int[]> t : threads.entrySet()) {
        if (entry.getUsername().contains(t.getKey())) {
          counts = t.getValue();
        }
      }
      for (Map<String, String> combination : combinations(params)) {
        for (int count : counts) {
          expected.add(new Expected(entry.getUsername(), combination, count));
        }
      }
    }
    return expected;
  }

  /** The expected runs that no result scores (a thread count of 0 matches any). */
  static List<Expected> missing(List<Expected> expected, List<JmhResult> results) {
    List<Expected> missing = new ArrayList<>();
    for (Expected e : expected) {
      boolean found =
          results.stream()
              .anyMatch(
                  r ->
                      r.benchmark().equals(e.benchmark())
                          && r.params().equals(e.params())
                          && (e.threadsOrZero() == 0 || r.threads() == e.threadsOrZero())
                          && r.scored());
      if (!found) {
        missing.add(e);
      }
    }
    return missing;
  }

  private static List<Map<String, String>> combinations(Map<String, String[]> params) {
    List<Map<String, String>> combinations = new ArrayList<>();
    combinations.add(Map.of());
    for (Map.Entry<String, String[]> param : params.entrySet()) {
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> partial : combinations) {
        for (String value : param.getValue()) {
          Map<String, String> extended = new TreeMap<>(partial);
          extended.put(param.getKey(), value);
          next.add(Map.copyOf(extended));
        }
      }
      combinations = next;
    }
    return combinations;
  }
}
