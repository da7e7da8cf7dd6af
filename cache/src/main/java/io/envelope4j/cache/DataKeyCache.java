package io.envelope4j.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * The bounded store behind one or more {@link CachingMaterialsManager}s: a Caffeine cache of data
 * keys with their materials, bounded by a number of entries.
 *
 * <p>Managers that share a cache share its capacity, its ticker and its executor, but never each
 * other's entries unless they were built with the same {@linkplain
 * CachingMaterialsManager.Builder#partition partition}: the partition is part of every entry's
 * identifier.
 *
 * <p>Wiping: an entry's data key is destroyed when the entry leaves the cache (capacity eviction,
 * expiry, replacement by a fresh key, {@link #invalidateAll()}), but never while a caller is taking
 * its copy; callers work on their own copies, which envelope4j destroys when their message is done.
 * Expired entries leave the cache on the next cache activity; with the system ticker, Caffeine's
 * scheduler also removes them within about a second of expiry when the cache is idle. A cache that
 * is simply dropped leaves its keys to the garbage collector: call {@link #invalidateAll()} when
 * the service shuts down.
 *
 * <p>Thread-safe.
 */
public final class DataKeyCache {
  /** The default capacity, in entries. */
  public static final int DEFAULT_CAPACITY = 1000;

  private final int capacity;
  private final Ticker ticker;
  private final Executor executor;
  private final Cache<CacheId, CacheEntry> entries;
  private final ConcurrentMap<CacheId, CompletableFuture<CacheEntry>> inFlight =
      new ConcurrentHashMap<>();

  private DataKeyCache(Builder b) {
    this.capacity = b.capacity;
    this.ticker = b.ticker;
    this.executor = b.executor;
    Caffeine<CacheId, CacheEntry> caffeine =
        Caffeine.newBuilder()
            .maximumSize(capacity)
            .ticker(ticker::read)
            .executor(executor)
            .<CacheId, CacheEntry>evictionListener(DataKeyCache::onEviction)
            .removalListener((CacheId id, CacheEntry entry, RemovalCause cause) -> retire(entry))
            .expireAfter(new EntryExpiry());
    if (b.systemTicker) {
      caffeine.scheduler(Scheduler.systemScheduler());
    }
    this.entries = caffeine.build();
  }

  /** A builder with capacity {@value #DEFAULT_CAPACITY}, the system ticker and the common pool. */
  public static Builder builder() {
    return new Builder();
  }

  /** The capacity in entries. */
  public int capacity() {
    return capacity;
  }

  /** The approximate number of entries, encryption and decryption, of every partition. */
  public long estimatedSize() {
    return entries.estimatedSize();
  }

  /**
   * Removes every entry of every partition; their data keys are wiped as soon as no caller is
   * copying them. Loads under way still complete and are cached.
   */
  public void invalidateAll() {
    entries.invalidateAll();
  }

  /** Runs pending maintenance now: expiry, eviction and the wiping that follows them. */
  public void cleanUp() {
    entries.cleanUp();
  }

  Ticker ticker() {
    return ticker;
  }

  Executor executor() {
    return executor;
  }

  Cache<CacheId, CacheEntry> entries() {
    return entries;
  }

  ConcurrentMap<CacheId, CompletableFuture<CacheEntry>> inFlight() {
    return inFlight;
  }

  private static void onEviction(CacheId id, CacheEntry entry, RemovalCause cause) {
    if (entry != null) {
      entry.owner().evicted();
      entry.retire();
    }
  }

  private static void retire(CacheEntry entry) {
    if (entry != null) {
      entry.retire();
    }
  }

  @Override
  public String toString() {
    return "DataKeyCache[capacity=" + capacity + ", size=" + entries.estimatedSize() + "]";
  }

  /** Caffeine's view of an entry's lifetime: the age limit of the manager that loaded it. */
  private static final class EntryExpiry implements Expiry<CacheId, CacheEntry> {
    @Override
    public long expireAfterCreate(CacheId id, CacheEntry entry, long now) {
      return entry.remainingNanos(now);
    }

    @Override
    public long expireAfterUpdate(CacheId id, CacheEntry entry, long now, long current) {
      return entry.remainingNanos(now);
    }

    @Override
    public long expireAfterRead(CacheId id, CacheEntry entry, long now, long current) {
      return current;
    }
  }

  /** Builds a {@link DataKeyCache}; not thread-safe. */
  public static final class Builder {
    private int capacity = DEFAULT_CAPACITY;
    private Ticker ticker = Ticker.system();
    private boolean systemTicker = true;
    private Executor executor = ForkJoinPool.commonPool();

    private Builder() {}

    /** The most entries the cache holds, at least 1; default {@value #DEFAULT_CAPACITY}. */
    public Builder capacity(int entries) {
      if (entries < 1) {
        throw new IllegalArgumentException("cache capacity " + entries + " is below the minimum 1");
      }
      this.capacity = entries;
      return this;
    }

    /** The time source for expiry and refresh; default {@link Ticker#system()}. For tests. */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      this.systemTicker = false;
      return this;
    }

    /**
     * Runs background refreshes, removal notifications and maintenance; default the common {@link
     * ForkJoinPool}. A refresh-ahead load runs here, so the executor must not be one whose tasks
     * wait for encryptions through this cache.
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** Builds the cache. */
    public DataKeyCache build() {
      return new DataKeyCache(this);
    }
  }
}
