package io.envelope4j.cache;

/**
 * A source of nanosecond time for cache expiry and refresh decisions. Only differences between
 * readings matter, as with {@link System#nanoTime()}.
 *
 * <p>Production code uses {@link #system()}; tests pass a fake ticker they advance by hand, so
 * expiry is tested without sleeping. Implementations must be thread-safe and never go backwards.
 */
@FunctionalInterface
public interface Ticker {
  /** The current reading in nanoseconds. */
  long read();

  /** The ticker backed by {@link System#nanoTime()}. */
  static Ticker system() {
    return System::nanoTime;
  }
}
