package io.envelope4j.cache;

import static io.envelope4j.cache.CacheFixture.decrypt;
import static io.envelope4j.cache.CacheFixture.encrypt;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.envelope4j.KeyProviderException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** Single flight and exact limits with many threads, over a real raw AES keyring. */
class ConcurrencyTest {
  private final RecordingKeyring keyring = new RecordingKeyring();
  private final DataKeyCache cache = DataKeyCache.builder().capacity(100).build();
  private List<Throwable> failures = List.of();

  private CachingMaterialsManager.Builder manager() {
    return CachingMaterialsManager.builder()
        .keyring(keyring)
        .cache(cache)
        .maxAge(Duration.ofMinutes(10));
  }

  @Test
  void singleFlight_coldCache64Threads_oneKeyringCall() throws Exception {
    CachingMaterialsManager cmm = manager().build();
    keyring.gate = new CountDownLatch(1);
    AtomicReferenceArray<Object> results = new AtomicReferenceArray<>(64);
    List<Thread> threads = start(64, i -> results.set(i, encrypt(cmm, new byte[] {(byte) i})));
    awaitAllWaiting(threads);
    keyring.gate.countDown();
    join(threads);

    assertEquals(1, keyring.encryptCalls.get());
    assertEquals(1, cmm.stats().loads());
    assertEquals(64, cmm.stats().hits() + cmm.stats().misses());
    String key = null;
    for (int i = 0; i < 64; i++) {
      byte[] message = (byte[]) results.get(i);
      assertArrayEquals(new byte[] {(byte) i}, decrypt(new RecordingKeyring(), message));
      String k = Messages.firstWrappedKey(message);
      assertTrue(key == null || key.equals(k));
      key = k;
    }
  }

  @Test
  void singleFlight_loadFails_everyWaiterGetsTheSameFailure() throws Exception {
    CachingMaterialsManager cmm = manager().build();
    keyring.gate = new CountDownLatch(1);
    keyring.fail = true;
    AtomicReferenceArray<Object> results = new AtomicReferenceArray<>(16);
    List<Thread> threads =
        start(
            16,
            i -> {
              try {
                encrypt(cmm, new byte[1]);
                results.set(i, "no failure");
              } catch (RuntimeException e) {
                results.set(i, e);
              }
            });
    awaitAllWaiting(threads);
    keyring.gate.countDown();
    join(threads);

    assertEquals(1, keyring.encryptCalls.get());
    assertEquals(1, cmm.stats().loadFailures());
    for (int i = 0; i < 16; i++) {
      assertInstanceOf(KeyProviderException.class, results.get(i));
    }
    assertTrue(cache.inFlight().isEmpty());
  }

  @Test
  void messageLimit_8Threads20000Messages_noKeyUsedMoreThan1000Times() throws Exception {
    CachingMaterialsManager cmm = manager().maxMessagesPerKey(1000).build();
    Map<String, LongAdder> uses = new ConcurrentHashMap<>();
    List<Thread> threads =
        start(
            8,
            t -> {
              for (int i = 0; i < 2500; i++) {
                String key = Messages.firstWrappedKey(encrypt(cmm, new byte[16]));
                uses.computeIfAbsent(key, k -> new LongAdder()).increment();
              }
            });
    join(threads);

    long total = uses.values().stream().mapToLong(LongAdder::sum).sum();
    long most = uses.values().stream().mapToLong(LongAdder::sum).max().orElseThrow();
    assertEquals(20_000, total);
    assertTrue(most <= 1000, "a key was used " + most + " times");
    assertTrue(uses.size() >= 20, uses.size() + " keys");
    assertEquals(uses.size(), keyring.encryptCalls.get());
  }

  @Test
  void byteLimit_8ThreadsRandomSizes_noKeyEncryptsMoreThanTheLimit() throws Exception {
    CachingMaterialsManager cmm = manager().maxBytesPerKey(5000).build();
    Map<String, LongAdder> bytes = new ConcurrentHashMap<>();
    List<Thread> threads =
        start(
            8,
            t -> {
              for (int i = 0; i < 500; i++) {
                int size = ThreadLocalRandom.current().nextInt(1, 200);
                String key = Messages.firstWrappedKey(encrypt(cmm, new byte[size]));
                bytes.computeIfAbsent(key, k -> new LongAdder()).add(size);
              }
            });
    join(threads);

    long most = bytes.values().stream().mapToLong(LongAdder::sum).max().orElseThrow();
    assertTrue(most <= 5000, "a key encrypted " + most + " bytes");
    assertTrue(bytes.size() >= 40, bytes.size() + " keys");
  }

  @Test
  void eviction_racesWithCopies_everyMessageStillDecrypts() throws Exception {
    DataKeyCache tiny = DataKeyCache.builder().capacity(1).executor(Runnable::run).build();
    CachingMaterialsManager cmm =
        CachingMaterialsManager.builder()
            .keyring(keyring)
            .cache(tiny)
            .maxAge(Duration.ofMinutes(10))
            .build();
    RecordingKeyring reader = new RecordingKeyring();
    LongAdder checked = new LongAdder();
    List<Thread> threads =
        start(
            4,
            t -> {
              for (int i = 0; i < 400; i++) {
                byte[] plaintext = {(byte) t, (byte) i};
                Map<String, String> context = Map.of("n", Integer.toString(i % 3));
                byte[] message = encrypt(cmm, plaintext, context);
                assertArrayEquals(plaintext, decrypt(reader, message));
                checked.increment();
              }
            });
    join(threads);
    assertEquals(1600, checked.sum());
    tiny.invalidateAll();
    tiny.cleanUp();
    assertEquals(keyring.producedKeys.size(), keyring.destroyedKeys());
  }

  private interface Body {
    void run(int index) throws Exception;
  }

  private List<Thread> start(int count, Body body) {
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < count; i++) {
      int index = i;
      Thread thread =
          new Thread(
              () -> {
                try {
                  body.run(index);
                } catch (Throwable e) {
                  failures.add(e);
                }
              },
              "cache-test-" + i);
      thread.setUncaughtExceptionHandler((t, e) -> failures.add(e));
      threads.add(thread);
    }
    this.failures = failures;
    threads.forEach(Thread::start);
    return threads;
  }

  private void join(List<Thread> threads) throws InterruptedException {
    for (Thread t : threads) {
      t.join(120_000);
      assertTrue(!t.isAlive(), t.getName() + " did not finish");
    }
    if (!failures.isEmpty()) {
      AssertionError error = new AssertionError(failures.size() + " threads failed");
      failures.forEach(error::addSuppressed);
      throw error;
    }
  }

  /** Waits until every thread is parked: the loader in the keyring's gate, the rest on its load. */
  private static void awaitAllWaiting(List<Thread> threads) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!threads.stream()
        .allMatch(
            t ->
                t.getState() == Thread.State.WAITING
                    || t.getState() == Thread.State.TIMED_WAITING)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("threads never all waited");
      }
      Thread.sleep(5);
    }
  }
}
