package io.envelope4j.examples.cache;

import io.envelope4j.AlgorithmSuite;
import io.envelope4j.DecryptRequest;
import io.envelope4j.EncryptRequest;
import io.envelope4j.Envelope;
import io.envelope4j.cache.CacheStats;
import io.envelope4j.cache.CachingMaterialsManager;
import io.envelope4j.keyring.Keyring;
import io.envelope4j.keyring.RawAesKeyring;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A high-volume producer: several threads encrypt many small events (as a service publishing to a
 * queue would), through one caching materials manager, so the key provider is called once per data
 * key rather than once per event. At the end it prints the cache's statistics.
 *
 * <p>The workload: {@code threads} producer threads, {@code events} events of about 100 bytes in
 * total, suite 0x0478, each data key good for at most 5 minutes and 10,000 events, refreshed in the
 * background once it has used 80% of either. The keyring here is a raw AES keyring with a throwaway
 * key, to keep the program self-contained; in production it is a KMS keyring, and then every load
 * the statistics show is one KMS GenerateDataKey call.
 *
 * <p>Run it with {@code java -cp <core, cache and caffeine jars>:<examples jar>
 * io.envelope4j.examples.cache.CachedProducerExample [threads] [events]} (defaults 4 and 100,000).
 */
public final class CachedProducerExample {
  private CachedProducerExample() {}

  /** Produces {@code args[1]} events on {@code args[0]} threads and prints the statistics. */
  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    int events = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    run(threads, events, System.out);
  }

  /** The program's body: returns the final statistics after printing them to {@code out}. */
  public static CacheStats run(int threads, int events, PrintStream out) throws Exception {
    Keyring keyring = throwawayKeyring();
    CachingMaterialsManager cache =
        CachingMaterialsManager.builder()
            .keyring(keyring)
            .partition("events-producer")
            .maxAge(Duration.ofMinutes(5))
            .maxMessagesPerKey(10_000)
            .refreshAhead(0.8)
            .build();
    Envelope envelope = Envelope.defaults();
    Map<String, String> context = Map.of("stream", "orders", "producer", "example");

    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<byte[]>> lastMessages = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        int share = events / threads + (t < events % threads ? 1 : 0);
        int producer = t;
        lastMessages.add(pool.submit(() -> produce(envelope, cache, context, producer, share)));
      }
      for (Future<byte[]> last : lastMessages) {
        byte[] message = last.get();
        if (message != null) {
          checkDecrypts(envelope, keyring, message);
        }
      }
    } finally {
      pool.shutdown();
    }
    long millis = (System.nanoTime() - start) / 1_000_000;

    CacheStats stats = cache.stats();
    out.printf("%d events on %d threads in %d ms%n", events, threads, millis);
    out.printf(
        "cache: %d hits, %d misses, %d loads (%d in the background), %d load failures, "
            + "hit rate %.4f, mean load %.2f ms, %d evictions, %d loads in flight%n",
        stats.hits(),
        stats.misses(),
        stats.loads(),
        stats.refreshes(),
        stats.loadFailures(),
        stats.hitRate(),
        stats.averageLoadNanos() / 1e6,
        stats.evictions(),
        stats.inFlightLoads());
    return stats;
  }

  /** One producer thread: encrypts its share of events and returns the last message. */
  private static byte[] produce(
      Envelope envelope,
      CachingMaterialsManager cache,
      Map<String, String> context,
      int producer,
      int count) {
    byte[] last = null;
    for (int i = 0; i < count; i++) {
      byte[] event =
          ("{\"producer\":" + producer + ",\"order\":" + i + ",\"amount\":\"12.50\"}")
              .getBytes(StandardCharsets.UTF_8);
      // A one-shot request states its length, which lets the cache charge the key exactly.
      last =
          envelope
              .encrypt(
                  EncryptRequest.builder()
                      .materialsManager(cache)
                      .suite(AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY)
                      .encryptionContext(context)
                      .plaintext(event)
                      .build())
              .ciphertext();
    }
    return last;
  }

  /** A consumer would decrypt with the plain keyring (or a caching manager of its own). */
  private static void checkDecrypts(Envelope envelope, Keyring keyring, byte[] message) {
    byte[] event =
        envelope
            .decrypt(DecryptRequest.builder().keyring(keyring).ciphertext(message).build())
            .plaintext();
    if (!new String(event, StandardCharsets.UTF_8).startsWith("{\"producer\":")) {
      throw new IllegalStateException("event did not decrypt to what was produced");
    }
  }

  private static Keyring throwawayKeyring() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    RawAesKeyring keyring =
        RawAesKeyring.builder()
            .keyNamespace("envelope4j-examples")
            .keyName("producer-key")
            .wrappingKey(key)
            .build();
    Arrays.fill(key, (byte) 0);
    return keyring;
  }
}
