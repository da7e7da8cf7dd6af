package io.envelope4j.kms;

import static io.envelope4j.kms.LocalKms.CREDS_A;
import static io.envelope4j.kms.LocalKms.EAST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.envelope4j.DecryptRequest;
import io.envelope4j.EncryptRequest;
import io.envelope4j.Envelope;
import io.envelope4j.NoDecryptionKeyException;
import io.envelope4j.kmslocal.FaultRule;
import io.envelope4j.kmslocal.KmsLocal;
import io.envelope4j.kmslocal.KmsLocalServer;
import io.envelope4j.kmslocal.junit.KmsLocalExtension;
import io.envelope4j.materials.EncryptionMaterials;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/** Retries, logical call counts and timeouts of the keyrings' KMS calls, through kms-local. */
class KmsRetryAndTimeoutTest {
  @RegisterExtension static final KmsLocalExtension KMS = new KmsLocalExtension();

  static KmsClient admin;
  static KeyMetadata key;

  @BeforeAll
  static void start() {
    admin = LocalKms.client(KMS.server(), EAST, CREDS_A);
    key = LocalKms.createKey(admin);
  }

  @AfterAll
  static void stop() {
    admin.close();
  }

  static KmsLocalServer server() {
    return KMS.server();
  }

  static KmsKeyring keyring(KmsClientSupplierBuilder settings) {
    return KmsKeyring.builder().generatorKeyId(key.arn()).buildClients(settings).build();
  }

  @Test
  void throttled30Percent_1000RoundTripsOn8Threads_allSucceed() throws Exception {
    server()
        .faults()
        .add(FaultRule.builder().errorCode("ThrottlingException").fraction(0.3).build());
    int roundTrips = 1000;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (KmsKeyring keyring =
        keyring(
            LocalKms.settings(server())
                // 10 attempts would leave each call a 0.3^10 chance to fail, about 1% per run
                // of 2,000 calls; 15 attempts make that about 3 in 100,000.
                .maxAttempts(15)
                .baseDelay(Duration.ofMillis(10))
                .maxBackoff(Duration.ofMillis(200))
                .circuitBreaker(false))) {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < roundTrips; i++) {
        byte[] plaintext = ("message " + i).getBytes(StandardCharsets.UTF_8);
        results.add(
            pool.submit(
                () -> {
                  byte[] message =
                      Envelope.defaults()
                          .encrypt(
                              EncryptRequest.builder()
                                  .keyring(keyring)
                                  .suite(LocalKms.SUITE)
                                  .encryptionContext(LocalKms.CONTEXT)
                                  .plaintext(plaintext)
                                  .build())
                          .ciphertext();
                  byte[] back =
                      Envelope.defaults()
                          .decrypt(
                              DecryptRequest.builder().keyring(keyring).ciphertext(message).build())
                          .plaintext();
                  return Arrays.equals(plaintext, back);
                }));
      }
      for (Future<Boolean> r : results) {
        assertTrue(r.get(5, TimeUnit.MINUTES));
      }
    } finally {
      pool.shutdownNow();
    }

    // One logical call per keyring call; the throttled attempts were retried inside it.
    assertEquals(roundTrips, server().counters().calls("GenerateDataKey"));
    assertEquals(roundTrips, server().counters().calls("Decrypt"));
    long attempts =
        server().counters().attempts("GenerateDataKey") + server().counters().attempts("Decrypt");
    assertTrue(attempts > 2L * roundTrips * 1.2, "attempts " + attempts + " show few retries");
  }

  @Test
  void serverErrorTwice_retried_oneLogicalCall() {
    server()
        .faults()
        .add(
            FaultRule.builder()
                .operation("GenerateDataKey")
                .firstAttempts(2)
                .errorCode("KMSInternalException")
                .build());
    try (KmsKeyring keyring =
        keyring(LocalKms.settings(server()).maxAttempts(3).baseDelay(Duration.ofMillis(5)))) {
      keyring.onEncrypt(LocalKms.encryptionMaterials());
    }

    assertEquals(1, server().counters().calls("GenerateDataKey"));
    assertEquals(3, server().counters().attempts("GenerateDataKey"));
  }

  @Test
  void throttledThroughEveryAttempt_reportsThrottled_afterMaxAttempts() {
    server().faults().add(FaultRule.builder().errorCode("ThrottlingException").build());
    try (KmsKeyring keyring =
        keyring(LocalKms.settings(server()).maxAttempts(4).baseDelay(Duration.ofMillis(5)))) {
      KmsKeyException e =
          assertThrows(
              KmsKeyException.class, () -> keyring.onEncrypt(LocalKms.encryptionMaterials()));

      assertEquals(KmsFailureReason.THROTTLED, e.reason());
      assertEquals("ThrottlingException", e.errorCode().orElseThrow());
    }
    assertEquals(1, server().counters().calls("GenerateDataKey"));
    assertEquals(4, server().counters().attempts("GenerateDataKey"));
  }

  @Test
  void serverErrorOnDecrypt_everyAttempt_reportsServiceError() {
    try (KmsKeyring keyring = keyring(LocalKms.settings(server()).maxAttempts(2))) {
      EncryptionMaterials enc = keyring.onEncrypt(LocalKms.encryptionMaterials());
      server()
          .faults()
          .add(
              FaultRule.builder()
                  .operation("Decrypt")
                  .errorCode("KeyUnavailableException")
                  .build());

      NoDecryptionKeyException e =
          assertThrows(
              NoDecryptionKeyException.class,
              () -> keyring.onDecrypt(LocalKms.decryptionMaterials(), enc.encryptedDataKeys()));

      assertEquals(
          KmsFailureReason.SERVICE_ERROR, ((KmsKeyException) e.failures().get(0)).reason());
    }
  }

  @Test
  void kmsStopped_errorWithinConfiguredTimeout() throws Exception {
    KmsLocalServer stopped = KmsLocal.builder().build().start();
    KmsClient stoppedAdmin = LocalKms.client(stopped, EAST, CREDS_A);
    KeyMetadata k = LocalKms.createKey(stoppedAdmin);
    stoppedAdmin.close();
    stopped.close();
    Duration timeout = Duration.ofSeconds(2);

    try (KmsKeyring keyring =
        KmsKeyring.builder()
            .generatorKeyId(k.arn())
            .buildClients(
                LocalKms.settings(stopped)
                    .maxAttempts(10)
                    .baseDelay(Duration.ofMillis(50))
                    .apiCallTimeout(timeout))
            .build()) {
      long start = System.nanoTime();
      KmsKeyException e =
          assertThrows(
              KmsKeyException.class, () -> keyring.onEncrypt(LocalKms.encryptionMaterials()));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertTrue(
          e.reason() == KmsFailureReason.UNREACHABLE || e.reason() == KmsFailureReason.TIMEOUT,
          e::getMessage);
      assertTrue(took.compareTo(timeout.plusMillis(500)) < 0, "took " + took);
      assertTrue(e.getMessage().contains(k.arn()), e::getMessage);
    }
  }

  @Test
  void kmsStopped_fewAttempts_reportsUnreachable() throws Exception {
    KmsLocalServer stopped = KmsLocal.builder().build().start();
    stopped.close();
    String arn = "arn:aws:kms:us-east-1:111122223333:key/00000000-0000-0000-0000-000000000001";

    try (KmsKeyring keyring =
        KmsKeyring.builder()
            .generatorKeyId(arn)
            .buildClients(LocalKms.settings(stopped).maxAttempts(2).baseDelay(Duration.ofMillis(5)))
            .build()) {
      KmsKeyException e =
          assertThrows(
              KmsKeyException.class, () -> keyring.onEncrypt(LocalKms.encryptionMaterials()));

      assertEquals(KmsFailureReason.UNREACHABLE, e.reason(), e::getMessage);
      assertTrue(e.getMessage().contains("could not be reached"), e::getMessage);
    }
  }

  @Test
  void kmsHangs_timesOutWithinConfiguredTimeout() {
    // A latency-only rule would do; kms-local's FaultRule.build() throws an NPE for one (its
    // SERVER_ERRORS.contains(null)), so the delayed answer also carries an error. The SDK must
    // give up before that answer could arrive, so the outcome is the same.
    server()
        .faults()
        .add(
            FaultRule.builder()
                .latency(Duration.ofSeconds(5))
                .errorCode("KMSInternalException")
                .build());
    Duration timeout = Duration.ofMillis(800);
    try (KmsKeyring keyring =
        keyring(
            LocalKms.settings(server())
                .maxAttempts(3)
                .apiCallAttemptTimeout(Duration.ofMillis(300))
                .apiCallTimeout(timeout))) {
      long start = System.nanoTime();
      KmsKeyException e =
          assertThrows(
              KmsKeyException.class, () -> keyring.onEncrypt(LocalKms.encryptionMaterials()));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertEquals(KmsFailureReason.TIMEOUT, e.reason(), e::getMessage);
      assertTrue(took.compareTo(timeout.plusMillis(500)) < 0, "took " + took);
      assertInstanceOf(RuntimeException.class, e.getCause());
    } finally {
      server().faults().clear();
    }
  }
}
