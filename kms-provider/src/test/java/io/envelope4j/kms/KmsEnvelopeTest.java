package io.envelope4j.kms;

import static io.envelope4j.kms.LocalKms.ACCOUNT_A;
import static io.envelope4j.kms.LocalKms.CONTEXT;
import static io.envelope4j.kms.LocalKms.CREDS_A;
import static io.envelope4j.kms.LocalKms.EAST;
import static io.envelope4j.kms.LocalKms.WEST;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.envelope4j.AlgorithmSuite;
import io.envelope4j.DecryptRequest;
import io.envelope4j.EncryptRequest;
import io.envelope4j.EncryptResult;
import io.envelope4j.Envelope;
import io.envelope4j.NoDecryptionKeyException;
import io.envelope4j.keyring.EncryptedDataKey;
import io.envelope4j.keyring.Keyring;
import io.envelope4j.keyring.MultiKeyring;
import io.envelope4j.keyring.RawAesKeyring;
import io.envelope4j.kmslocal.KmsLocal;
import io.envelope4j.kmslocal.KmsLocalServer;
import io.envelope4j.kmslocal.junit.KmsLocalExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/** Whole messages through the core {@link Envelope} client with KMS keyrings. */
class KmsEnvelopeTest {
  @RegisterExtension
  static final KmsLocalExtension KMS = KmsLocalExtension.of(KmsLocal.builder().build());

  static final byte[] PLAINTEXT = "a message for KMS keyrings".getBytes(StandardCharsets.UTF_8);

  static KmsClient east;
  static KmsClient west;
  static KmsClientSupplier clients;
  static KeyMetadata eastKey;

  @BeforeAll
  static void start() {
    east = LocalKms.client(KMS.server(), EAST, CREDS_A);
    west = LocalKms.client(KMS.server(), WEST, CREDS_A);
    clients = LocalKms.settings(KMS.server()).build();
    eastKey = LocalKms.createKey(east);
  }

  @AfterAll
  static void stop() {
    clients.close();
    east.close();
    west.close();
  }

  static KmsLocalServer server() {
    return KMS.server();
  }

  static byte[] encrypt(Envelope envelope, Keyring keyring, AlgorithmSuite suite) {
    EncryptRequest.Builder request =
        EncryptRequest.builder().keyring(keyring).encryptionContext(CONTEXT).plaintext(PLAINTEXT);
    if (suite != null) {
      request.suite(suite);
    }
    return envelope.encrypt(request.build()).ciphertext();
  }

  static byte[] decrypt(Envelope envelope, Keyring keyring, byte[] message) {
    return envelope
        .decrypt(
            DecryptRequest.builder()
                .keyring(keyring)
                .encryptionContext(CONTEXT)
                .ciphertext(message)
                .build())
        .plaintext();
  }

  static KmsKeyring keyring(String keyId) {
    return KmsKeyring.builder().generatorKeyId(keyId).clientSupplier(clients).build();
  }

  // Core writes the committing (format v2) suites; KmsKeyringTest covers every key length.
  @ParameterizedTest
  @EnumSource(
      value = AlgorithmSuite.class,
      names = {
        "AES_256_GCM_HKDF_SHA512_COMMIT_KEY",
        "AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384"
      })
  void envelope_committingSuite_roundTrips(AlgorithmSuite suite) {
    Envelope envelope = Envelope.defaults();

    byte[] message = encrypt(envelope, keyring(eastKey.arn()), suite);

    assertArrayEquals(PLAINTEXT, decrypt(envelope, keyring(eastKey.arn()), message));
    assertEquals(1, server().counters().calls("GenerateDataKey"));
    assertEquals(1, server().counters().calls("Decrypt"));
  }

  @Test
  void envelope_headerCarriesAwsKmsEdkWithKeyArn() {
    EncryptResult result =
        Envelope.defaults()
            .encrypt(
                EncryptRequest.builder()
                    .keyring(kmsById())
                    .encryptionContext(CONTEXT)
                    .plaintext(PLAINTEXT)
                    .build());

    List<EncryptedDataKey> edks = result.encryptedDataKeys();
    assertEquals(1, edks.size());
    assertEquals("aws-kms", edks.get(0).providerId());
    assertEquals(eastKey.arn(), edks.get(0).providerInfoAsString());
  }

  private static KmsKeyring kmsById() {
    return KmsKeyring.builder()
        .generatorKeyId(eastKey.keyId())
        .defaultRegion(EAST)
        .clientSupplier(clients)
        .build();
  }

  @Test
  void envelope_multiRegionKey_decryptedInReplicaRegionOnly() {
    KeyMetadata primary = LocalKms.createReplicatedMrk(east, WEST);
    byte[] message = encrypt(Envelope.defaults(), keyring(primary.arn()), null);
    east.disableKey(r -> r.keyId(primary.keyId()));
    KmsDiscoveryKeyring westDiscovery =
        KmsDiscoveryKeyring.builder()
            .multiRegionKeyAware(true)
            .client(west)
            .discoveryFilter(DiscoveryFilter.of("aws", ACCOUNT_A))
            .build();

    assertArrayEquals(PLAINTEXT, decrypt(Envelope.defaults(), westDiscovery, message));
    assertThrows(
        NoDecryptionKeyException.class,
        () -> decrypt(Envelope.defaults(), keyring(primary.arn()), message));
  }

  @Test
  void multiKeyring_rawAesGenerator_kmsChildWrapsWithEncrypt() {
    RawAesKeyring raw =
        RawAesKeyring.builder()
            .keyNamespace("test")
            .keyName("raw-1")
            .wrappingKey(new byte[32])
            .build();
    KmsKeyring kmsChild =
        KmsKeyring.builder()
            .additionalKeyIds(List.of(eastKey.arn()))
            .clientSupplier(clients)
            .build();
    Keyring multi = MultiKeyring.builder().generator(raw).child(kmsChild).build();

    byte[] message = encrypt(Envelope.defaults(), multi, null);

    assertEquals(0, server().counters().calls("GenerateDataKey"));
    assertEquals(1, server().counters().calls("Encrypt"));
    assertArrayEquals(PLAINTEXT, decrypt(Envelope.defaults(), keyring(eastKey.arn()), message));
  }

  @Test
  void multiKeyring_kmsGeneratorFails_noMessage() {
    KeyMetadata disabled = LocalKms.createKey(east);
    east.disableKey(r -> r.keyId(disabled.keyId()));

    KmsKeyException e =
        assertThrows(
            KmsKeyException.class,
            () -> encrypt(Envelope.defaults(), keyring(disabled.arn()), null));

    assertEquals(KmsFailureReason.KEY_DISABLED, e.reason());
    assertTrue(e.getMessage().contains(disabled.arn()), e::getMessage);
  }
}
