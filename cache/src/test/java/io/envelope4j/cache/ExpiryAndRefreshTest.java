package io.envelope4j.cache;

import static io.envelope4j.cache.CacheFixture.decrypt;
import static io.envelope4j.cache.CacheFixture.encrypt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.envelope4j.materials.DefaultMaterialsManager;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Expiry, capacity eviction and refresh ahead, driven by a fake ticker: no test sleeps. */
class ExpiryAndRefreshTest {
  private final FakeTicker ticker = new FakeTicker();
  private final RecordingKeyring keyring = new RecordingKeyring();

  private DataKeyCache cache(int capacity, java.util.concurrent.Executor executor) {
    return DataKeyCache.builder().capacity(capacity).ticker(ticker).executor(executor).build();
  }

  private CachingMaterialsManager.Builder manager(DataKeyCache cache) {
    return CachingMaterialsManager.builder()
        .keyring(keyring)
        .cache(cache)
        .maxAge(Duration.ofSeconds(10));
  }

  @Test
  void maxAge_justBeforeExpiry_reusesKey() {
    CachingMaterialsManager cmm = manager(cache(10, Runnable::run)).build();
    String first = Messages.firstWrappedKey(encrypt(cmm, new byte[1]));
    ticker.advance(Duration.ofSeconds(10).minusNanos(1));
    assertEquals(first, Messages.firstWrappedKey(encrypt(cmm, new byte[1])));
    assertEquals(1, keyring.encryptCalls.get());
  }

  @Test
  void maxAge_atExpiry_loadsNewKeyAndWipesTheOld() {
    DataKeyCache cache = cache(10, Runnable::run);
    CachingMaterialsManager cmm = manager(cache).build();
    String first = Messages.firstWrappedKey(encrypt(cmm, new byte[1]));
    ticker.advance(Duration.ofSeconds(10));
    String second = Messages.firstWrappedKey(encrypt(cmm, new byte[1]));
    assertNotEquals(first, second);
    assertEquals(2, keyring.encryptCalls.get());
    cache.cleanUp();
    assertTrue(keyring.producedKeys.get(0).isDestroyed());
    assertFalse(keyring.producedKeys.get(1).isDestroyed());
    assertEquals(1, cmm.stats().evictions());
  }

  @Test
  void maxAge_expiredAndIdle_cleanUpWipesTheKey() {
    DataKeyCache cache = cache(10, Runnable::run);
    CachingMaterialsManager cmm = manager(cache).build();
    encrypt(cmm, new byte[1]);
    ticker.advance(Duration.ofSeconds(11));
    cache.cleanUp();
    assertEquals(1, keyring.destroyedKeys());
    assertEquals(0, cache.estimatedSize());
  }

  @Test
  void maxAge_decryptEntry_expiresToo() {
    CachingMaterialsManager cmm = manager(cache(10, Runnable::run)).build();
    byte[] message = encrypt(DefaultMaterialsManager.of(keyring), new byte[5]);
    decrypt(cmm, message);
    ticker.advance(Duration.ofSeconds(9));
    decrypt(cmm, message);
    assertEquals(1, keyring.decryptCalls.get());
    ticker.advance(Duration.ofSeconds(1));
    decrypt(cmm, message);
    assertEquals(2, keyring.decryptCalls.get());
  }

  @Test
  void capacity_exceeded_evictsAndWipesOneEntry() {
    DataKeyCache cache = cache(2, Runnable::run);
    CachingMaterialsManager cmm = manager(cache).build();
    for (int i = 0; i < 3; i++) {
      encrypt(cmm, new byte[1], Map.of("n", Integer.toString(i)));
    }
    cache.cleanUp();
    assertEquals(2, cache.estimatedSize());
    assertEquals(1, cmm.stats().evictions());
    assertEquals(1, keyring.destroyedKeys());
  }

  @Test
  void capacity_sharedAcrossPartitions_boundsTheirSum() {
    DataKeyCache cache = cache(3, Runnable::run);
    CachingMaterialsManager a = manager(cache).partition("a").build();
    CachingMaterialsManager b = manager(cache).partition("b").build();
    for (int i = 0; i < 4; i++) {
      encrypt(a, new byte[1], Map.of("n", Integer.toString(i)));
      encrypt(b, new byte[1], Map.of("n", Integer.toString(i)));
    }
    cache.cleanUp();
    assertEquals(3, cache.estimatedSize());
    assertEquals(5, a.stats().evictions() + b.stats().evictions());
    assertEquals(5, keyring.destroyedKeys());
  }

  @Test
  void refreshAhead_agePastFraction_replacesKeyInBackground() {
    ManualExecutor executor = new ManualExecutor();
    DataKeyCache cache = cache(10, executor);
    CachingMaterialsManager cmm = manager(cache).refreshAhead(0.5).build();
    String first = Messages.firstWrappedKey(encrypt(cmm, new byte[1]));
    ticker.advance(Duration.ofMillis(4999));
    encrypt(cmm, new byte[1]);
    executor.runAll();
    assertEquals(0, cmm.stats().refreshes());

    ticker.advance(Duration.ofMillis(1));
    assertEquals(first, Messages.firstWrappedKey(encrypt(cmm, new byte[1])));
    assertEquals(1, cmm.stats().refreshes());
    assertEquals(1, keyring.encryptCalls.get(), "the refresh waits for the executor");

    executor.runAll();
    assertEquals(2, keyring.encryptCalls.get());
    assertTrue(keyring.producedKeys.get(0).isDestroyed(), "the replaced key is wiped");
    String second = Messages.firstWrappedKey(encrypt(cmm, new byte[1]));
    assertNotEquals(first, second);

    // At the first key's expiry, callers keep going on the refreshed key without a load.
    ticker.advance(Duration.ofSeconds(5));
    assertEquals(second, Messages.firstWrappedKey(encrypt(cmm, new byte[1])));
    assertEquals(2, keyring.encryptCalls.get());
    assertEquals(2, cmm.stats().loads());
    assertEquals(1, cmm.stats().misses());
  }

  @Test
  void refreshAhead_messagesPastFraction_refreshesOncePerKey() {
    ManualExecutor executor = new ManualExecutor();
    CachingMaterialsManager cmm =
        manager(cache(10, executor)).maxMessagesPerKey(10).refreshAhead(0.8).build();
    for (int i = 0; i < 7; i++) {
      encrypt(cmm, new byte[1]);
    }
    assertEquals(0, cmm.stats().refreshes());
    encrypt(cmm, new byte[1]);
    encrypt(cmm, new byte[1]);
    assertEquals(1, cmm.stats().refreshes(), "one refresh per key, not one per late message");
    executor.runAll();
    assertEquals(2, keyring.encryptCalls.get());
    assertEquals(9, cmm.stats().hits() + cmm.stats().misses());
  }

  @Test
  void refreshAhead_keySpentWhileRefreshRuns_callerWaitsForTheRefreshNotASecondLoad()
      throws Exception {
    ManualExecutor executor = new ManualExecutor();
    CachingMaterialsManager cmm =
        manager(cache(10, executor)).maxMessagesPerKey(2).refreshAhead(0.5).build();
    encrypt(cmm, new byte[1]);
    encrypt(cmm, new byte[1]);
    assertEquals(1, cmm.stats().refreshes());
    assertEquals(1, keyring.encryptCalls.get());

    CompletableFuture<String> third =
        CompletableFuture.supplyAsync(() -> Messages.firstWrappedKey(encrypt(cmm, new byte[1])));
    while (cmm.stats().misses() < 2) {
      Thread.onSpinWait();
    }
    assertFalse(third.isDone());
    executor.runAll();
    String key = third.get(10, TimeUnit.SECONDS);
    assertEquals(2, keyring.encryptCalls.get());
    assertEquals(Messages.firstWrappedKey(encrypt(cmm, new byte[1])), key);
  }

  @Test
  void refreshAhead_refreshFails_oldKeyKeepsServing() {
    ManualExecutor executor = new ManualExecutor();
    CachingMaterialsManager cmm = manager(cache(10, executor)).refreshAhead(0.5).build();
    String first = Messages.firstWrappedKey(encrypt(cmm, new byte[1]));
    ticker.advance(Duration.ofSeconds(6));
    encrypt(cmm, new byte[1]);
    keyring.fail = true;
    executor.runAll();
    keyring.fail = false;
    assertEquals(1, cmm.stats().loadFailures());
    assertEquals(first, Messages.firstWrappedKey(encrypt(cmm, new byte[1])));
    assertTrue(cmm.cache().inFlight().isEmpty());
  }

  @Test
  void refreshAhead_off_neverLoadsBeforeTheLimit() {
    ManualExecutor executor = new ManualExecutor();
    CachingMaterialsManager cmm = manager(cache(10, executor)).maxMessagesPerKey(5).build();
    for (int i = 0; i < 5; i++) {
      ticker.advance(Duration.ofSeconds(1));
      encrypt(cmm, new byte[1]);
    }
    executor.runAll();
    assertEquals(1, keyring.encryptCalls.get());
    assertEquals(0, cmm.stats().refreshes());
  }
}
