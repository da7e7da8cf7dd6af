package io.envelope4j.cache;

/**
 * A snapshot of one caching materials manager's counters, from {@link
 * CachingMaterialsManager#stats()}. Counters only grow; {@link #inFlightLoads} is a current value.
 *
 * <p>A <em>hit</em> is a request served from an entry that was already loaded when the request
 * looked; a <em>miss</em> is a cacheable request that found no usable entry and waited for, or
 * made, a call to the underlying materials manager. Concurrent misses for one entry share a single
 * load, so {@code misses} may exceed {@code loads}. A <em>bypass</em> is a request the cache may
 * not serve (a suite without key derivation, an unknown or too large plaintext length); it goes
 * straight to the underlying manager and is neither a hit nor a miss.
 *
 * @param hits requests served from the cache
 * @param misses cacheable requests that found no usable entry
 * @param bypasses requests passed straight to the underlying manager
 * @param loads successful calls to the underlying manager made to fill the cache, refreshes
 *     included
 * @param loadFailures calls to the underlying manager to fill the cache that threw
 * @param totalLoadTimeNanos time spent in those calls, successful or not
 * @param refreshes loads started ahead of time, in the background
 * @param evictions entries removed because of capacity or age (not entries replaced because their
 *     usage limit was reached)
 * @param inFlightLoads loads of this manager under way at the time of the snapshot
 */
public record CacheStats(
    long hits,
    long misses,
    long bypasses,
    long loads,
    long loadFailures,
    long totalLoadTimeNanos,
    long refreshes,
    long evictions,
    long inFlightLoads) {

  /** The share of cacheable requests served from the cache, or 1.0 when there were none. */
  public double hitRate() {
    long requests = hits + misses;
    return requests == 0 ? 1.0 : (double) hits / requests;
  }

  /** The mean time of one load in nanoseconds, or 0 when there was none. */
  public double averageLoadNanos() {
    long count = loads + loadFailures;
    return count == 0 ? 0.0 : (double) totalLoadTimeNanos / count;
  }
}
