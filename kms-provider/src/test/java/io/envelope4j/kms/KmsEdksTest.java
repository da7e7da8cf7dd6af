package io.envelope4j.kms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.envelope4j.NoDecryptionKeyException;
import io.envelope4j.keyring.EncryptedDataKey;
import io.envelope4j.keyring.Keyring;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Malformed aws-kms provider info is refused before any KMS call, by every keyring kind. */
class KmsEdksTest {
  static final String ARN = "arn:aws:kms:us-east-1:111122223333:key/k1";

  NoNetwork endpoint;
  KmsClientSupplier supplier;

  @BeforeEach
  void setUp() {
    endpoint = new NoNetwork();
    supplier =
        KmsClientSupplier.builder()
            .credentialsProvider(KmsClientSupplierTest.DUMMY)
            .endpointOverride(endpoint.endpoint())
            .httpClient(TrackingHttpClient.direct())
            .build();
  }

  @AfterEach
  void tearDown() throws Exception {
    supplier.close();
    assertEquals(0, endpoint.connections.get());
    endpoint.close();
  }

  List<Keyring> keyrings() {
    return List.of(
        KmsKeyring.builder().generatorKeyId(ARN).clientSupplier(supplier).build(),
        KmsKeyring.builder()
            .generatorKeyId(ARN)
            .multiRegionKeyAware(true)
            .clientSupplier(supplier)
            .build(),
        KmsDiscoveryKeyring.builder().clientSupplier(supplier).build(),
        KmsDiscoveryKeyring.builder()
            .multiRegionKeyAware(true)
            .region("us-east-1")
            .clientSupplier(supplier)
            .build());
  }

  static EncryptedDataKey kmsEdk(byte[] providerInfo) {
    return EncryptedDataKey.of("aws-kms", providerInfo, new byte[] {1, 2, 3});
  }

  void assertDeclined(EncryptedDataKey bad, String shown) {
    // The bad key comes second: a keyring declines the whole message, even a matching key.
    EncryptedDataKey good = kmsEdk(ARN.getBytes(StandardCharsets.UTF_8));
    for (Keyring keyring : keyrings()) {
      NoDecryptionKeyException e =
          assertThrows(
              NoDecryptionKeyException.class,
              () -> keyring.onDecrypt(LocalKms.decryptionMaterials(), List.of(good, bad)));

      KmsKeyException k = (KmsKeyException) e.failures().get(0);
      assertEquals(KmsFailureReason.BAD_PROVIDER_INFO, k.reason(), keyring::toString);
      assertEquals(shown, k.keyId());
      assertTrue(k.region().isEmpty());
    }
  }

  @Test
  void aliasArnAsProviderInfo_declined() {
    String alias = "arn:aws:kms:us-east-1:111122223333:alias/app";

    assertDeclined(kmsEdk(alias.getBytes(StandardCharsets.UTF_8)), alias);
  }

  @Test
  void nonUtf8ProviderInfo_declined() {
    assertDeclined(kmsEdk(new byte[] {(byte) 0xC3, (byte) 0x28}), "(not UTF-8)");
  }

  @Test
  void longHostileProviderInfo_shownCutAndWithoutControlCharacters() {
    String hostile = "\u001b[2J" + "x".repeat(500);

    assertDeclined(
        kmsEdk(hostile.getBytes(StandardCharsets.UTF_8)), "?[2J" + "x".repeat(116) + "...");
  }

  @Test
  void emptyProviderInfo_declined() {
    assertDeclined(kmsEdk(new byte[0]), "");
  }

  @Test
  void otherProviderIdsWithJunk_ignored() {
    EncryptedDataKey raw = EncryptedDataKey.of("raw", new byte[] {(byte) 0xFF}, new byte[] {1});

    for (Keyring keyring : keyrings()) {
      NoDecryptionKeyException e =
          assertThrows(
              NoDecryptionKeyException.class,
              () -> keyring.onDecrypt(LocalKms.decryptionMaterials(), List.of(raw)));

      assertTrue(e.failures().isEmpty(), keyring::toString);
      assertTrue(e.getMessage().contains("(0 from aws-kms)"), e::getMessage);
    }
  }
}
