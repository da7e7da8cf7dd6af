package io.envelope4j.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * CPU time the benchmark thread spends per operation, reported by JMH beside the wall-clock score
 * as the secondary results {@code cpuNanos} and {@code calls}.
 *
 * <p>Design note: the benchmarks run on machines shared with other work, where a thread waits for a
 * core for an unpredictable share of the wall-clock time. The thread's own CPU time per operation
 * does not count that wait, so ratios built on it ({@link BulkReport} prints both) stay meaningful
 * on a loaded machine; they still feel cache and memory-bandwidth contention. Reading the thread
 * CPU clock costs about a microsecond, against tens of milliseconds for one 64 MiB operation.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CpuTime {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** CPU nanoseconds spent in measured operations during the iteration. */
  public long cpuNanos;

  /** Measured operations during the iteration. */
  public long calls;

  @Setup(Level.Iteration)
  public void clear() {
    cpuNanos = 0;
    calls = 0;
  }

  /** The current thread's CPU clock, to pass back to {@link #record}. */
  static long start() {
    return THREADS.getCurrentThreadCpuTime();
  }

  /** Adds the CPU time since {@code startNanos} as one operation. */
  public void record(long startNanos) {
    cpuNanos += THREADS.getCurrentThreadCpuTime() - startNanos;
    calls++;
  }
}
