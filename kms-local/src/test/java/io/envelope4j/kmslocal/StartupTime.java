package io.envelope4j.kmslocal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Start-up time of an in-process server, for {@code kms-local/bench/startup}: the first start in a
 * fresh JVM (class loading included) up to the first answered request, then the median of later
 * starts. Optionally with a data directory.
 */
public final class StartupTime {
  private StartupTime() {}

  public static void main(String[] args) throws Exception {
    boolean persistent = args.length > 0 && args[0].equals("--data-dir");
    Path dir = persistent ? Files.createTempDirectory("kms-local-startup") : null;
    long cpu0 = cpuNanos();
    long t0 = System.nanoTime();
    long firstStart;
    long firstAnswer;
    long firstAnswerCpu;
    try (KmsLocalServer s = builder(dir, 0).build().start()) {
      firstStart = System.nanoTime() - t0;
      s.handle(listKeys());
      firstAnswer = System.nanoTime() - t0;
      firstAnswerCpu = cpuNanos() - cpu0;
    }
    int runs = 21;
    long[] later = new long[runs];
    for (int i = 0; i < runs; i++) {
      long t = System.nanoTime();
      try (KmsLocalServer s = builder(dir, i + 1).build().start()) {
        s.handle(listKeys());
      }
      later[i] = System.nanoTime() - t;
    }
    java.util.Arrays.sort(later);
    System.out.printf(
        "kms-local start-up (%s): first start %.1f ms, first answer %.1f ms after start() was"
            + " called (%.1f ms CPU, all threads); later starts median %.1f ms%n",
        persistent ? "data directory" : "in memory",
        firstStart / 1e6,
        firstAnswer / 1e6,
        firstAnswerCpu / 1e6,
        later[runs / 2] / 1e6);
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static KmsLocal.Builder builder(Path dir, int run) {
    KmsLocal.Builder b = KmsLocal.builder();
    return dir == null ? b : b.dataDirectory(dir.resolve("run" + run));
  }

  private static WireRequest listKeys() {
    return new WireRequest(
        Map.of("X-Amz-Target", "TrentService.ListKeys"),
        "{}".getBytes(StandardCharsets.UTF_8),
        "127.0.0.1");
  }
}
