package io.envelope4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.envelope4j.keyring.Keyring;
import io.envelope4j.keyring.RawRsaKeyring;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Security;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Cipher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs only in core's {@code jvm-environment} surefire execution, a JVM of its own started with the
 * {@code tr-TR} default locale and BouncyCastle as the first JCA provider (see core/pom.xml). It
 * first proves that environment is in force, then exercises every suite and keyring; the same
 * execution reruns the known-answer, round-trip and keyring suites, whose expected values come from
 * the ESDKs, so behaviour there is the same as under the default environment.
 */
@Tag("jvm-environment")
class JvmEnvironmentTest {
  private static final Map<String, String> CONTEXT =
      Map.of("TITLE", "İstanbul", "title", "ı", "ID", "i");

  @BeforeAll
  static void environmentIsInForce() throws Exception {
    assertEquals("tr-TR", Locale.getDefault().toLanguageTag());
    assertEquals("tıtle", "TITLE".toLowerCase(), "the Turkish dotless i is active");
    assertEquals("BC", Security.getProviders()[0].getName());
    assertEquals("BC", Cipher.getInstance("AES/GCM/NoPadding").getProvider().getName());
    assertEquals("BC", MessageDigest.getInstance("SHA-512").getProvider().getName());
  }

  private static Envelope forbid() {
    return Envelope.builder()
        .commitmentPolicy(CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT)
        .build();
  }

  private static Envelope forSuite(AlgorithmSuite suite) {
    return suite.isCommitting() ? Envelope.defaults() : forbid();
  }

  @ParameterizedTest
  @EnumSource(AlgorithmSuite.class)
  void everySuite_rawAes_roundTripsInEveryApi(AlgorithmSuite suite) throws IOException {
    roundTrip(suite, Fixtures.keyring());
  }

  @ParameterizedTest
  @EnumSource(RawRsaKeyring.Padding.class)
  void everyRsaPadding_roundTrips(RawRsaKeyring.Padding padding) throws IOException {
    RawRsaKeyring keyring =
        RawRsaKeyring.builder()
            .keyNamespace("envelope4j-test")
            .keyName("rsa-2048")
            .padding(padding)
            .publicKeyPem(resource("rsa/rsa-2048-public.pem"))
            .privateKeyPem(resource("rsa/rsa-2048-private.pem"))
            .build();
    roundTrip(AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384, keyring);
  }

  @Test
  void errorMessages_hexAndNumbers_localeIndependent() {
    BadCiphertextException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            BadCiphertextException.class,
            () ->
                Envelope.defaults()
                    .decrypt(
                        DecryptRequest.builder()
                            .keyring(Fixtures.keyring())
                            .ciphertext(new byte[] {2, (byte) 0xAB, (byte) 0xCD})
                            .build()));
    assertEquals("algorithm suite id 0xABCD is not a known suite", e.getMessage());
    assertEquals("0x0578", AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384.hexId());
  }

  private static void roundTrip(AlgorithmSuite suite, Keyring keyring) throws IOException {
    byte[] plaintext = Fixtures.plaintext(300);
    Envelope envelope = forSuite(suite);
    byte[] message =
        envelope
            .encrypt(
                EncryptRequest.builder()
                    .keyring(keyring)
                    .suite(suite)
                    .frameLengthBytes(128)
                    .encryptionContext(CONTEXT)
                    .plaintext(plaintext)
                    .build())
            .ciphertext();
    DecryptRequest request =
        DecryptRequest.builder()
            .keyring(keyring)
            .encryptionContext(CONTEXT)
            .ciphertext(message)
            .build();
    DecryptResult result = envelope.decrypt(request);
    assertArrayEquals(plaintext, result.plaintext());
    assertEquals("İstanbul", result.encryptionContext().get("TITLE"));
    try (InputStream in = envelope.decryptingStream(new ByteArrayInputStream(message), request)) {
      assertArrayEquals(plaintext, Fixtures.readAll(in, 100));
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = JvmEnvironmentTest.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }
}
