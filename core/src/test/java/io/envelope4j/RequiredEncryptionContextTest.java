package io.envelope4j;

import static io.envelope4j.Fixtures.SIGNED;
import static io.envelope4j.Fixtures.UNSIGNED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.envelope4j.keyring.EncryptedDataKey;
import io.envelope4j.keyring.Keyring;
import io.envelope4j.materials.DataKey;
import io.envelope4j.materials.DecryptionMaterials;
import io.envelope4j.materials.DecryptionMaterialsRequest;
import io.envelope4j.materials.DefaultMaterialsManager;
import io.envelope4j.materials.EncryptionMaterials;
import io.envelope4j.materials.EncryptionMaterialsRequest;
import io.envelope4j.materials.MaterialsManager;
import io.envelope4j.materials.RequiredEncryptionContextMaterialsManager;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The required encryption context manager and decryption with a reproduced context. */
class RequiredEncryptionContextTest {
  private static final Map<String, String> CONTEXT =
      Map.of("tenant", "acme-tenant", "purpose", "invoices", "region", "eu");

  private static RequiredEncryptionContextMaterialsManager manager(Keyring keyring) {
    return RequiredEncryptionContextMaterialsManager.of(Set.of("tenant", "region"), keyring);
  }

  private static EncryptResult encrypt(AlgorithmSuite suite, byte[] plaintext) {
    return Fixtures.envelope(3)
        .encrypt(
            EncryptRequest.builder()
                .materialsManager(manager(Fixtures.keyring()))
                .suite(suite)
                .frameLengthBytes(16)
                .encryptionContext(CONTEXT)
                .plaintext(plaintext)
                .build());
  }

  private static DecryptResult decrypt(
      MaterialsManager manager, Map<String, String> reproduced, byte[] ciphertext) {
    return Envelope.defaults()
        .decrypt(
            DecryptRequest.builder()
                .materialsManager(manager)
                .encryptionContext(reproduced)
                .ciphertext(ciphertext)
                .build());
  }

  private static boolean contains(byte[] haystack, String needle) {
    return new String(haystack, StandardCharsets.ISO_8859_1).contains(needle);
  }

  @ParameterizedTest
  @EnumSource(
      value = AlgorithmSuite.class,
      names = {
        "AES_256_GCM_HKDF_SHA512_COMMIT_KEY",
        "AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384"
      })
  void requiredKeys_authenticatedNotStored_decryptWithReproducedContext(AlgorithmSuite suite)
      throws IOException {
    byte[] plaintext = Fixtures.plaintext(40);
    EncryptResult encrypted = encrypt(suite, plaintext);
    byte[] message = encrypted.ciphertext();

    assertFalse(contains(message, "acme-tenant"), "a required value must not be in the message");
    assertFalse(contains(message, "tenant"), "a required key must not be in the message");
    assertTrue(contains(message, "invoices"));
    assertFalse(encrypted.info().encryptionContext().containsKey("tenant"));
    assertEquals("invoices", encrypted.info().encryptionContext().get("purpose"));

    Map<String, String> reproduced = Map.of("tenant", "acme-tenant", "region", "eu");
    DecryptResult viaManager = decrypt(manager(Fixtures.keyring()), reproduced, message);
    assertArrayEquals(plaintext, viaManager.plaintext());
    assertFalse(viaManager.encryptionContext().containsKey("tenant"), "reports what is stored");

    // The default manager over the same keyring reads it too, given the reproduced context.
    DecryptResult viaKeyring =
        Envelope.defaults()
            .decrypt(
                DecryptRequest.builder()
                    .keyring(Fixtures.keyring())
                    .encryptionContext(
                        Map.of("purpose", "invoices", "tenant", "acme-tenant", "region", "eu"))
                    .ciphertext(message)
                    .build());
    assertArrayEquals(plaintext, viaKeyring.plaintext());

    DecryptRequest streamRequest =
        DecryptRequest.builder()
            .materialsManager(manager(Fixtures.keyring()))
            .encryptionContext(reproduced)
            .build();
    try (DecryptingInputStream in =
        Envelope.defaults().decryptingStream(new ByteArrayInputStream(message), streamRequest)) {
      assertArrayEquals(plaintext, Fixtures.readAll(in, 7));
    }
  }

  @Test
  void reproducedContext_wrongMissingOrExtraRequiredValue_refused() {
    byte[] message = encrypt(UNSIGNED, Fixtures.plaintext(5)).ciphertext();
    Keyring keyring = Fixtures.keyring();
    for (Map<String, String> reproduced :
        List.<Map<String, String>>of(
            Map.of("tenant", "other", "region", "eu"),
            Map.of("tenant", "acme-tenant"),
            Map.of("tenant", "acme-tenant", "region", "eu", "extra", "x"))) {
      Map<String, String> r = new HashMap<>(reproduced);
      EnvelopeException e =
          assertThrows(
              EnvelopeException.class,
              () ->
                  Envelope.defaults()
                      .decrypt(
                          DecryptRequest.builder()
                              .keyring(keyring)
                              .encryptionContext(r)
                              .ciphertext(message)
                              .build()));
      assertTrue(
          e instanceof BadCiphertextException || e instanceof NoDecryptionKeyException,
          e.toString());
    }
  }

  @Test
  void headerTag_aloneAuthenticatesRequiredPart_contextBlindKeyring() {
    // This keyring ignores the context, so only the header tag can catch a wrong required value.
    Keyring blind = new ContextBlindKeyring();
    byte[] message =
        Envelope.defaults()
            .encrypt(
                EncryptRequest.builder()
                    .materialsManager(manager(blind))
                    .suite(UNSIGNED)
                    .encryptionContext(CONTEXT)
                    .plaintext(new byte[] {1, 2, 3})
                    .build())
            .ciphertext();
    assertArrayEquals(
        new byte[] {1, 2, 3},
        decrypt(manager(blind), Map.of("tenant", "acme-tenant", "region", "eu"), message)
            .plaintext());
    BadCiphertextException e =
        assertThrows(
            BadCiphertextException.class,
            () -> decrypt(manager(blind), Map.of("tenant", "other", "region", "eu"), message));
    assertTrue(e.getMessage().contains("header authentication failed"), e.getMessage());
    assertTrue(e.getMessage().contains("tenant"), e.getMessage());
    assertThrows(
        BadCiphertextException.class,
        () ->
            Envelope.defaults()
                .decrypt(DecryptRequest.builder().keyring(blind).ciphertext(message).build()));
  }

  @Test
  void requiredManager_missingKey_refusedOnEncryptAndBeforeAnyKeyringOnDecrypt() {
    AtomicInteger calls = new AtomicInteger();
    Keyring counting = TamperTest.countingKeyring(calls);
    IllegalArgumentException onEncrypt =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Envelope.defaults()
                    .encrypt(
                        EncryptRequest.builder()
                            .materialsManager(manager(counting))
                            .encryptionContext(Map.of("tenant", "t"))
                            .plaintext(new byte[1])
                            .build()));
    assertTrue(onEncrypt.getMessage().contains("required key region"), onEncrypt.getMessage());

    byte[] message = encrypt(SIGNED, Fixtures.plaintext(3)).ciphertext();
    IllegalArgumentException onDecrypt =
        assertThrows(
            IllegalArgumentException.class,
            () -> decrypt(manager(counting), Map.of("tenant", "acme-tenant"), message));
    assertTrue(onDecrypt.getMessage().contains("required key region"), onDecrypt.getMessage());
    assertEquals(0, calls.get(), "no keyring may run");
  }

  @Test
  void storedPair_differentReproducedValue_refusedBeforeAnyKeyring() {
    byte[] message = encrypt(UNSIGNED, Fixtures.plaintext(3)).ciphertext();
    AtomicInteger calls = new AtomicInteger();
    Map<String, String> reproduced = new LinkedHashMap<>();
    reproduced.put("tenant", "acme-tenant");
    reproduced.put("region", "eu");
    reproduced.put("purpose", "payroll");
    BadCiphertextException e =
        assertThrows(
            BadCiphertextException.class,
            () -> decrypt(manager(TamperTest.countingKeyring(calls)), reproduced, message));
    assertTrue(e.getMessage().contains("purpose"), e.getMessage());
    assertEquals(0, calls.get());
  }

  @Test
  void underlyingManager_dropsRequiredKey_refused() {
    MaterialsManager dropping =
        new MaterialsManager() {
          private final MaterialsManager inner = DefaultMaterialsManager.of(Fixtures.keyring());

          @Override
          public EncryptionMaterials encryptionMaterials(EncryptionMaterialsRequest request) {
            Map<String, String> fewer = new HashMap<>(request.encryptionContext());
            fewer.remove("region");
            return inner.encryptionMaterials(
                new EncryptionMaterialsRequest(
                    fewer,
                    request.requestedSuite(),
                    request.commitmentPolicy(),
                    request.plaintextLengthBytes()));
          }

          @Override
          public DecryptionMaterials decryptionMaterials(DecryptionMaterialsRequest request) {
            return inner.decryptionMaterials(request);
          }
        };
    EnvelopeException e =
        assertThrows(
            EnvelopeException.class,
            () ->
                Envelope.defaults()
                    .encrypt(
                        EncryptRequest.builder()
                            .materialsManager(
                                RequiredEncryptionContextMaterialsManager.of(
                                    Set.of("region"), dropping))
                            .encryptionContext(CONTEXT)
                            .plaintext(new byte[1])
                            .build()));
    assertTrue(e.getMessage().contains("region"), e.getMessage());
  }

  @Test
  void requiredManager_emptyKeys_refused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> RequiredEncryptionContextMaterialsManager.of(Set.of(), Fixtures.keyring()));
  }

  @Test
  void materials_requiredKeyOutsideContext_refused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                EncryptionMaterials.builder(UNSIGNED)
                    .encryptionContext(Map.of("a", "1"))
                    .requiredEncryptionContextKeys(Set.of("b"))
                    .build());
    assertTrue(e.getMessage().contains("b"), e.getMessage());
  }

  /** Test-only keyring that stores the data key in the clear and ignores the context. */
  private static final class ContextBlindKeyring implements Keyring {
    @Override
    public EncryptionMaterials onEncrypt(EncryptionMaterials materials) {
      DataKey key =
          DataKey.generate(materials.suite().dataKeyLengthBytes(), new Fixtures.SeededRandom(9));
      byte[] bytes = key.revealCopy();
      return materials
          .withDataKey(key)
          .withEncryptedDataKey(EncryptedDataKey.of("blind", new byte[0], bytes));
    }

    @Override
    public DecryptionMaterials onDecrypt(
        DecryptionMaterials materials, List<EncryptedDataKey> keys) {
      for (EncryptedDataKey k : keys) {
        if (k.providerId().equals("blind")) {
          return materials.withDataKey(DataKey.copyOf(k.ciphertext()));
        }
      }
      return materials;
    }
  }
}
