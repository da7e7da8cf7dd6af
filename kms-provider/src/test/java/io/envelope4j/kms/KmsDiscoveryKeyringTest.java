package io.envelope4j.kms;

import static io.envelope4j.kms.LocalKms.ACCOUNT_A;
import static io.envelope4j.kms.LocalKms.ACCOUNT_B;
import static io.envelope4j.kms.LocalKms.CREDS_A;
import static io.envelope4j.kms.LocalKms.CREDS_B;
import static io.envelope4j.kms.LocalKms.EAST;
import static io.envelope4j.kms.LocalKms.WEST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.envelope4j.NoDecryptionKeyException;
import io.envelope4j.keyring.EncryptedDataKey;
import io.envelope4j.kmslocal.KmsLocal;
import io.envelope4j.kmslocal.KmsLocalServer;
import io.envelope4j.kmslocal.junit.KmsLocalExtension;
import io.envelope4j.materials.DecryptionMaterials;
import io.envelope4j.materials.EncryptionMaterials;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/** Discovery keyrings, multi-Region keys and their replicas, through kms-local. */
class KmsDiscoveryKeyringTest {
  @RegisterExtension
  static final KmsLocalExtension KMS =
      KmsLocalExtension.of(KmsLocal.builder().accountFor(LocalKms.ACCESS_KEY_B, ACCOUNT_B).build());

  static KmsClient eastA;
  static KmsClient westA;
  static KmsClient eastB;
  static KmsClientSupplier clientsA;
  static KmsClientSupplier clientsB;

  @BeforeAll
  static void start() {
    eastA = LocalKms.client(KMS.server(), EAST, CREDS_A);
    westA = LocalKms.client(KMS.server(), WEST, CREDS_A);
    eastB = LocalKms.client(KMS.server(), EAST, CREDS_B);
    clientsA = LocalKms.settings(KMS.server()).build();
    clientsB = LocalKms.settings(KMS.server()).credentialsProvider(CREDS_B).build();
  }

  @AfterAll
  static void stop() {
    clientsA.close();
    clientsB.close();
    eastA.close();
    westA.close();
    eastB.close();
  }

  static KmsLocalServer server() {
    return KMS.server();
  }

  static EncryptionMaterials encrypt(String generator, String... more) {
    return KmsKeyring.builder()
        .generatorKeyId(generator)
        .additionalKeyIds(List.of(more))
        .clientSupplier(clientsA)
        .build()
        .onEncrypt(LocalKms.encryptionMaterials());
  }

  static void assertDecrypts(EncryptionMaterials enc, DecryptionMaterials dec) {
    assertTrue(dec.dataKey().orElseThrow().equalsConstantTime(enc.dataKey().orElseThrow()));
  }

  @Test
  void discovery_noFilter_decryptsThroughTheKeysRegion() {
    KeyMetadata west = LocalKms.createKey(westA);
    EncryptionMaterials enc = encrypt(west.arn());
    server().counters().reset();

    DecryptionMaterials dec =
        KmsDiscoveryKeyring.builder()
            .clientSupplier(clientsA)
            .build()
            .onDecrypt(LocalKms.decryptionMaterials(), enc.encryptedDataKeys());

    assertDecrypts(enc, dec);
    assertEquals(1, server().counters().calls("Decrypt"));
  }

  @Test
  void discovery_filterAllowsAccount_decrypts() {
    KeyMetadata key = LocalKms.createKey(eastA);
    EncryptionMaterials enc = encrypt(key.arn());

    DecryptionMaterials dec =
        KmsDiscoveryKeyring.builder()
            .clientSupplier(clientsA)
            .discoveryFilter(DiscoveryFilter.of("aws", ACCOUNT_A))
            .build()
            .onDecrypt(LocalKms.decryptionMaterials(), enc.encryptedDataKeys());

    assertDecrypts(enc, dec);
  }

  @Test
  void discovery_filterRefusesAccountOrPartition_noKmsCall() {
    KeyMetadata key = LocalKms.createKey(eastA);
    EncryptionMaterials enc = encrypt(key.arn());
    server().counters().reset();

    for (DiscoveryFilter refusing :
        List.of(DiscoveryFilter.of("aws", ACCOUNT_B), DiscoveryFilter.of("aws-cn", ACCOUNT_A))) {
      NoDecryptionKeyException e =
          assertThrows(
              NoDecryptionKeyException.class,
              () ->
                  KmsDiscoveryKeyring.builder()
                      .clientSupplier(clientsA)
                      .discoveryFilter(refusing)
                      .build()
                      .onDecrypt(LocalKms.decryptionMaterials(), enc.encryptedDataKeys()));

      assertTrue(e.getMessage().contains("1 outside the discovery filter"), e::getMessage);
      assertTrue(e.failures().isEmpty());
    }
    assertEquals(0, server().counters().totalCalls());
  }

  @Test
  void discovery_twoAccounts_filterPicksOne_countedCalls() {
    KeyMetadata keyA = LocalKms.createKey(eastA);
    KeyMetadata keyB = LocalKms.createKey(eastB);
    assertTrue(keyB.arn().contains(":" + ACCOUNT_B + ":"), keyB.arn());
    EncryptionMaterials enc = encrypt(keyA.arn(), keyB.arn());
    server().counters().reset();

    DecryptionMaterials dec =
        KmsDiscoveryKeyring.builder()
            .clientSupplier(clientsB)
            .discoveryFilter(DiscoveryFilter.of("aws", ACCOUNT_B))
            .build()
            .onDecrypt(LocalKms.decryptionMaterials(), enc.encryptedDataKeys());

    assertDecrypts(enc, dec);
    assertEquals(1, server().counters().calls("Decrypt"));
    assertEquals(1, server().counters().totalCalls());
  }

  @Test
  void discovery_everyKeyFails_allFailuresReported() {
    KeyMetadata k1 = LocalKms.createKey(eastA);
    KeyMetadata k2 = LocalKms.createKey(westA);
    EncryptionMaterials enc = encrypt(k1.arn(), k2.arn());
    eastA.disableKey(r -> r.keyId(k1.keyId()));
    westA.disableKey(r -> r.keyId(k2.keyId()));

    NoDecryptionKeyException e =
        assertThrows(
            NoDecryptionKeyException.class,
            () ->
                KmsDiscoveryKeyring.builder()
                    .clientSupplier(clientsA)
                    .build()
                    .onDecrypt(LocalKms.decryptionMaterials(), enc.encryptedDataKeys()));

    List<String> arns = new ArrayList<>();
    for (Throwable f : e.failures()) {
      KmsKeyException k = (KmsKeyException) f;
      assertEquals(KmsFailureReason.KEY_DISABLED, k.reason());
      arns.add(k.keyId() + "@" + k.region().orElseThrow());
    }
    assertEquals(List.of(k1.arn() + "@" + EAST, k2.arn() + "@" + WEST), arns);
    assertEquals(2, e.getSuppressed().length);
  }

  @Test
  void discovery_providerInfoSwappedToOtherKey_wrongKeyReported() {
    KeyMetadata used = LocalKms.createKey(eastA);
    KeyMetadata other = LocalKms.createKey(eastA);
    EncryptedDataKey edk = encrypt(used.arn()).encryptedDataKeys().get(0);
    EncryptedDataKey swapped =
        EncryptedDataKey.of(
            "aws-kms",
            other.arn().getBytes(java.nio.charset.StandardCharsets.UTF_8),
            edk.ciphertext());

    NoDecryptionKeyException e =
        assertThrows(
            NoDecryptionKeyException.class,
            () ->
                KmsDiscoveryKeyring.builder()
                    .clientSupplier(clientsA)
                    .build()
                    .onDecrypt(LocalKms.decryptionMaterials(), List.of(swapped)));

    KmsKeyException k = (KmsKeyException) e.failures().get(0);
    assertEquals(KmsFailureReason.WRONG_KEY, k.reason());
    assertEquals(other.arn(), k.keyId());
  }

  @Test
  void discovery_givenClientOtherRegion_noClientReported_noCall() {
    KeyMetadata west = LocalKms.createKey(westA);
    EncryptionMaterials enc = encrypt(west.arn());
    server().counters().reset();

    NoDecryptionKeyException e =
        assertThrows(
            NoDecryptionKeyException.class,
            () ->
                KmsDiscoveryKeyring.builder()
                    .client(eastA)
                    .build()
                    .onDecrypt(LocalKms.decryptionMaterials(), enc.encryptedDataKeys()));

    assertEquals(KmsFailureReason.NO_CLIENT, ((KmsKeyException) e.failures().get(0)).reason());
    assertEquals(0, server().counters().totalCalls());
  }

  @Test
  void discovery_grantTokensAndContextSent_givenClientLeftOpen() {
    KeyMetadata key = LocalKms.createKey(eastA);
    EncryptionMaterials enc = encrypt(key.arn());
    RecordingInterceptor seen = new RecordingInterceptor();
    try (KmsClient recorded =
        KmsClient.builder()
            .region(software.amazon.awssdk.regions.Region.US_EAST_1)
            .credentialsProvider(CREDS_A)
            .endpointOverride(server().endpoint())
            .httpClient(LocalKms.HTTP)
            .overrideConfiguration(c -> c.addExecutionInterceptor(seen))
            .build()) {
      try (KmsDiscoveryKeyring keyring =
          KmsDiscoveryKeyring.builder()
              .client(recorded)
              .grantTokens(List.of("discovery-token"))
              .build()) {
        assertDecrypts(
            enc, keyring.onDecrypt(LocalKms.decryptionMaterials(), enc.encryptedDataKeys()));
      }

      assertEquals(List.of("Decrypt"), seen.operations());
      assertEquals(List.of(List.of("discovery-token")), seen.grantTokens());
      assertEquals(List.of(LocalKms.CONTEXT), seen.contexts());
      assertEquals(key.arn(), recorded.describeKey(r -> r.keyId(key.arn())).keyMetadata().arn());
    }
  }

  @Test
  void discovery_onEncrypt_refused() {
    KmsDiscoveryKeyring keyring = KmsDiscoveryKeyring.builder().clientSupplier(clientsA).build();

    assertThrows(
        IllegalStateException.class, () -> keyring.onEncrypt(LocalKms.encryptionMaterials()));
  }

  // Multi-Region keys.

  @Test
  void mrkAware_replicaArn_decryptsInReplicaRegion_evenWithPrimaryDisabled() {
    KeyMetadata primary = LocalKms.createReplicatedMrk(eastA, WEST);
    String replica = KmsArn.parse(primary.arn()).withRegion(WEST).toString();
    EncryptionMaterials enc = encrypt(primary.arn());
    eastA.disableKey(r -> r.keyId(primary.keyId()));
    server().counters().reset();

    DecryptionMaterials dec =
        KmsKeyring.builder()
            .generatorKeyId(replica)
            .multiRegionKeyAware(true)
            .clientSupplier(clientsA)
            .build()
            .onDecrypt(LocalKms.decryptionMaterials(), enc.encryptedDataKeys());

    assertDecrypts(enc, dec);
    assertEquals(1, server().counters().calls("Decrypt"));
  }

  @Test
  void strict_replicaArn_doesNotMatchPrimaryEdk_noCall() {
    KeyMetadata primary = LocalKms.createReplicatedMrk(eastA, WEST);
    String replica = KmsArn.parse(primary.arn()).withRegion(WEST).toString();
    EncryptionMaterials enc = encrypt(primary.arn());
    server().counters().reset();

    assertThrows(
        NoDecryptionKeyException.class,
        () ->
            KmsKeyring.builder()
                .generatorKeyId(replica)
                .clientSupplier(clientsA)
                .build()
                .onDecrypt(LocalKms.decryptionMaterials(), enc.encryptedDataKeys()));
    assertEquals(0, server().counters().totalCalls());
  }

  @Test
  void mrkAware_encryptWithReplica_providerInfoIsReplicaArn() {
    KeyMetadata primary = LocalKms.createReplicatedMrk(eastA, WEST);
    String replica = KmsArn.parse(primary.arn()).withRegion(WEST).toString();

    EncryptionMaterials enc = encrypt(replica);

    assertEquals(replica, enc.encryptedDataKeys().get(0).providerInfoAsString());
  }

  @Test
  void mrkAware_singleRegionKeyOfOtherRegion_neverMatches() {
    KeyMetadata east = LocalKms.createKey(eastA);
    String sameIdInWest = KmsArn.parse(east.arn()).withRegion(WEST).toString();
    EncryptionMaterials enc = encrypt(east.arn());
    server().counters().reset();

    assertThrows(
        NoDecryptionKeyException.class,
        () ->
            KmsKeyring.builder()
                .generatorKeyId(sameIdInWest)
                .multiRegionKeyAware(true)
                .clientSupplier(clientsA)
                .build()
                .onDecrypt(LocalKms.decryptionMaterials(), enc.encryptedDataKeys()));
    assertEquals(0, server().counters().totalCalls());
  }

  @Test
  void mrkDiscovery_primaryEdk_decryptedByReplicaInOwnRegion() {
    KeyMetadata primary = LocalKms.createReplicatedMrk(eastA, WEST);
    EncryptionMaterials enc = encrypt(primary.arn());
    eastA.disableKey(r -> r.keyId(primary.keyId()));
    server().counters().reset();

    DecryptionMaterials dec =
        KmsDiscoveryKeyring.builder()
            .multiRegionKeyAware(true)
            .client(westA)
            .discoveryFilter(DiscoveryFilter.of("aws", ACCOUNT_A))
            .build()
            .onDecrypt(LocalKms.decryptionMaterials(), enc.encryptedDataKeys());

    assertDecrypts(enc, dec);
    assertEquals(1, server().counters().calls("Decrypt"));
  }

  @Test
  void mrkDiscovery_singleRegionKeyElsewhere_skippedWithoutCall() {
    KeyMetadata east = LocalKms.createKey(eastA);
    EncryptionMaterials enc = encrypt(east.arn());
    server().counters().reset();

    NoDecryptionKeyException e =
        assertThrows(
            NoDecryptionKeyException.class,
            () ->
                KmsDiscoveryKeyring.builder()
                    .multiRegionKeyAware(true)
                    .region(WEST)
                    .clientSupplier(clientsA)
                    .build()
                    .onDecrypt(LocalKms.decryptionMaterials(), enc.encryptedDataKeys()));

    assertTrue(e.getMessage().contains("single-Region keys outside " + WEST), e::getMessage);
    assertEquals(0, server().counters().totalCalls());
  }

  @Test
  void mrkDiscovery_singleRegionKeyInOwnRegion_decrypts() {
    KeyMetadata west = LocalKms.createKey(westA);
    EncryptionMaterials enc = encrypt(west.arn());

    DecryptionMaterials dec =
        KmsDiscoveryKeyring.builder()
            .multiRegionKeyAware(true)
            .region(WEST)
            .clientSupplier(clientsA)
            .build()
            .onDecrypt(LocalKms.decryptionMaterials(), enc.encryptedDataKeys());

    assertDecrypts(enc, dec);
  }
}
