package io.envelope4j.kmslocal;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;

/**
 * Load generator for {@code kms-local/bench/run}: N concurrent SDK clients (one {@code KmsClient}
 * and HTTP client each, over loopback) calling GenerateDataKey on one key as fast as they can,
 * against a server in another JVM. Prints requests per second over the measured window and latency
 * percentiles.
 *
 * <p>Arguments: {@code ENDPOINT [clients=8] [warmupSeconds=5] [seconds=20] [http=URL_CONNECTION]
 * [serverPid]}. With the server's pid (Linux), it also reports the CPU time server and load
 * generator spent per request during the measured window. Not a unit test: run it with the script,
 * on a quiet machine if the figure matters.
 */
public final class LoadGenerator {
  private LoadGenerator() {}

  public static void main(String[] args) throws Exception {
    URI endpoint = URI.create(args[0]);
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
    Clients.Http http =
        args.length > 4 ? Clients.Http.valueOf(args[4]) : Clients.Http.URL_CONNECTION;
    long serverPid = args.length > 5 ? Long.parseLong(args[5]) : -1;

    String keyId;
    try (KmsClient admin = Clients.kms(endpoint, http)) {
      keyId = admin.createKey(b -> b.description("load generator")).keyMetadata().keyId();
    }
    AtomicBoolean measuring = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    LongAdder done = new LongAdder();
    LongAdder errors = new LongAdder();
    List<long[]> latencies = new ArrayList<>();
    CountDownLatch finished = new CountDownLatch(clients);
    for (int c = 0; c < clients; c++) {
      long[] samples = new long[4_000_000];
      latencies.add(samples);
      int index = c;
      Thread t =
          new Thread(
              () -> {
                int n = 0;
                try (KmsClient kms = Clients.kms(endpoint, http)) {
                  while (!stop.get()) {
                    long t0 = System.nanoTime();
                    try {
                      kms.generateDataKey(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256));
                    } catch (RuntimeException e) {
                      errors.increment();
                      continue;
                    }
                    if (measuring.get()) {
                      done.increment();
                      if (n < samples.length) {
                        samples[n++] = System.nanoTime() - t0;
                      }
                    }
                  }
                } finally {
                  latencies.set(index, Arrays.copyOf(samples, n));
                  finished.countDown();
                }
              },
              "load-" + c);
      t.start();
    }
    Thread.sleep(warmup * 1000L);
    long serverCpu0 = processCpuNanos(serverPid);
    long selfCpu0 = selfCpuNanos();
    measuring.set(true);
    long t0 = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    measuring.set(false);
    long elapsed = System.nanoTime() - t0;
    long count = done.sum();
    long serverCpu = processCpuNanos(serverPid) - serverCpu0;
    long selfCpu = selfCpuNanos() - selfCpu0;
    stop.set(true);
    finished.await();

    long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    double perSecond = count / (elapsed / 1e9);
    System.out.printf(
        "GenerateDataKey: %.0f requests/s over %d s, %d clients (%s), %d errors%n",
        perSecond, seconds, clients, http, errors.sum());
    if (all.length > 0) {
      System.out.printf(
          "latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f%n",
          all[all.length / 2] / 1e6,
          all[(int) (all.length * 0.9)] / 1e6,
          all[(int) (all.length * 0.99)] / 1e6,
          all[all.length - 1] / 1e6);
    }
    if (count > 0) {
      System.out.printf(
          "CPU per request: server %s, load generator %.0f us%n",
          serverPid > 0 ? String.format("%.0f us", serverCpu / 1e3 / count) : "(no pid given)",
          selfCpu / 1e3 / count);
    }
  }

  private static long selfCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** User plus system CPU time of process {@code pid} from /proc, in nanoseconds; 0 if unknown. */
  private static long processCpuNanos(long pid) {
    if (pid <= 0) {
      return 0;
    }
    try {
      String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      return ticks * 10_000_000L; // USER_HZ is 100 on Linux.
    } catch (java.io.IOException | RuntimeException e) {
      return 0;
    }
  }
}
