package io.envelope4j.interop.required;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoAlgorithm;
import com.amazonaws.encryptionsdk.CryptoResult;
import io.envelope4j.AlgorithmSuite;
import io.envelope4j.DecryptRequest;
import io.envelope4j.DecryptResult;
import io.envelope4j.EncryptRequest;
import io.envelope4j.Envelope;
import io.envelope4j.EnvelopeException;
import io.envelope4j.interop.LoopbackOnly;
import io.envelope4j.keyring.RawAesKeyring;
import io.envelope4j.materials.RequiredEncryptionContextMaterialsManager;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.cryptography.materialproviders.ICryptographicMaterialsManager;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.AesWrappingAlg;
import software.amazon.cryptography.materialproviders.model.CreateDefaultCryptographicMaterialsManagerInput;
import software.amazon.cryptography.materialproviders.model.CreateRawAesKeyringInput;
import software.amazon.cryptography.materialproviders.model.CreateRequiredEncryptionContextCMMInput;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

/**
 * The required encryption context manager against the ESDK for Java 3.0.2's {@code
 * RequiredEncryptionContextCMM}, both directions, both committing suites: each side encrypts with
 * required keys that stay out of the header, the other decrypts with the reproduced context
 * (through its required-context manager and through a plain keyring), and both refuse a wrong or
 * missing reproduced value.
 */
@ExtendWith(LoopbackOnly.class)
class RequiredContextInteropTest {
  private static final String NAMESPACE = "envelope4j-interop";
  private static final String KEY_NAME = "required-context";
  private static final byte[] WRAPPING_KEY = bytes(32, 11);
  private static final List<String> REQUIRED = List.of("tenant", "region");
  private static final Map<String, String> CONTEXT =
      Map.of("tenant", "acme-tenant", "region", "eu-central", "purpose", "invoices");
  private static final Map<String, String> REPRODUCED =
      Map.of("tenant", "acme-tenant", "region", "eu-central");
  private static final Map<String, String> WRONG =
      Map.of("tenant", "acme-tenant", "region", "us-east");

  private static final MaterialProviders MPL =
      MaterialProviders.builder()
          .MaterialProvidersConfig(MaterialProvidersConfig.builder().build())
          .build();

  static Stream<Arguments> cases() {
    return Stream.of(0, 1, 100)
        .flatMap(
            size ->
                Stream.of(
                    Arguments.of(AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY, size),
                    Arguments.of(
                        AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384, size)));
  }

  private static byte[] bytes(int length, long seed) {
    byte[] b = new byte[length];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  private static IKeyring esdkKeyring() {
    return MPL.CreateRawAesKeyring(
        CreateRawAesKeyringInput.builder()
            .keyNamespace(NAMESPACE)
            .keyName(KEY_NAME)
            .wrappingKey(ByteBuffer.wrap(WRAPPING_KEY))
            .wrappingAlg(AesWrappingAlg.ALG_AES256_GCM_IV12_TAG16)
            .build());
  }

  private static ICryptographicMaterialsManager esdkRequiredCmm() {
    ICryptographicMaterialsManager defaultCmm =
        MPL.CreateDefaultCryptographicMaterialsManager(
            CreateDefaultCryptographicMaterialsManagerInput.builder()
                .keyring(esdkKeyring())
                .build());
    return MPL.CreateRequiredEncryptionContextCMM(
        CreateRequiredEncryptionContextCMMInput.builder()
            .underlyingCMM(defaultCmm)
            .requiredEncryptionContextKeys(REQUIRED)
            .build());
  }

  private static RawAesKeyring ourKeyring() {
    return RawAesKeyring.builder()
        .keyNamespace(NAMESPACE)
        .keyName(KEY_NAME)
        .wrappingKey(WRAPPING_KEY)
        .build();
  }

  private static RequiredEncryptionContextMaterialsManager ourRequiredManager() {
    return RequiredEncryptionContextMaterialsManager.of(Set.copyOf(REQUIRED), ourKeyring());
  }

  private static AwsCrypto esdk(AlgorithmSuite suite) {
    return AwsCrypto.builder()
        .withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt)
        .withEncryptionAlgorithm(
            suite.isSigned()
                ? CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384
                : CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY)
        .withEncryptionFrameSize(64)
        .build();
  }

  private static boolean contains(byte[] message, String text) {
    return new String(message, StandardCharsets.ISO_8859_1).contains(text);
  }

  @ParameterizedTest(name = "{0} plaintext {1}")
  @MethodSource("cases")
  void esdkRequiredCmmEncrypts_envelope4jDecryptsWithReproducedContext(
      AlgorithmSuite suite, int size) {
    byte[] plaintext = bytes(size, size);
    byte[] message = esdk(suite).encryptData(esdkRequiredCmm(), plaintext, CONTEXT).getResult();
    assertFalse(contains(message, "acme-tenant"), "the ESDK stores no required value");
    assertTrue(contains(message, "invoices"));

    DecryptResult viaManager =
        Envelope.defaults()
            .decrypt(
                DecryptRequest.builder()
                    .materialsManager(ourRequiredManager())
                    .encryptionContext(REPRODUCED)
                    .ciphertext(message)
                    .build());
    assertArrayEquals(plaintext, viaManager.plaintext());
    assertEquals(suite, viaManager.info().suite());
    assertEquals("invoices", viaManager.encryptionContext().get("purpose"));
    assertFalse(viaManager.encryptionContext().containsKey("tenant"));

    DecryptResult viaKeyring =
        Envelope.defaults()
            .decrypt(
                DecryptRequest.builder()
                    .keyring(ourKeyring())
                    .encryptionContext(CONTEXT)
                    .ciphertext(message)
                    .build());
    assertArrayEquals(plaintext, viaKeyring.plaintext());

    for (Map<String, String> bad :
        List.<Map<String, String>>of(WRONG, Map.of("tenant", "acme-tenant"), Map.of())) {
      assertThrows(
          EnvelopeException.class,
          () ->
              Envelope.defaults()
                  .decrypt(
                      DecryptRequest.builder()
                          .keyring(ourKeyring())
                          .encryptionContext(bad)
                          .ciphertext(message)
                          .build()));
    }
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Envelope.defaults()
                .decrypt(
                    DecryptRequest.builder()
                        .materialsManager(ourRequiredManager())
                        .encryptionContext(Map.of("tenant", "acme-tenant"))
                        .ciphertext(message)
                        .build()));
  }

  @ParameterizedTest(name = "{0} plaintext {1}")
  @MethodSource("cases")
  void envelope4jRequiredManagerEncrypts_esdkDecryptsWithReproducedContext(
      AlgorithmSuite suite, int size) {
    byte[] plaintext = bytes(size, size + 7);
    byte[] message =
        Envelope.defaults()
            .encrypt(
                EncryptRequest.builder()
                    .materialsManager(ourRequiredManager())
                    .suite(suite)
                    .frameLengthBytes(64)
                    .encryptionContext(CONTEXT)
                    .plaintext(plaintext)
                    .build())
            .ciphertext();
    assertFalse(contains(message, "acme-tenant"), "envelope4j stores no required value");

    CryptoResult<byte[], ?> viaCmm =
        esdk(suite).decryptData(esdkRequiredCmm(), message, REPRODUCED);
    assertArrayEquals(plaintext, viaCmm.getResult());
    assertEquals("invoices", viaCmm.getHeaders().getEncryptionContextMap().get("purpose"));
    assertFalse(viaCmm.getHeaders().getEncryptionContextMap().containsKey("tenant"));

    CryptoResult<byte[], ?> viaKeyring = esdk(suite).decryptData(esdkKeyring(), message, CONTEXT);
    assertArrayEquals(plaintext, viaKeyring.getResult());

    assertThrows(
        RuntimeException.class, () -> esdk(suite).decryptData(esdkKeyring(), message, WRONG));
    assertThrows(RuntimeException.class, () -> esdk(suite).decryptData(esdkKeyring(), message));
    assertThrows(
        RuntimeException.class,
        () -> esdk(suite).decryptData(esdkRequiredCmm(), message, Map.of("tenant", "acme-tenant")));
  }
}
