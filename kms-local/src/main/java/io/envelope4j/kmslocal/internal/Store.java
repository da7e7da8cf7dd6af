package io.envelope4j.kmslocal.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Every key and alias of every Region and account, with the lock that guards them and the hook that
 * makes each change durable.
 *
 * <p>Design: one read-write lock. Reads (cryptographic operations, describes, lists) share it; each
 * change runs under the write lock and, with a data directory, is written out in full (a snapshot,
 * fsynced and renamed into place) before the lock is released and the response is sent, so an
 * acknowledged change survives a crash. Snapshots are O(store size) per change, which suits a
 * development store of thousands of keys, not millions. If a write to disk fails, the store stays
 * failed: memory may be ahead of disk, so every later request answers {@code KMSInternalException}
 * until the server restarts from the last good snapshot.
 *
 * <p>Time-driven changes (scheduled deletion, automatic rotation) are applied lazily: each request
 * first compares the clock with the earliest due instant and, if it has passed, applies everything
 * due under the write lock.
 */
final class Store {
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final TreeMap<String, KeyRecord> keys = new TreeMap<>();
  private final TreeMap<String, AliasRecord> aliases = new TreeMap<>();
  private final DataDirectory directory;
  private volatile Instant nextDue = Instant.MAX;
  private volatile String failure;

  Store(DataDirectory directory) {
    this.directory = directory;
  }

  // Locking and durability.

  <T> T read(Supplier<T> action) {
    lock.readLock().lock();
    try {
      checkHealthy();
      return action.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  <T> T write(Supplier<T> action) {
    lock.writeLock().lock();
    try {
      checkHealthy();
      T result = action.get();
      persist();
      return result;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Applies the deletions and rotations due at {@code now}, if any. */
  void maintain(Instant now) {
    if (now.isBefore(nextDue)) {
      return;
    }
    write(
        () -> {
          applyDue(now);
          return null;
        });
  }

  /** Loads {@code snapshot} into the empty store; used once at start. */
  void load(StoreCodec.Snapshot snapshot) {
    lock.writeLock().lock();
    try {
      for (KeyRecord k : snapshot.keys()) {
        keys.put(ref(k.region, k.account, k.keyId), k);
      }
      for (AliasRecord a : snapshot.aliases()) {
        aliases.put(ref(a.region, a.account, a.name), a);
      }
      recomputeNextDue();
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void checkHealthy() {
    String f = failure;
    if (f != null) {
      throw KmsException.internal(
          "kms-local store failed earlier (" + f + "); restart the server to recover");
    }
  }

  private void persist() {
    recomputeNextDue();
    if (directory == null) {
      return;
    }
    try {
      directory.saveStore(StoreCodec.encode(keys.values(), aliases.values()));
    } catch (IOException | RuntimeException e) {
      failure = "writing " + directory.storeFile() + " failed: " + e;
      throw KmsException.internal(
          "kms-local could not make the change durable; " + failure + "; restart the server");
    }
  }

  // Time-driven changes.

  private void applyDue(Instant now) {
    while (deleteDue(now)) {
      // A deleted last replica may start its primary's window, which may be over already.
    }
    for (KeyRecord k : keys.values()) {
      while (k.rotationEnabled
          && !k.isReplica()
          && k.state == KeyState.ENABLED
          && k.nextRotationDate != null
          && !now.isBefore(k.nextRotationDate)) {
        Instant at = k.nextRotationDate;
        addMaterial(k, new Material(Crypto.newKeyBytes(), at, "AUTOMATIC"));
        k.nextRotationDate = at.plus(Duration.ofDays(k.rotationPeriodDays));
      }
    }
  }

  /** Deletes the keys whose window is over; returns whether a primary's window started. */
  private boolean deleteDue(Instant now) {
    Iterator<KeyRecord> it = keys.values().iterator();
    List<KeyRecord> deleted = new ArrayList<>();
    while (it.hasNext()) {
      KeyRecord k = it.next();
      if (k.state == KeyState.PENDING_DELETION && !now.isBefore(k.deletionDate)) {
        it.remove();
        deleted.add(k);
      }
    }
    Map<KeyRecord, Instant> lastReplicaGone = new java.util.HashMap<>();
    for (KeyRecord k : deleted) {
      aliases.values().removeIf(a -> sameScope(a, k) && a.targetKeyId.equals(k.keyId));
      List<KeyRecord> remaining = relatedKeys(k);
      if (remaining.isEmpty()) {
        k.materials.forEach(Material::wipe);
      } else if (remaining.size() == 1
          && remaining.get(0).state == KeyState.PENDING_REPLICA_DELETION) {
        lastReplicaGone.merge(remaining.get(0), k.deletionDate, (a, b) -> a.isAfter(b) ? a : b);
      }
    }
    lastReplicaGone.forEach(
        (primary, at) -> {
          primary.state = KeyState.PENDING_DELETION;
          primary.deletionDate = at.plus(Duration.ofDays(primary.pendingWindowDays));
        });
    return !lastReplicaGone.isEmpty();
  }

  private void recomputeNextDue() {
    Instant due = Instant.MAX;
    for (KeyRecord k : keys.values()) {
      if (k.state == KeyState.PENDING_DELETION && k.deletionDate.isBefore(due)) {
        due = k.deletionDate;
      }
      if (k.rotationEnabled
          && !k.isReplica()
          && k.state == KeyState.ENABLED
          && k.nextRotationDate != null
          && k.nextRotationDate.isBefore(due)) {
        due = k.nextRotationDate;
      }
    }
    nextDue = due;
  }

  // Keys and aliases; callers hold the lock.

  static String ref(String region, String account, String id) {
    return region + "|" + account + "|" + id;
  }

  KeyRecord key(String region, String account, String keyId) {
    return keys.get(ref(region, account, keyId));
  }

  void putKey(KeyRecord k) {
    keys.put(ref(k.region, k.account, k.keyId), k);
  }

  List<KeyRecord> keysOf(String region, String account) {
    return new ArrayList<>(scope(keys, region, account).values());
  }

  AliasRecord alias(String region, String account, String name) {
    return aliases.get(ref(region, account, name));
  }

  void putAlias(AliasRecord a) {
    aliases.put(ref(a.region, a.account, a.name), a);
  }

  void removeAlias(AliasRecord a) {
    aliases.remove(ref(a.region, a.account, a.name));
  }

  List<AliasRecord> aliasesOf(String region, String account) {
    return new ArrayList<>(scope(aliases, region, account).values());
  }

  /** The other Regions' records of a multi-Region key (primary and replicas), never {@code k}. */
  List<KeyRecord> relatedKeys(KeyRecord k) {
    List<KeyRecord> out = new ArrayList<>();
    if (!k.multiRegion) {
      return out;
    }
    for (KeyRecord other : keys.values()) {
      if (other != k && other.keyId.equals(k.keyId) && other.account.equals(k.account)) {
        out.add(other);
      }
    }
    return out;
  }

  /** The record holding the rotation settings of {@code k}: its primary when it is a replica. */
  KeyRecord rotationOwner(KeyRecord k) {
    if (!k.isReplica()) {
      return k;
    }
    KeyRecord primary = key(k.primaryRegion, k.account, k.keyId);
    return primary != null ? primary : k;
  }

  /** Appends {@code m} to {@code k} and to every replica sharing its material. */
  void addMaterial(KeyRecord k, Material m) {
    k.materials.add(m);
    for (KeyRecord other : relatedKeys(k)) {
      other.materials.add(m);
    }
  }

  private static <V> NavigableMap<String, V> scope(
      TreeMap<String, V> map, String region, String account) {
    String prefix = region + "|" + account + "|";
    return map.subMap(prefix, true, prefix + Character.MAX_VALUE, false);
  }

  private static boolean sameScope(AliasRecord a, KeyRecord k) {
    return a.region.equals(k.region) && a.account.equals(k.account);
  }

  int keyCount() {
    return keys.size();
  }

  Map<String, KeyRecord> keysView() {
    return keys;
  }
}
