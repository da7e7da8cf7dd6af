package io.envelope4j.kmslocal;

import java.util.List;

/**
 * The fault rules of a {@link KmsLocalServer}, checked in insertion order for every request after
 * it is parsed and before it is executed.
 *
 * <p>Each matching rule adds its latency; the first matching rule with an error code answers the
 * request with that error and the request changes nothing. A rule's fraction is decided by one draw
 * from a random source seeded with {@link KmsLocal#faultSeed()} (or {@link #reseed}), so the same
 * request order gives the same faults.
 *
 * <p>Thread-safe; a change applies to requests that arrive after it.
 */
public interface Faults {

  /** Appends {@code rule}. */
  void add(FaultRule rule);

  /** Removes every rule. Does not reseed. */
  void clear();

  /** The current rules, in order. */
  List<FaultRule> rules();

  /** Restarts the random source that decides fractional rules from {@code seed}. */
  void reseed(long seed);
}
