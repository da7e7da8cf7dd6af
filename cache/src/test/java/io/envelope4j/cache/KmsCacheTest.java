package io.envelope4j.cache;

import static io.envelope4j.cache.CacheFixture.decrypt;
import static io.envelope4j.cache.CacheFixture.encrypt;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.envelope4j.kms.KmsKeyring;
import io.envelope4j.kmslocal.KmsLocal;
import io.envelope4j.kmslocal.KmsLocalServer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The call-count proofs: the KMS keyring over the real AWS SDK v2 client against an
 * in-process kms-local on 127.0.0.1, suite 0x0478, with kms-local counting the logical calls.
 */
class KmsCacheTest {
  private static KmsLocalServer kms;
  private static SdkHttpClient http;
  private static KmsClient client;
  private static String keyArn;

  @BeforeAll
  static void startKms() throws Exception {
    kms = KmsLocal.builder().build().start();
    http =
        UrlConnectionHttpClient.builder()
            .proxyConfiguration(
                p -> p.useSystemPropertyValues(false).useEnvironmentVariablesValues(false))
            .build();
    client =
        KmsClient.builder()
            .region(Region.US_EAST_1)
            .endpointOverride(kms.endpoint())
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("AKIDCACHETEST", "dummy-secret")))
            .httpClient(http)
            .build();
    keyArn = client.createKey(r -> r.description("cache test key")).keyMetadata().arn();
  }

  @AfterAll
  static void stopKms() {
    client.close();
    http.close();
    kms.close();
  }

  @BeforeEach
  void resetCounters() {
    kms.counters().reset();
  }

  private static KmsKeyring keyring() {
    return KmsKeyring.builder().generatorKeyId(keyArn).client(client).build();
  }

  @Test
  void coldCache_64ThreadsAtOnce_exactlyOneGenerateDataKey() throws Exception {
    CachingMaterialsManager cmm =
        CachingMaterialsManager.builder().keyring(keyring()).maxAge(Duration.ofMinutes(5)).build();
    CountDownLatch start = new CountDownLatch(1);
    List<byte[]> messages = Collections.synchronizedList(new ArrayList<>());
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      int n = i;
      Thread t =
          new Thread(
              () -> {
                try {
                  start.await();
                  messages.add(encrypt(cmm, ByteBuffer.allocate(4).putInt(n).array()));
                } catch (Throwable e) {
                  failures.add(e);
                }
              });
      threads.add(t);
      t.start();
    }
    start.countDown();
    for (Thread t : threads) {
      t.join(60_000);
    }

    assertEquals(List.of(), failures);
    assertEquals(64, messages.size());
    assertEquals(1, kms.counters().calls("GenerateDataKey"));
    assertEquals(1, kms.counters().totalCalls());
    assertEquals(1, messages.stream().map(Messages::firstWrappedKey).distinct().count());
    assertEquals(1, cmm.stats().loads());

    // Every message opens through a plain KMS keyring: one Decrypt call each, no cache.
    for (byte[] m : messages) {
      assertEquals(4, decrypt(keyring(), m).length);
    }
    assertEquals(64, kms.counters().calls("Decrypt"));
  }

  @Test
  void messageLimit_8Threads20000Messages_atLeast20KeysNoneUsedMoreThan1000Times()
      throws Exception {
    assertLimitHolds(20_000);
  }

  @Test
  @Tag("slow")
  void messageLimit_8Threads200000Messages_atLeast200KeysNoneUsedMoreThan1000Times()
      throws Exception {
    assertLimitHolds(200_000);
  }

  private void assertLimitHolds(int totalMessages) throws Exception {
    CachingMaterialsManager cmm =
        CachingMaterialsManager.builder()
            .keyring(keyring())
            .maxAge(Duration.ofMinutes(10))
            .maxMessagesPerKey(1000)
            .build();
    Map<String, LongAdder> uses = new ConcurrentHashMap<>();
    Map<String, byte[]> sample = new ConcurrentHashMap<>();
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    int perThread = totalMessages / 8;
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < perThread; i++) {
                    byte[] message = encrypt(cmm, new byte[32]);
                    String key = Messages.firstWrappedKey(message);
                    uses.computeIfAbsent(key, k -> new LongAdder()).increment();
                    sample.putIfAbsent(key, message);
                  }
                } catch (Throwable e) {
                  failures.add(e);
                }
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread t : threads) {
      t.join(600_000);
    }

    assertEquals(List.of(), failures);
    long total = uses.values().stream().mapToLong(LongAdder::sum).sum();
    long most = uses.values().stream().mapToLong(LongAdder::sum).max().orElseThrow();
    assertEquals(totalMessages, total);
    assertTrue(most <= 1000, "a data key was used " + most + " times");
    assertTrue(
        uses.size() >= totalMessages / 1000,
        uses.size() + " data keys for " + totalMessages + " messages");
    assertEquals(uses.size(), kms.counters().calls("GenerateDataKey"));

    // One message per data key decrypts through a plain KMS keyring.
    for (byte[] message : sample.values()) {
      assertArrayEquals(new byte[32], decrypt(keyring(), message));
    }
  }
}
