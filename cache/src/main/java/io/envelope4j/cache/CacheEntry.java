package io.envelope4j.cache;

import io.envelope4j.materials.DataKey;
import io.envelope4j.materials.DecryptionMaterials;
import io.envelope4j.materials.EncryptionMaterials;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One cached data key with its materials, its usage so far and its lifetime.
 *
 * <p>Design note: usage is reserved before a caller gets materials, with a compare-and-set loop per
 * counter that never lets a counter pass its limit, so with any number of threads a key encrypts at
 * most the configured messages and bytes. A message whose bytes do not fit gives its message
 * reservation back; the only effect of that race is that a concurrent caller may see the entry as
 * spent a little early and load a new key, never that a key is over-used.
 *
 * <p>The cached data key is the master copy: each caller gets materials holding its own {@link
 * DataKey#copy()}, which envelope4j destroys when the message is done. Copying is guarded by a pin
 * count so that {@link #retire()} (on eviction, expiry, replacement or invalidation) never wipes
 * the master while a copy is being taken: the state word holds the pin count and a retired bit, and
 * whichever of {@code retire} or the last {@code unpin} sees "retired and unpinned" destroys the
 * key, exactly once. A retired entry hands out nothing.
 */
final class CacheEntry {
  private static final int RETIRED = 1 << 30;

  private final EncryptionMaterials encryptionMaterials;
  private final DecryptionMaterials decryptionMaterials;
  private final DataKey dataKey;
  private final long createdNanos;
  private final long maxAgeNanos;
  private final StatsRecorder owner;
  private final AtomicLong messagesUsed = new AtomicLong();
  private final AtomicLong bytesUsed = new AtomicLong();
  private final AtomicInteger state = new AtomicInteger();
  private final AtomicBoolean refreshClaimed = new AtomicBoolean();

  private CacheEntry(
      EncryptionMaterials encryption,
      DecryptionMaterials decryption,
      DataKey dataKey,
      long createdNanos,
      long maxAgeNanos,
      StatsRecorder owner) {
    this.encryptionMaterials = encryption;
    this.decryptionMaterials = decryption;
    this.dataKey = dataKey;
    this.createdNanos = createdNanos;
    this.maxAgeNanos = maxAgeNanos;
    this.owner = owner;
  }

  static CacheEntry ofEncryption(
      EncryptionMaterials materials, long nowNanos, long maxAgeNanos, StatsRecorder owner) {
    return new CacheEntry(
        materials, null, materials.dataKey().orElseThrow(), nowNanos, maxAgeNanos, owner);
  }

  static CacheEntry ofDecryption(
      DecryptionMaterials materials, long nowNanos, long maxAgeNanos, StatsRecorder owner) {
    return new CacheEntry(
        null, materials, materials.dataKey().orElseThrow(), nowNanos, maxAgeNanos, owner);
  }

  boolean isEncryption() {
    return encryptionMaterials != null;
  }

  /** The suite of the cached materials. */
  io.envelope4j.AlgorithmSuite suite() {
    return isEncryption() ? encryptionMaterials.suite() : decryptionMaterials.suite();
  }

  /** Nanoseconds until this entry reaches the age limit it was loaded with; 0 once it has. */
  long remainingNanos(long nowNanos) {
    return Math.max(0, maxAgeNanos - (nowNanos - createdNanos));
  }

  StatsRecorder owner() {
    return owner;
  }

  long messagesUsed() {
    return messagesUsed.get();
  }

  long bytesUsed() {
    return bytesUsed.get();
  }

  /** Whether the data key was wiped (for tests). */
  boolean isDestroyed() {
    return dataKey.isDestroyed();
  }

  /**
   * Encryption materials for one message of {@code lengthBytes}, charged to this entry, or null if
   * the entry is too old, spent for this message, or retired.
   */
  EncryptionMaterials leaseEncryption(long nowNanos, long lengthBytes, Limits limits) {
    if (isTooOld(nowNanos, limits.maxAgeNanos()) || !pin()) {
      return null;
    }
    try {
      if (!reserve(messagesUsed, 1, limits.maxMessages())) {
        return null;
      }
      if (!reserve(bytesUsed, lengthBytes, limits.maxBytes())) {
        messagesUsed.decrementAndGet();
        return null;
      }
      return encryptionMaterials.toBuilder().dataKey(dataKey.copy()).build();
    } finally {
      unpin();
    }
  }

  /** Decryption materials with their own key copy, or null if too old or retired. */
  DecryptionMaterials leaseDecryption(long nowNanos, long maxAgeNanos) {
    if (isTooOld(nowNanos, maxAgeNanos) || !pin()) {
      return null;
    }
    try {
      DecryptionMaterials m = decryptionMaterials;
      return DecryptionMaterials.of(
              m.suite(), m.encryptionContext(), m.verificationKey().orElse(null))
          .withDataKey(dataKey.copy());
    } finally {
      unpin();
    }
  }

  /**
   * Whether this entry has passed the refresh threshold: {@code fraction} of its age, messages or
   * bytes limit.
   */
  boolean wantsRefresh(long nowNanos, Limits limits, double fraction) {
    return nowNanos - createdNanos >= (long) (limits.maxAgeNanos() * fraction)
        || (isEncryption()
            && (messagesUsed.get() >= (long) Math.ceil(limits.maxMessages() * fraction)
                || bytesUsed.get() >= (long) (limits.maxBytes() * fraction)));
  }

  /** Claims the one background refresh this entry may start; true for the first caller only. */
  boolean claimRefresh() {
    return !refreshClaimed.get() && refreshClaimed.compareAndSet(false, true);
  }

  /** Marks the entry retired and wipes its key once no caller is copying it. Idempotent. */
  void retire() {
    for (; ; ) {
      int s = state.get();
      if ((s & RETIRED) != 0) {
        return;
      }
      if (state.compareAndSet(s, s | RETIRED)) {
        if (s == 0) {
          dataKey.destroy();
        }
        return;
      }
    }
  }

  private boolean isTooOld(long nowNanos, long maxAgeNanos) {
    long age = nowNanos - createdNanos;
    return age >= maxAgeNanos || age >= this.maxAgeNanos;
  }

  private boolean pin() {
    for (; ; ) {
      int s = state.get();
      if ((s & RETIRED) != 0) {
        return false;
      }
      if (state.compareAndSet(s, s + 1)) {
        return true;
      }
    }
  }

  private void unpin() {
    if (state.decrementAndGet() == RETIRED) {
      dataKey.destroy();
    }
  }

  private static boolean reserve(AtomicLong used, long amount, long limit) {
    for (; ; ) {
      long current = used.get();
      if (amount > limit - current) {
        return false;
      }
      if (used.compareAndSet(current, current + amount)) {
        return true;
      }
    }
  }

  /** The limits a manager applies when it leases from an entry. */
  record Limits(long maxAgeNanos, long maxMessages, long maxBytes) {}

  @Override
  public String toString() {
    return "CacheEntry[suite="
        + suite().hexId()
        + ", messagesUsed="
        + messagesUsed.get()
        + ", bytesUsed="
        + bytesUsed.get()
        + ", retired="
        + ((state.get() & RETIRED) != 0)
        + "]";
  }
}
