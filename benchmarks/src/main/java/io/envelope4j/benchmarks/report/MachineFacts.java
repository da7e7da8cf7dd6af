package io.envelope4j.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What the report says about the machine, read from {@code /proc} where Linux offers it. */
final class MachineFacts {
  private MachineFacts() {}

  /** The first {@code model name} of {@code /proc/cpuinfo}, or {@code unknown}. */
  static String cpuModel() {
    for (String line : lines("/proc/cpuinfo")) {
      if (line.startsWith("model name")) {
        return line.substring(line.indexOf(':') + 1).trim();
      }
    }
    return "unknown";
  }

  /** {@code MemTotal} of {@code /proc/meminfo} in GiB, or {@code unknown}. */
  static String memory() {
    for (String line : lines("/proc/meminfo")) {
      if (line.startsWith("MemTotal:")) {
        String[] parts = line.trim().split("\\s+");
        double kib = Double.parseDouble(parts[1]);
        return String.format(Locale.ROOT, "%.1f GiB", kib / (1 << 20));
      }
    }
    return "unknown";
  }

  private static java.util.List<String> lines(String file) {
    try {
      return Files.readAllLines(Path.of(file));
    } catch (IOException | RuntimeException e) {
      return java.util.List.of();
    }
  }
}
