package io.envelope4j.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The current thread's CPU clock, for benchmarks outside this package that time operations with
 * {@link CpuTime#record}. It lives apart from {@link CpuTime} because JMH reports every public
 * method of an auxiliary-counter state that answers a number as a counter.
 */
public final class ThreadCpu {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private ThreadCpu() {}

  /** CPU nanoseconds the current thread has used; pass it to {@link CpuTime#record}. */
  public static long nanos() {
    return THREADS.getCurrentThreadCpuTime();
  }
}
