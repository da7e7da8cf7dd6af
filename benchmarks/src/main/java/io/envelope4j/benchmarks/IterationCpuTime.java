package io.envelope4j.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * CPU time per operation for operations too short to time one by one: the same secondary results as
 * {@link CpuTime} ({@code cpuNanos} and {@code calls}, so {@code cpuNanos / calls} is CPU
 * nanoseconds per operation), but the thread's CPU clock is read once when the iteration starts and
 * once when it ends, and each operation only counts itself with {@link #count}.
 *
 * <p>Design note: reading the thread CPU clock costs about a microsecond, as much as a whole
 * 100-byte AES-GCM operation, so {@link CpuTime}'s per-operation reading would measure mostly
 * itself. Read per iteration, the clock also covers JMH's own loop and the operations JMH runs
 * while threads line up at the iteration's start and end; those operations are counted too, so the
 * ratio stays an average cost per operation with JMH's loop (nanoseconds) included. What JMH's
 * iteration barrier itself costs, if it spins, is included without an operation: small next to a
 * 1-second iteration.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class IterationCpuTime {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** CPU nanoseconds the thread spent between the start and the end of the iteration. */
  public long cpuNanos;

  /** Operations the thread ran during the iteration. */
  public long calls;

  private long startNanos;

  /** Starts the iteration's clock. */
  @Setup(Level.Iteration)
  public void start() {
    calls = 0;
    cpuNanos = 0;
    startNanos = THREADS.getCurrentThreadCpuTime();
  }

  /** Stops the iteration's clock. */
  @TearDown(Level.Iteration)
  public void stop() {
    cpuNanos = THREADS.getCurrentThreadCpuTime() - startNanos;
  }

  /** Counts one operation. */
  public void count() {
    calls++;
  }
}
