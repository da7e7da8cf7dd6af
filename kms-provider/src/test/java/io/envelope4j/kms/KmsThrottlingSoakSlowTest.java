package io.envelope4j.kms;

import static io.envelope4j.kms.LocalKms.CREDS_A;
import static io.envelope4j.kms.LocalKms.EAST;
import static io.envelope4j.kms.LocalKms.WEST;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.envelope4j.DecryptRequest;
import io.envelope4j.EncryptRequest;
import io.envelope4j.Envelope;
import io.envelope4j.kmslocal.FaultRule;
import io.envelope4j.kmslocal.KmsLocal;
import io.envelope4j.kmslocal.junit.KmsLocalExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/**
 * Slow proof (run with {@code -Pslow}): 10,000 messages on 16 threads, each wrapped under a
 * multi-Region key and a second-Region key and decrypted by the MRK discovery keyring in the
 * replica Region, with kms-local throttling 30% of requests and answering 5% with a 500.
 */
@Tag("slow")
class KmsThrottlingSoakSlowTest {
  @RegisterExtension
  static final KmsLocalExtension KMS = KmsLocalExtension.of(KmsLocal.builder().build());

  @Test
  void throttledAndFailing_10000MessagesOn16Threads_allRoundTrip() throws Exception {
    KeyMetadata primary;
    KeyMetadata west;
    try (KmsClient eastAdmin = LocalKms.client(KMS.server(), EAST, CREDS_A);
        KmsClient westAdmin = LocalKms.client(KMS.server(), WEST, CREDS_A)) {
      primary = LocalKms.createReplicatedMrk(eastAdmin, WEST);
      west = LocalKms.createKey(westAdmin);
    }
    KMS.server()
        .faults()
        .add(FaultRule.builder().errorCode("ThrottlingException").fraction(0.3).build());
    KMS.server()
        .faults()
        .add(FaultRule.builder().errorCode("KMSInternalException").fraction(0.05).build());
    int messages = 10_000;

    ExecutorService pool = Executors.newFixedThreadPool(16);
    try (KmsClientSupplier clients =
            LocalKms.settings(KMS.server())
                // A failing attempt has a 0.335 chance; 20 attempts keep 30,000 calls safe.
                .maxAttempts(20)
                .baseDelay(Duration.ofMillis(10))
                .maxBackoff(Duration.ofMillis(200))
                .circuitBreaker(false)
                .build();
        KmsKeyring writer =
            KmsKeyring.builder()
                .generatorKeyId(primary.arn())
                .additionalKeyIds(List.of(west.arn()))
                .multiRegionKeyAware(true)
                .clientSupplier(clients)
                .build();
        KmsDiscoveryKeyring reader =
            KmsDiscoveryKeyring.builder()
                .multiRegionKeyAware(true)
                .region(WEST)
                .clientSupplier(clients)
                .build()) {
      List<Future<?>> results = new ArrayList<>();
      for (int i = 0; i < messages; i++) {
        byte[] plaintext = ("soak " + i).getBytes(StandardCharsets.UTF_8);
        results.add(
            pool.submit(
                () -> {
                  byte[] message =
                      Envelope.defaults()
                          .encrypt(
                              EncryptRequest.builder()
                                  .keyring(writer)
                                  .suite(LocalKms.SUITE)
                                  .encryptionContext(LocalKms.CONTEXT)
                                  .plaintext(plaintext)
                                  .build())
                          .ciphertext();
                  byte[] back =
                      Envelope.defaults()
                          .decrypt(
                              DecryptRequest.builder().keyring(reader).ciphertext(message).build())
                          .plaintext();
                  assertArrayEquals(plaintext, back);
                  return null;
                }));
      }
      for (Future<?> r : results) {
        r.get(10, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }

    assertEquals(messages, KMS.server().counters().calls("GenerateDataKey"));
    assertEquals(messages, KMS.server().counters().calls("Encrypt"));
    assertEquals(messages, KMS.server().counters().calls("Decrypt"));
  }
}
