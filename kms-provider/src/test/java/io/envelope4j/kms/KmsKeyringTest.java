package io.envelope4j.kms;

import static io.envelope4j.kms.LocalKms.ACCOUNT_A;
import static io.envelope4j.kms.LocalKms.CONTEXT;
import static io.envelope4j.kms.LocalKms.CREDS_A;
import static io.envelope4j.kms.LocalKms.EAST;
import static io.envelope4j.kms.LocalKms.SUITE;
import static io.envelope4j.kms.LocalKms.WEST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.envelope4j.AlgorithmSuite;
import io.envelope4j.NoDecryptionKeyException;
import io.envelope4j.keyring.EncryptedDataKey;
import io.envelope4j.kmslocal.FaultRule;
import io.envelope4j.kmslocal.KmsLocal;
import io.envelope4j.kmslocal.KmsLocalServer;
import io.envelope4j.kmslocal.junit.KmsLocalExtension;
import io.envelope4j.materials.DataKey;
import io.envelope4j.materials.DecryptionMaterials;
import io.envelope4j.materials.EncryptionMaterials;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

class KmsKeyringTest {
  @RegisterExtension
  static final KmsLocalExtension KMS =
      KmsLocalExtension.of(
          KmsLocal.builder().accountFor(LocalKms.ACCESS_KEY_B, LocalKms.ACCOUNT_B).build());

  static KmsClient eastAdmin;
  static KmsClient westAdmin;
  static KmsClientSupplier clients;

  @BeforeAll
  static void start() {
    eastAdmin = LocalKms.client(KMS.server(), EAST, CREDS_A);
    westAdmin = LocalKms.client(KMS.server(), WEST, CREDS_A);
    clients = LocalKms.settings(KMS.server()).build();
  }

  @AfterAll
  static void stop() {
    clients.close();
    eastAdmin.close();
    westAdmin.close();
  }

  static KmsLocalServer server() {
    return KMS.server();
  }

  static KmsKeyring keyring(String generator, String... additional) {
    return KmsKeyring.builder()
        .generatorKeyId(generator)
        .additionalKeyIds(List.of(additional))
        .defaultRegion(EAST)
        .clientSupplier(clients)
        .build();
  }

  static String providerInfo(EncryptedDataKey edk) {
    return new String(edk.providerInfo(), StandardCharsets.UTF_8);
  }

  static void assertSameKey(DataKey expected, DecryptionMaterials actual) {
    assertTrue(actual.dataKey().orElseThrow().equalsConstantTime(expected));
  }

  @Test
  void onEncrypt_keyArn_generatesWithProviderIdAndArn_andDecrypts() {
    KeyMetadata key = LocalKms.createKey(eastAdmin);
    KmsKeyring keyring = keyring(key.arn());

    EncryptionMaterials enc = keyring.onEncrypt(LocalKms.encryptionMaterials());

    assertEquals(SUITE.dataKeyLengthBytes(), enc.dataKey().orElseThrow().lengthBytes());
    assertEquals(1, enc.encryptedDataKeys().size());
    EncryptedDataKey edk = enc.encryptedDataKeys().get(0);
    assertEquals("aws-kms", edk.providerId());
    assertEquals(key.arn(), providerInfo(edk));
    assertEquals(1, server().counters().calls("GenerateDataKey"));

    DecryptionMaterials dec =
        keyring.onDecrypt(LocalKms.decryptionMaterials(), enc.encryptedDataKeys());

    assertSameKey(enc.dataKey().orElseThrow(), dec);
    assertEquals(1, server().counters().calls("Decrypt"));
  }

  @ParameterizedTest
  @EnumSource(AlgorithmSuite.class)
  void onEncrypt_everySuite_dataKeyHasSuiteLength_andDecrypts(AlgorithmSuite suite) {
    KeyMetadata key = LocalKms.createKey(eastAdmin);

    EncryptionMaterials enc =
        keyring(key.arn())
            .onEncrypt(EncryptionMaterials.builder(suite).encryptionContext(CONTEXT).build());
    DecryptionMaterials dec =
        keyring(key.arn())
            .onDecrypt(DecryptionMaterials.of(suite, CONTEXT, null), enc.encryptedDataKeys());

    assertEquals(suite.dataKeyLengthBytes(), enc.dataKey().orElseThrow().lengthBytes());
    assertSameKey(enc.dataKey().orElseThrow(), dec);
  }

  @Test
  void onEncrypt_everyKeyIdForm_providerInfoIsTheKeyArn() {
    KeyMetadata key = LocalKms.createKey(eastAdmin);
    String alias = "alias/forms-" + key.keyId();
    eastAdmin.createAlias(r -> r.aliasName(alias).targetKeyId(key.keyId()));
    String aliasArn = "arn:aws:kms:" + EAST + ":" + ACCOUNT_A + ":" + alias;

    for (String form : List.of(key.arn(), key.keyId(), alias, aliasArn)) {
      EncryptionMaterials enc = keyring(form).onEncrypt(LocalKms.encryptionMaterials());

      assertEquals(key.arn(), providerInfo(enc.encryptedDataKeys().get(0)), form);
      DecryptionMaterials dec =
          keyring(key.arn()).onDecrypt(LocalKms.decryptionMaterials(), enc.encryptedDataKeys());
      assertSameKey(enc.dataKey().orElseThrow(), dec);
    }
  }

  @Test
  void onDecrypt_keyringConfiguredByAlias_matchesNothing_noKmsCall() {
    KeyMetadata key = LocalKms.createKey(eastAdmin);
    String alias = "alias/nomatch-" + key.keyId();
    eastAdmin.createAlias(r -> r.aliasName(alias).targetKeyId(key.keyId()));
    KmsKeyring byAlias = keyring(alias);
    EncryptionMaterials enc = byAlias.onEncrypt(LocalKms.encryptionMaterials());
    server().counters().reset();

    NoDecryptionKeyException e =
        assertThrows(
            NoDecryptionKeyException.class,
            () -> byAlias.onDecrypt(LocalKms.decryptionMaterials(), enc.encryptedDataKeys()));

    assertTrue(e.getMessage().contains("none is for the configured keys [" + alias), e::getMessage);
    assertEquals(0, server().counters().totalCalls());
  }

  @Test
  void onEncrypt_additionalKeyInOtherRegion_wrapsWithEncrypt_eachDecryptsAlone() {
    KeyMetadata east = LocalKms.createKey(eastAdmin);
    KeyMetadata west = LocalKms.createKey(westAdmin);

    EncryptionMaterials enc =
        keyring(east.arn(), west.arn()).onEncrypt(LocalKms.encryptionMaterials());

    assertEquals(
        List.of(east.arn(), west.arn()),
        enc.encryptedDataKeys().stream().map(KmsKeyringTest::providerInfo).toList());
    assertEquals(1, server().counters().calls("GenerateDataKey"));
    assertEquals(1, server().counters().calls("Encrypt"));
    DecryptionMaterials dec =
        keyring(west.arn()).onDecrypt(LocalKms.decryptionMaterials(), enc.encryptedDataKeys());
    assertSameKey(enc.dataKey().orElseThrow(), dec);
    // The west-only keyring skipped the east key without calling KMS for it.
    assertEquals(1, server().counters().calls("Decrypt"));
  }

  @Test
  void onEncrypt_materialsWithDataKey_generatorWrapsWithEncrypt() {
    KeyMetadata key = LocalKms.createKey(eastAdmin);
    DataKey existing = DataKey.copyOf(new byte[32]);
    EncryptionMaterials given =
        EncryptionMaterials.builder(SUITE).encryptionContext(CONTEXT).dataKey(existing).build();

    EncryptionMaterials enc = keyring(key.arn()).onEncrypt(given);

    assertEquals(0, server().counters().calls("GenerateDataKey"));
    assertEquals(1, server().counters().calls("Encrypt"));
    assertSameKey(
        existing,
        keyring(key.arn()).onDecrypt(LocalKms.decryptionMaterials(), enc.encryptedDataKeys()));
  }

  @Test
  void onDecrypt_wrongContext_reportsWrongContextWithArnAndRegion_noSecret() {
    KeyMetadata key = LocalKms.createKey(eastAdmin);
    EncryptionMaterials enc = keyring(key.arn()).onEncrypt(LocalKms.encryptionMaterials());
    byte[] secret = enc.dataKey().orElseThrow().revealCopy();

    NoDecryptionKeyException e =
        assertThrows(
            NoDecryptionKeyException.class,
            () ->
                keyring(key.arn())
                    .onDecrypt(
                        LocalKms.decryptionMaterials(Map.of("purpose", "other")),
                        enc.encryptedDataKeys()));

    KmsKeyException f = assertInstanceOf(KmsKeyException.class, e.failures().get(0));
    assertEquals(KmsFailureReason.WRONG_CONTEXT, f.reason());
    assertEquals(key.arn(), f.keyId());
    assertEquals(EAST, f.region().orElseThrow());
    assertEquals("InvalidCiphertextException", f.errorCode().orElseThrow());
    assertTrue(e.getMessage().contains(key.arn()), e::getMessage);
    assertNoSecret(e, secret);
  }

  @Test
  void onDecrypt_disabledAndPendingDeletion_reportBothReasons() {
    KeyMetadata disabled = LocalKms.createKey(eastAdmin);
    KeyMetadata deleting = LocalKms.createKey(westAdmin);
    EncryptionMaterials enc =
        keyring(disabled.arn(), deleting.arn()).onEncrypt(LocalKms.encryptionMaterials());
    byte[] secret = enc.dataKey().orElseThrow().revealCopy();
    eastAdmin.disableKey(r -> r.keyId(disabled.keyId()));
    westAdmin.scheduleKeyDeletion(r -> r.keyId(deleting.keyId()).pendingWindowInDays(7));

    NoDecryptionKeyException e =
        assertThrows(
            NoDecryptionKeyException.class,
            () ->
                keyring(disabled.arn(), deleting.arn())
                    .onDecrypt(LocalKms.decryptionMaterials(), enc.encryptedDataKeys()));

    assertEquals(2, e.failures().size());
    KmsKeyException first = (KmsKeyException) e.failures().get(0);
    KmsKeyException second = (KmsKeyException) e.failures().get(1);
    assertEquals(KmsFailureReason.KEY_DISABLED, first.reason());
    assertEquals(disabled.arn(), first.keyId());
    assertEquals(EAST, first.region().orElseThrow());
    assertEquals(KmsFailureReason.KEY_INVALID_STATE, second.reason());
    assertEquals(deleting.arn(), second.keyId());
    assertEquals(WEST, second.region().orElseThrow());
    assertTrue(e.getMessage().contains("disabled; enable it"), e::getMessage);
    assertTrue(e.getMessage().contains("pending deletion"), e::getMessage);
    assertNoSecret(e, secret);
  }

  @Test
  void onEncrypt_disabledGenerator_failsWithReason_materialsUntouched() {
    KeyMetadata key = LocalKms.createKey(eastAdmin);
    eastAdmin.disableKey(r -> r.keyId(key.keyId()));
    EncryptionMaterials before = LocalKms.encryptionMaterials();

    KmsKeyException e =
        assertThrows(KmsKeyException.class, () -> keyring(key.arn()).onEncrypt(before));

    assertEquals(KmsFailureReason.KEY_DISABLED, e.reason());
    assertEquals("GenerateDataKey", e.operation());
    assertTrue(before.dataKey().isEmpty());
    assertTrue(before.encryptedDataKeys().isEmpty());
  }

  @Test
  void onEncrypt_additionalKeyMissing_failsWholeCall() {
    KeyMetadata key = LocalKms.createKey(eastAdmin);
    String missing = "arn:aws:kms:" + WEST + ":" + ACCOUNT_A + ":key/00000000-0000-0000-0000-0";

    KmsKeyException e =
        assertThrows(
            KmsKeyException.class,
            () -> keyring(key.arn(), missing).onEncrypt(LocalKms.encryptionMaterials()));

    assertEquals(KmsFailureReason.KEY_NOT_FOUND, e.reason());
    assertEquals("Encrypt", e.operation());
    assertEquals(missing, e.keyId());
  }

  @Test
  void onDecrypt_accessDenied_reported() {
    KeyMetadata key = LocalKms.createKey(eastAdmin);
    EncryptionMaterials enc = keyring(key.arn()).onEncrypt(LocalKms.encryptionMaterials());
    server()
        .faults()
        .add(
            FaultRule.builder()
                .operation("Decrypt")
                .errorCode("AccessDeniedException")
                .httpStatus(400)
                .build());

    NoDecryptionKeyException e =
        assertThrows(
            NoDecryptionKeyException.class,
            () ->
                keyring(key.arn())
                    .onDecrypt(LocalKms.decryptionMaterials(), enc.encryptedDataKeys()));

    assertEquals(KmsFailureReason.ACCESS_DENIED, ((KmsKeyException) e.failures().get(0)).reason());
  }

  @Test
  void onDecrypt_providerInfoNotAnArn_declinesBeforeAnyCall() {
    KeyMetadata key = LocalKms.createKey(eastAdmin);
    EncryptedDataKey junk =
        EncryptedDataKey.of(
            "aws-kms", "not-an-arn".getBytes(StandardCharsets.UTF_8), new byte[] {1});
    server().counters().reset();

    NoDecryptionKeyException e =
        assertThrows(
            NoDecryptionKeyException.class,
            () -> keyring(key.arn()).onDecrypt(LocalKms.decryptionMaterials(), List.of(junk)));

    assertEquals(
        KmsFailureReason.BAD_PROVIDER_INFO, ((KmsKeyException) e.failures().get(0)).reason());
    assertEquals(0, server().counters().totalCalls());
  }

  @Test
  void onDecrypt_otherProvidersIgnored_materialsWithKeyReturnedUnchanged() {
    KeyMetadata key = LocalKms.createKey(eastAdmin);
    EncryptedDataKey raw = EncryptedDataKey.of("raw-aes", new byte[] {1}, new byte[] {2});
    server().counters().reset();

    assertThrows(
        NoDecryptionKeyException.class,
        () -> keyring(key.arn()).onDecrypt(LocalKms.decryptionMaterials(), List.of(raw)));
    DecryptionMaterials done =
        LocalKms.decryptionMaterials().withDataKey(DataKey.copyOf(new byte[32]));
    assertTrue(done == keyring(key.arn()).onDecrypt(done, List.of(raw)));
    assertEquals(0, server().counters().totalCalls());
  }

  @Test
  void grantTokens_sentWithEveryCall() {
    KeyMetadata key = LocalKms.createKey(eastAdmin);
    RecordingInterceptor seen = new RecordingInterceptor();
    try (KmsClient recorded =
        KmsClient.builder()
            .region(software.amazon.awssdk.regions.Region.US_EAST_1)
            .credentialsProvider(CREDS_A)
            .endpointOverride(server().endpoint())
            .httpClient(LocalKms.HTTP)
            .overrideConfiguration(c -> c.addExecutionInterceptor(seen))
            .build()) {
      KmsKeyring withTokens =
          KmsKeyring.builder()
              .generatorKeyId(key.arn())
              .additionalKeyIds(List.of(key.arn()))
              .grantTokens(List.of("token-1", "token-2"))
              .client(recorded)
              .build();

      EncryptionMaterials enc = withTokens.onEncrypt(LocalKms.encryptionMaterials());
      withTokens.onDecrypt(LocalKms.decryptionMaterials(), enc.encryptedDataKeys());

      assertEquals(List.of("GenerateDataKey", "Encrypt", "Decrypt"), seen.operations());
      for (Object tokens : seen.grantTokens()) {
        assertEquals(List.of("token-1", "token-2"), tokens);
      }
      assertEquals(3, seen.grantTokens().size());
      for (Map<String, String> context : seen.contexts()) {
        assertEquals(CONTEXT, context);
      }
    }
  }

  @Test
  void grantTokens_refusedByKms_reported() {
    KeyMetadata key = LocalKms.createKey(eastAdmin);
    KmsKeyring tooLong =
        KmsKeyring.builder()
            .generatorKeyId(key.arn())
            .grantTokens(List.of("x".repeat(8193)))
            .clientSupplier(clients)
            .build();

    KmsKeyException e =
        assertThrows(
            KmsKeyException.class, () -> tooLong.onEncrypt(LocalKms.encryptionMaterials()));

    assertEquals("ValidationException", e.errorCode().orElseThrow());
    assertFalse(e.getMessage().contains("x".repeat(100)), e::getMessage);
  }

  @Test
  void close_givenClient_staysUsable() {
    KeyMetadata key = LocalKms.createKey(eastAdmin);
    KmsKeyring keyring = KmsKeyring.builder().generatorKeyId(key.arn()).client(eastAdmin).build();

    keyring.close();

    assertEquals(key.arn(), eastAdmin.describeKey(r -> r.keyId(key.keyId())).keyMetadata().arn());
  }

  @Test
  void close_builtClients_closedWithKeyring() {
    KeyMetadata key = LocalKms.createKey(eastAdmin);
    TrackingHttpClient http = new TrackingHttpClient();
    KmsKeyring keyring =
        KmsKeyring.builder()
            .generatorKeyId(key.arn())
            .buildClients(
                KmsClientSupplier.builder()
                    .credentialsProvider(CREDS_A)
                    .endpointOverride(server().endpoint())
                    .customizer(b -> b.httpClientBuilder(http.asBuilder())))
            .build();
    keyring.onEncrypt(LocalKms.encryptionMaterials());

    keyring.close();

    assertEquals(1, http.requests.get());
    assertEquals(1, http.closes.get());
  }

  static void assertNoSecret(Throwable e, byte[] secret) {
    String hex = HexFormat.of().formatHex(secret);
    String b64 = Base64.getEncoder().encodeToString(secret);
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertNoSecretText(t, hex, b64);
      for (Throwable s : t.getSuppressed()) {
        assertNoSecretText(s, hex, b64);
      }
    }
  }

  private static void assertNoSecretText(Throwable t, String hex, String b64) {
    String text = String.valueOf(t.getMessage()) + t;
    assertFalse(text.toLowerCase().contains(hex), "hex data key in " + t);
    assertFalse(text.contains(b64), "base64 data key in " + t);
    assertFalse(text.contains(LocalKms.SECRET_LOOKING_VALUE), "context value in " + t);
  }

  @Test
  void onDecrypt_secondEdkAfterFailure_succeedsAndKeepsNoFailure() {
    KeyMetadata key = LocalKms.createKey(eastAdmin);
    EncryptionMaterials enc = keyring(key.arn()).onEncrypt(LocalKms.encryptionMaterials());
    EncryptedDataKey good = enc.encryptedDataKeys().get(0);
    byte[] damaged = good.ciphertext();
    damaged[damaged.length - 1] ^= 1;
    EncryptedDataKey bad = EncryptedDataKey.of("aws-kms", good.providerInfo(), damaged);

    DecryptionMaterials dec =
        keyring(key.arn()).onDecrypt(LocalKms.decryptionMaterials(), List.of(bad, good));

    assertSameKey(enc.dataKey().orElseThrow(), dec);
    assertEquals(2, server().counters().calls("Decrypt"));
  }
}
