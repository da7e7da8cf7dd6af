package io.envelope4j.kmslocal.internal;

import io.envelope4j.kmslocal.FaultRule;
import io.envelope4j.kmslocal.Faults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Decides the faults of each request.
 *
 * <p>Design: rules sit in a copy-on-write list (reads dominate). One {@code java.util.Random}, used
 * under this object's lock, decides fractional rules: one draw per rule that matches a request and
 * has a fraction below 1, in rule order, so a given request order replays exactly under a seed.
 * With concurrent clients the order requests reach the engine is the order of the draws.
 */
final class FaultEngine implements Faults {
  private final CopyOnWriteArrayList<Active> rules = new CopyOnWriteArrayList<>();
  private Random random;

  FaultEngine(long seed) {
    this.random = new Random(seed);
  }

  /** What to do to one request: sleep, then answer the error if there is one. */
  record Decision(Duration latency, FaultRule error) {}

  private static final class Active {
    final FaultRule rule;
    final AtomicLong fired = new AtomicLong();

    Active(FaultRule rule) {
      this.rule = rule;
    }
  }

  boolean isEmpty() {
    return rules.isEmpty();
  }

  /**
   * Evaluates the rules for a request.
   *
   * @param rawKeys key identifiers as the request gave them
   * @param keyArns the key ARNs they resolved to
   * @param resolve resolves a rule's key identifier to a key ARN, or null
   */
  Decision decide(
      String operation,
      int attempt,
      Set<String> rawKeys,
      Set<String> keyArns,
      Function<String, String> resolve) {
    Duration latency = Duration.ZERO;
    FaultRule error = null;
    for (Active a : rules) {
      FaultRule r = a.rule;
      if (error != null && r.errorCode().isPresent()) {
        continue;
      }
      if (r.operation().isPresent() && !r.operation().get().equals(operation)) {
        continue;
      }
      if (r.firstAttempts() > 0 && attempt > r.firstAttempts()) {
        continue;
      }
      if (r.keyId().isPresent() && !matchesKey(r.keyId().get(), rawKeys, keyArns, resolve)) {
        continue;
      }
      if (r.fraction() < 1.0 && !draw(r.fraction())) {
        continue;
      }
      if (r.maxTimes() > 0 && a.fired.incrementAndGet() > r.maxTimes()) {
        continue;
      }
      latency = latency.plus(r.latency());
      if (r.errorCode().isPresent()) {
        error = r;
      }
    }
    return new Decision(latency, error);
  }

  private static boolean matchesKey(
      String id, Set<String> raw, Set<String> arns, Function<String, String> resolve) {
    if (raw.contains(id) || arns.contains(id)) {
      return true;
    }
    String arn = resolve.apply(id);
    return arn != null && arns.contains(arn);
  }

  private synchronized boolean draw(double fraction) {
    return random.nextDouble() < fraction;
  }

  @Override
  public void add(FaultRule rule) {
    if (rule == null) {
      throw new NullPointerException("rule");
    }
    rules.add(new Active(rule));
  }

  @Override
  public void clear() {
    rules.clear();
  }

  @Override
  public List<FaultRule> rules() {
    List<FaultRule> out = new ArrayList<>();
    rules.forEach(a -> out.add(a.rule));
    return List.copyOf(out);
  }

  @Override
  public synchronized void reseed(long seed) {
    random = new Random(seed);
  }
}
