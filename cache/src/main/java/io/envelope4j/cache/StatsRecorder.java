package io.envelope4j.cache;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The counters behind {@link CacheStats}; thread-safe and cheap on the hot path. */
final class StatsRecorder {
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder bypasses = new LongAdder();
  private final LongAdder loads = new LongAdder();
  private final LongAdder loadFailures = new LongAdder();
  private final LongAdder loadTimeNanos = new LongAdder();
  private final LongAdder refreshes = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final AtomicLong inFlight = new AtomicLong();

  void hit() {
    hits.increment();
  }

  void miss() {
    misses.increment();
  }

  void bypass() {
    bypasses.increment();
  }

  void refreshStarted() {
    refreshes.increment();
  }

  void evicted() {
    evictions.increment();
  }

  void loadStarted() {
    inFlight.incrementAndGet();
  }

  void loadFinished(boolean success, long nanos) {
    inFlight.decrementAndGet();
    loadTimeNanos.add(nanos);
    if (success) {
      loads.increment();
    } else {
      loadFailures.increment();
    }
  }

  CacheStats snapshot() {
    return new CacheStats(
        hits.sum(),
        misses.sum(),
        bypasses.sum(),
        loads.sum(),
        loadFailures.sum(),
        loadTimeNanos.sum(),
        refreshes.sum(),
        evictions.sum(),
        inFlight.get());
  }
}
