package io.envelope4j.kmslocal.internal;

import io.envelope4j.kmslocal.CallCount;
import io.envelope4j.kmslocal.CallCounters;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Attempt and call counters per operation.
 *
 * <p>Design: attempts are a {@code LongAdder} per operation. Calls count the first attempt seen per
 * invocation id, remembered in a bounded insertion-ordered set (the most recent {@value
 * #REMEMBERED} ids); a retry arriving after that many other calls would count again, far beyond any
 * SDK retry window. Resetting clears both.
 */
final class Counters implements CallCounters {
  static final int REMEMBERED = 100_000;

  private final ConcurrentHashMap<String, LongAdder[]> counts = new ConcurrentHashMap<>();
  private final Map<String, Boolean> seen =
      new LinkedHashMap<>(1024, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > REMEMBERED;
        }
      };

  void record(String operation, String invocationId) {
    LongAdder[] c =
        counts.computeIfAbsent(operation, k -> new LongAdder[] {new LongAdder(), new LongAdder()});
    c[1].increment();
    boolean first;
    if (invocationId == null) {
      first = true;
    } else {
      synchronized (seen) {
        first = seen.putIfAbsent(operation + "\n" + invocationId, Boolean.TRUE) == null;
      }
    }
    if (first) {
      c[0].increment();
    }
  }

  @Override
  public long calls(String operation) {
    LongAdder[] c = counts.get(operation);
    return c == null ? 0 : c[0].sum();
  }

  @Override
  public long attempts(String operation) {
    LongAdder[] c = counts.get(operation);
    return c == null ? 0 : c[1].sum();
  }

  @Override
  public long totalCalls() {
    return counts.values().stream().mapToLong(c -> c[0].sum()).sum();
  }

  @Override
  public long totalAttempts() {
    return counts.values().stream().mapToLong(c -> c[1].sum()).sum();
  }

  @Override
  public Map<String, CallCount> snapshot() {
    Map<String, CallCount> out = new TreeMap<>();
    counts.forEach((op, c) -> out.put(op, new CallCount(c[0].sum(), c[1].sum())));
    return out;
  }

  @Override
  public void reset() {
    synchronized (seen) {
      counts.clear();
      seen.clear();
    }
  }

  @Override
  public String toString() {
    return "CallCounters" + snapshot();
  }
}
