package io.envelope4j.cache;

import io.envelope4j.AlgorithmSuite;
import io.envelope4j.keyring.Keyring;
import io.envelope4j.materials.DecryptionMaterials;
import io.envelope4j.materials.DecryptionMaterialsRequest;
import io.envelope4j.materials.DefaultMaterialsManager;
import io.envelope4j.materials.EncryptionMaterials;
import io.envelope4j.materials.EncryptionMaterialsRequest;
import io.envelope4j.materials.MaterialsManager;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;

/**
 * A materials manager that reuses data keys from a {@link DataKeyCache} within hard limits, so a
 * service encrypting many small messages calls its key provider (for example KMS) once per data key
 * instead of once per message.
 *
 * <pre>{@code
 * MaterialsManager cached = CachingMaterialsManager.builder()
 *     .keyring(kmsKeyring)
 *     .maxAge(Duration.ofMinutes(5))
 *     .maxMessagesPerKey(10_000)
 *     .build();
 * Envelope.defaults().encrypt(EncryptRequest.builder()
 *     .materialsManager(cached).plaintext(message).build());
 * }</pre>
 *
 * <p>Limits. Every data key is used for at most {@link Builder#maxMessagesPerKey} messages (default
 * and ceiling 2<sup>32</sup>), at most {@link Builder#maxBytesPerKey} plaintext bytes in total
 * (default 2<sup>63</sup>-1) and no longer than {@link Builder#maxAge} (required) after it was
 * loaded. The limits hold exactly with any number of threads: usage is reserved atomically before
 * materials are handed out. Decryption entries are bounded by age only. Managers that share a
 * partition share their entries' usage, and each checks its own limits when it takes a key, so give
 * them the same limits.
 *
 * <p>What is never cached: requests for a suite without a key-derivation step (0x0014, 0x0046,
 * 0x0078), whose data key is the message key; encryption requests of unknown plaintext length (a
 * stream whose caller did not declare its length; declare it with {@link
 * io.envelope4j.EncryptRequest.Builder#plaintextLengthBytes}, and the stream then refuses more
 * bytes, so the declared length is what the key is charged); and requests whose own length already
 * reaches the byte limit. Those go straight to the underlying manager.
 *
 * <p>Entry identifiers follow the ESDK specification's caching CMM appendix: a SHA-512 over the
 * partition, the requested suite (if any) and the encryption context, and for decryption the sorted
 * encrypted data keys (and, in envelope4j, the reproduced encryption context). Requests that differ
 * in any of these never share a data key.
 *
 * <p>Single flight: concurrent requests that miss on one identifier wait for a single call to the
 * underlying manager, on a cold cache as when a key expires or is spent. Refresh ahead (off by
 * default): when a key passes a fraction of its age, message or byte limit, one background load
 * replaces it while callers keep using the old key, so they do not wait for the key provider at the
 * limit.
 *
 * <p>Trade-offs, as in the ESDK: cached encryption materials of a signed suite (0x0578 and the v1
 * signed suites) carry their signing key, so all messages under one cached data key share one
 * signature key pair and one {@code aws-crypto-public-key}; and a cached data key lives in memory
 * (as a {@link io.envelope4j.materials.DataKey}, never printed) until its entry leaves the cache.
 *
 * <p>Design note: the entries live in the Caffeine cache of a {@link DataKeyCache}; loads do not,
 * they are futures in a separate in-flight map keyed like the entries. A missing caller either
 * installs its future there and loads, or joins the future it finds. The loader re-reads the cache
 * after winning the in-flight slot, and publishes the fresh entry before giving the slot up, so two
 * threads that both found one spent entry cause one load, not two. A failed load completes its
 * future exceptionally: every caller that joined it gets the same exception, and the next request
 * tries again. Refreshes take the same in-flight slot, so a caller that finds the old key spent
 * while the refresh runs waits for it instead of loading a second key.
 *
 * <p>Thread-safe.
 */
public final class CachingMaterialsManager implements MaterialsManager {
  /** The default and largest number of messages per data key: 2<sup>32</sup>. */
  public static final long MAX_MESSAGES_PER_KEY = 1L << 32;

  /** The default and largest number of plaintext bytes per data key: 2<sup>63</sup>-1. */
  public static final long MAX_BYTES_PER_KEY = Long.MAX_VALUE;

  private static final System.Logger LOG =
      System.getLogger(CachingMaterialsManager.class.getName());

  private final MaterialsManager underlying;
  private final DataKeyCache cache;
  private final String partition;
  private final byte[] partitionDigest;
  private final CacheEntry.Limits limits;
  private final double refreshFraction;
  private final StatsRecorder stats = new StatsRecorder();
  private volatile EncryptIdMemo lastEncryptId;

  private CachingMaterialsManager(Builder b) {
    this.underlying = b.underlying;
    this.cache = b.cache == null ? DataKeyCache.builder().build() : b.cache;
    this.partition = b.partition == null ? UUID.randomUUID().toString() : b.partition;
    this.partitionDigest = CacheId.partitionDigest(partition);
    this.limits = new CacheEntry.Limits(b.maxAge.toNanos(), b.maxMessages, b.maxBytes);
    this.refreshFraction = b.refreshFraction;
  }

  /** A builder; {@link Builder#maxAge} and one of keyring or materials manager are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The partition name: entries are shared only with managers of the same name. */
  public String partition() {
    return partition;
  }

  /** The cache this manager stores its entries in. */
  public DataKeyCache cache() {
    return cache;
  }

  /** The manager called on a miss. */
  public MaterialsManager underlying() {
    return underlying;
  }

  /** A snapshot of this manager's counters. */
  public CacheStats stats() {
    return stats.snapshot();
  }

  /**
   * Encryption materials from the cache, or from the underlying manager on a miss or bypass. The
   * returned materials hold their own copy of the data key.
   *
   * @throws io.envelope4j.CommitmentPolicyException if the requested suite violates the policy
   * @throws io.envelope4j.KeyProviderException if the underlying key provider fails; concurrent
   *     callers that waited for the same load get the same exception
   */
  @Override
  public EncryptionMaterials encryptionMaterials(EncryptionMaterialsRequest request) {
    OptionalLong length = request.plaintextLengthBytes();
    boolean identityKdf =
        request.requestedSuite().map(s -> s.kdf() == AlgorithmSuite.Kdf.IDENTITY).orElse(false);
    if (length.isEmpty() || length.getAsLong() >= limits.maxBytes() || identityKdf) {
      stats.bypass();
      return underlying.encryptionMaterials(request);
    }
    EncryptionMaterials materials = obtain(encryptId(request), new EncryptKind(request));
    if (!request.commitmentPolicy().permitsEncrypt(materials.suite())) {
      // Only reachable when managers with different policies share a partition.
      materials.dataKey().ifPresent(k -> k.destroy());
      stats.bypass();
      return underlying.encryptionMaterials(request);
    }
    return materials;
  }

  /**
   * Decryption materials from the cache, or from the underlying manager on a miss or bypass. The
   * returned materials hold their own copy of the data key.
   *
   * @throws io.envelope4j.NoDecryptionKeyException if the underlying manager decrypts no key
   * @throws io.envelope4j.KeyProviderException if the underlying key provider fails
   */
  @Override
  public DecryptionMaterials decryptionMaterials(DecryptionMaterialsRequest request) {
    if (request.suite().kdf() == AlgorithmSuite.Kdf.IDENTITY) {
      stats.bypass();
      return underlying.decryptionMaterials(request);
    }
    return obtain(CacheId.forDecrypt(partitionDigest, request), new DecryptKind(request));
  }

  /**
   * The request's identifier. Producers usually repeat one context, so the last identifier is
   * remembered with the exact suite and context it was computed from, which saves the hashing.
   */
  private CacheId encryptId(EncryptionMaterialsRequest request) {
    EncryptIdMemo memo = lastEncryptId;
    if (memo != null
        && memo.suite().equals(request.requestedSuite())
        && memo.context().equals(request.encryptionContext())) {
      return memo.id();
    }
    CacheId id = CacheId.forEncrypt(partitionDigest, request);
    lastEncryptId = new EncryptIdMemo(request.requestedSuite(), request.encryptionContext(), id);
    return id;
  }

  private <M> M obtain(CacheId id, Kind<M> kind) {
    CacheEntry seen = cache.entries().getIfPresent(id);
    if (seen != null) {
      long now = cache.ticker().read();
      M leased = kind.lease(seen, now);
      if (leased != null) {
        stats.hit();
        maybeRefresh(id, seen, now, kind);
        return leased;
      }
    }
    stats.miss();

    ConcurrentMap<CacheId, CompletableFuture<CacheEntry>> inFlight = cache.inFlight();
    for (; ; ) {
      CompletableFuture<CacheEntry> mine = new CompletableFuture<>();
      CompletableFuture<CacheEntry> running = inFlight.putIfAbsent(id, mine);
      CacheEntry fresh;
      if (running != null) {
        fresh = join(running);
        if (fresh == null) {
          // The load returned materials that may not be cached; they went to its caller alone.
          stats.bypass();
          return kind.loadDirect();
        }
      } else {
        try {
          CacheEntry current = cache.entries().getIfPresent(id);
          if (current != null && current != seen) {
            fresh = current;
          } else {
            M materials = timedLoad(kind);
            fresh = kind.entryOrNull(materials, cache.ticker().read());
            if (fresh == null) {
              mine.complete(null);
              return materials;
            }
            cache.entries().put(id, fresh);
          }
          mine.complete(fresh);
        } catch (RuntimeException | Error e) {
          mine.completeExceptionally(e);
          throw e;
        } finally {
          inFlight.remove(id, mine);
        }
      }
      M leased = kind.lease(fresh, cache.ticker().read());
      if (leased != null) {
        return leased;
      }
      seen = fresh;
    }
  }

  private <M> void maybeRefresh(CacheId id, CacheEntry entry, long now, Kind<M> kind) {
    if (refreshFraction == 0
        || !entry.wantsRefresh(now, limits, refreshFraction)
        || !entry.claimRefresh()) {
      return;
    }
    CompletableFuture<CacheEntry> mine = new CompletableFuture<>();
    if (cache.inFlight().putIfAbsent(id, mine) != null) {
      return;
    }
    stats.refreshStarted();
    try {
      cache.executor().execute(() -> refresh(id, entry, mine, kind));
    } catch (RejectedExecutionException e) {
      cache.inFlight().remove(id, mine);
      mine.complete(entry);
      LOG.log(
          System.Logger.Level.WARNING, "executor refused a data key refresh; loading on demand");
    }
  }

  private <M> void refresh(
      CacheId id, CacheEntry old, CompletableFuture<CacheEntry> mine, Kind<M> kind) {
    CacheEntry result = old;
    try {
      if (cache.entries().getIfPresent(id) == old) {
        M materials = timedLoad(kind);
        CacheEntry fresh = kind.entryOrNull(materials, cache.ticker().read());
        if (fresh == null) {
          kind.discard(materials);
        } else {
          cache.entries().put(id, fresh);
          result = fresh;
        }
      }
    } catch (RuntimeException | Error e) {
      // Waiters get the old entry back, find it spent and load on demand themselves.
      LOG.log(
          System.Logger.Level.WARNING,
          "background data key refresh failed; callers will load on demand: "
              + e.getClass().getName());
    } finally {
      mine.complete(result);
      cache.inFlight().remove(id, mine);
    }
  }

  private <M> M timedLoad(Kind<M> kind) {
    stats.loadStarted();
    long start = System.nanoTime();
    boolean success = false;
    try {
      M materials = kind.loadDirect();
      success = true;
      return materials;
    } finally {
      stats.loadFinished(success, System.nanoTime() - start);
    }
  }

  private static CacheEntry join(CompletableFuture<CacheEntry> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  @Override
  public String toString() {
    return "CachingMaterialsManager[partition="
        + partition
        + ", maxAgeNanos="
        + limits.maxAgeNanos()
        + ", maxMessagesPerKey="
        + limits.maxMessages()
        + ", maxBytesPerKey="
        + limits.maxBytes()
        + ", underlying="
        + underlying
        + "]";
  }

  private record EncryptIdMemo(
      java.util.Optional<AlgorithmSuite> suite,
      java.util.Map<String, String> context,
      CacheId id) {}

  /** What differs between caching encryption and decryption materials. */
  private interface Kind<M> {
    /** Materials with their own key copy, charged to {@code entry}, or null if it is unusable. */
    M lease(CacheEntry entry, long nowNanos);

    /** Calls the underlying manager. */
    M loadDirect();

    /** A cache entry owning {@code materials}, or null if they may not be cached. */
    CacheEntry entryOrNull(M materials, long nowNanos);

    /** Wipes materials that were loaded but not used. */
    void discard(M materials);
  }

  private final class EncryptKind implements Kind<EncryptionMaterials> {
    private final EncryptionMaterialsRequest request;
    private final long lengthBytes;

    EncryptKind(EncryptionMaterialsRequest request) {
      this.request = request;
      this.lengthBytes = request.plaintextLengthBytes().getAsLong();
    }

    @Override
    public EncryptionMaterials lease(CacheEntry entry, long nowNanos) {
      return entry.leaseEncryption(nowNanos, lengthBytes, limits);
    }

    @Override
    public EncryptionMaterials loadDirect() {
      // As the specification asks, the underlying manager learns the most a key may encrypt.
      return underlying.encryptionMaterials(
          new EncryptionMaterialsRequest(
              request.encryptionContext(),
              request.requestedSuite(),
              request.commitmentPolicy(),
              OptionalLong.of(limits.maxBytes())));
    }

    @Override
    public CacheEntry entryOrNull(EncryptionMaterials materials, long nowNanos) {
      if (materials.suite().kdf() == AlgorithmSuite.Kdf.IDENTITY
          || materials.dataKey().isEmpty()
          || materials.encryptedDataKeys().isEmpty()) {
        return null;
      }
      return CacheEntry.ofEncryption(materials, nowNanos, limits.maxAgeNanos(), stats);
    }

    @Override
    public void discard(EncryptionMaterials materials) {
      materials.dataKey().ifPresent(k -> k.destroy());
    }
  }

  private final class DecryptKind implements Kind<DecryptionMaterials> {
    private final DecryptionMaterialsRequest request;

    DecryptKind(DecryptionMaterialsRequest request) {
      this.request = request;
    }

    @Override
    public DecryptionMaterials lease(CacheEntry entry, long nowNanos) {
      return entry.leaseDecryption(nowNanos, limits.maxAgeNanos());
    }

    @Override
    public DecryptionMaterials loadDirect() {
      return underlying.decryptionMaterials(request);
    }

    @Override
    public CacheEntry entryOrNull(DecryptionMaterials materials, long nowNanos) {
      if (materials.dataKey().isEmpty()) {
        return null;
      }
      return CacheEntry.ofDecryption(materials, nowNanos, limits.maxAgeNanos(), stats);
    }

    @Override
    public void discard(DecryptionMaterials materials) {
      materials.dataKey().ifPresent(k -> k.destroy());
    }
  }

  /** Builds a {@link CachingMaterialsManager}; not thread-safe. */
  public static final class Builder {
    private MaterialsManager underlying;
    private DataKeyCache cache;
    private String partition;
    private Duration maxAge;
    private long maxMessages = MAX_MESSAGES_PER_KEY;
    private long maxBytes = MAX_BYTES_PER_KEY;
    private double refreshFraction;

    private Builder() {}

    /** Loads materials through a {@link DefaultMaterialsManager} over {@code keyring}. */
    public Builder keyring(Keyring keyring) {
      this.underlying = DefaultMaterialsManager.of(Objects.requireNonNull(keyring, "keyring"));
      return this;
    }

    /** Loads materials through {@code manager} (for example one with a custom random source). */
    public Builder materialsManager(MaterialsManager manager) {
      this.underlying = Objects.requireNonNull(manager, "manager");
      return this;
    }

    /**
     * The cache to store entries in, possibly shared with other managers; by default a cache of its
     * own with {@link DataKeyCache#DEFAULT_CAPACITY} entries.
     */
    public Builder cache(DataKeyCache cache) {
      this.cache = Objects.requireNonNull(cache, "cache");
      return this;
    }

    /**
     * The partition name. Managers sharing a cache share entries exactly when their partition names
     * are equal; by default every manager gets a random name of its own.
     */
    public Builder partition(String name) {
      this.partition = Objects.requireNonNull(name, "name");
      return this;
    }

    /** How long after it was loaded a data key may be used; required, positive. */
    public Builder maxAge(Duration age) {
      if (age.isNegative() || age.isZero()) {
        throw new IllegalArgumentException("maxAge " + age + " is not positive");
      }
      this.maxAge = age;
      return this;
    }

    /** Messages one data key may encrypt: 1 to 2<sup>32</sup>, the default. */
    public Builder maxMessagesPerKey(long messages) {
      if (messages < 1 || messages > MAX_MESSAGES_PER_KEY) {
        throw new IllegalArgumentException(
            "maxMessagesPerKey "
                + messages
                + " is outside the range 1 to "
                + MAX_MESSAGES_PER_KEY
                + " (2^32)");
      }
      this.maxMessages = messages;
      return this;
    }

    /** Plaintext bytes one data key may encrypt in total: 1 to 2<sup>63</sup>-1, the default. */
    public Builder maxBytesPerKey(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("maxBytesPerKey " + bytes + " is below the minimum 1");
      }
      this.maxBytes = bytes;
      return this;
    }

    /**
     * Turns refresh ahead on: once a data key has used {@code fraction} of its age, messages or
     * bytes, one background load on the cache's executor replaces it. Between 0 (exclusive) and 1
     * (exclusive); off by default. A refresh costs one extra key-provider call per key lifetime.
     */
    public Builder refreshAhead(double fraction) {
      if (!(fraction > 0 && fraction < 1)) {
        throw new IllegalArgumentException(
            "refresh-ahead fraction " + fraction + " is outside the open range 0 to 1");
      }
      this.refreshFraction = fraction;
      return this;
    }

    /**
     * Builds the manager.
     *
     * @throws IllegalStateException if no keyring or materials manager, or no maximum age, was set
     */
    public CachingMaterialsManager build() {
      if (underlying == null) {
        throw new IllegalStateException("caching materials manager needs a keyring or a manager");
      }
      if (maxAge == null) {
        throw new IllegalStateException("caching materials manager needs a maxAge; set maxAge(..)");
      }
      return new CachingMaterialsManager(this);
    }
  }
}
