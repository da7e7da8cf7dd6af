package io.envelope4j.internal;

import java.util.concurrent.Executor;

/**
 * The caller's permission to work one message's frames on several threads: helper tasks go to
 * {@code executor}, and at most {@code maxThreads} threads (the calling one included) work one
 * message.
 */
public record Parallelism(Executor executor, int maxThreads) {
  /** Shows the thread bound and the executor's class, not the executor itself. */
  @Override
  public String toString() {
    return "maxThreads=" + maxThreads + ", executor=" + executor.getClass().getName();
  }
}
