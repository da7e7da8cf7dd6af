package io.envelope4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.envelope4j.keyring.EncryptedDataKey;
import io.envelope4j.keyring.Keyring;
import io.envelope4j.materials.DataKey;
import io.envelope4j.materials.DecryptionMaterials;
import io.envelope4j.materials.EncryptionMaterials;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The nine legacy (message format v1) suites: written only under FORBID_ENCRYPT_ALLOW_DECRYPT, read
 * under both ALLOW_DECRYPT policies, refused after the header under the default policy, and
 * non-framed bodies read within their bound. The proof against other implementations is in the
 * interop module ({@code io.envelope4j.interop.legacy}).
 */
class LegacySuitesTest {
  private static final Envelope FORBID =
      Envelope.builder()
          .commitmentPolicy(CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT)
          .secureRandom(new Fixtures.SeededRandom(3))
          .build();
  private static final Envelope ALLOW =
      Envelope.builder().commitmentPolicy(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT).build();
  private static final int FRAME = 64;

  static Stream<AlgorithmSuite> legacySuites() {
    return Stream.of(AlgorithmSuite.values()).filter(s -> s.messageFormatVersion() == 1);
  }

  @Test
  void legacySuites_areTheNineV1Suites() {
    assertEquals(
        List.of(0x0014, 0x0046, 0x0078, 0x0114, 0x0146, 0x0178, 0x0214, 0x0346, 0x0378),
        legacySuites().map(AlgorithmSuite::id).toList());
  }

  @ParameterizedTest
  @MethodSource("legacySuites")
  void legacySuite_forbidPolicy_writesV1ThatEveryApiReads(AlgorithmSuite suite) throws IOException {
    for (int length : new int[] {0, 1, FRAME, FRAME + 1, 3 * FRAME + 7}) {
      byte[] plaintext = Fixtures.plaintext(length);
      EncryptRequest request =
          EncryptRequest.builder()
              .keyring(Fixtures.keyring())
              .suite(suite)
              .frameLengthBytes(FRAME)
              .encryptionContext(Map.of("purpose", "legacy"))
              .plaintext(plaintext)
              .build();
      byte[] message = FORBID.encrypt(request).ciphertext();
      assertEquals(1, message[0], "format version");
      assertEquals(0x80, message[1] & 0xFF, "message type");
      assertEquals(suite.id(), ((message[2] & 0xFF) << 8) | (message[3] & 0xFF));

      ByteArrayOutputStream streamed = new ByteArrayOutputStream();
      try (OutputStream out = FORBID.encryptingStream(streamed, request)) {
        out.write(plaintext);
      }

      byte[] pulled =
          Fixtures.readAll(
              FORBID.encryptingInputStream(new ByteArrayInputStream(plaintext), request), 11);
      assertEquals(1, pulled[0], "format version of the pulled message");

      for (Envelope reader : List.of(FORBID, ALLOW)) {
        for (byte[] m : List.of(message, streamed.toByteArray(), pulled)) {
          DecryptRequest decrypt =
              DecryptRequest.builder()
                  .keyring(Fixtures.keyring())
                  .encryptionContext(Map.of("purpose", "legacy"))
                  .ciphertext(m)
                  .build();
          DecryptResult result = reader.decrypt(decrypt);
          assertArrayEquals(plaintext, result.plaintext(), suite + " " + length);
          assertEquals(suite, result.suite());
          assertEquals(suite.isSigned(), result.encryptionContext().containsKey(PUBLIC_KEY));
          byte[] read =
              Fixtures.readAll(reader.decryptingStream(new ByteArrayInputStream(m), decrypt), 7);
          assertArrayEquals(plaintext, read, suite + " stream " + length);
        }
      }
    }
  }

  private static final String PUBLIC_KEY = "aws-crypto-public-key";

  @Test
  void forbidPolicy_withoutSuite_writes0x0378() {
    EncryptResult result =
        FORBID.encrypt(
            EncryptRequest.builder().keyring(Fixtures.keyring()).plaintext(new byte[5]).build());
    assertEquals(AlgorithmSuite.AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384, result.suite());
  }

  @ParameterizedTest
  @MethodSource("legacySuites")
  void legacySuite_requireEncryptPolicies_refusedOnEncrypt(AlgorithmSuite suite) {
    for (CommitmentPolicy policy :
        List.of(
            CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT,
            CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT)) {
      Envelope envelope = Envelope.builder().commitmentPolicy(policy).build();
      EncryptRequest request =
          EncryptRequest.builder()
              .keyring(Fixtures.keyring())
              .suite(suite)
              .plaintext(new byte[1])
              .build();
      CommitmentPolicyException e =
          assertThrows(CommitmentPolicyException.class, () -> envelope.encrypt(request));
      assertTrue(e.getMessage().contains(suite.hexId()), e.getMessage());
    }
  }

  @ParameterizedTest
  @MethodSource("legacySuites")
  void legacyMessage_defaultPolicy_refusedAfterHeaderWithZeroKeyringCalls(AlgorithmSuite suite) {
    byte[] message =
        FORBID
            .encrypt(
                EncryptRequest.builder()
                    .keyring(Fixtures.keyring())
                    .suite(suite)
                    .plaintext(new byte[100])
                    .build())
            .ciphertext();
    AtomicInteger calls = new AtomicInteger();
    Keyring counting = TamperTest.countingKeyring(calls);
    DecryptRequest request = DecryptRequest.builder().keyring(counting).ciphertext(message).build();

    CommitmentPolicyException oneShot =
        assertThrows(CommitmentPolicyException.class, () -> Envelope.defaults().decrypt(request));
    IOException stream =
        assertThrows(
            IOException.class,
            () ->
                Envelope.defaults()
                    .decryptingStream(new ByteArrayInputStream(message), request)
                    .read());
    assertInstanceOf(CommitmentPolicyException.class, stream.getCause());
    for (String text : List.of(oneShot.getMessage(), stream.getCause().getMessage())) {
      assertTrue(text.contains(suite.hexId()), text);
      assertTrue(text.contains("REQUIRE_ENCRYPT_REQUIRE_DECRYPT"), text);
    }
    assertEquals(0, calls.get(), "no keyring may run for a refused suite");
  }

  @Test
  void nonFramed_withinBound_readByEveryApi() throws IOException {
    for (AlgorithmSuite suite :
        List.of(
            AlgorithmSuite.AES_128_GCM_IV12_TAG16_NO_KDF,
            AlgorithmSuite.AES_256_GCM_IV12_TAG16_NO_KDF)) {
      for (int length : new int[] {0, 1, 1000}) {
        byte[] plaintext = Fixtures.plaintext(length);
        byte[] message = NonFramed.message(suite, plaintext);
        DecryptRequest request =
            DecryptRequest.builder().keyring(NonFramed.keyring(suite)).ciphertext(message).build();
        assertArrayEquals(plaintext, ALLOW.decrypt(request).plaintext());
        assertArrayEquals(
            plaintext,
            Fixtures.readAll(
                ALLOW.decryptingStream(new ByteArrayInputStream(message), request), 3));
        Envelope exact =
            Envelope.builder()
                .commitmentPolicy(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT)
                .maxNonFramedBodyBytes(length)
                .build();
        assertArrayEquals(plaintext, exact.decrypt(request).plaintext(), "bound is inclusive");
      }
    }
  }

  @Test
  void nonFramed_overBound_refusedBeforeBufferingNamingTheBound() {
    AlgorithmSuite suite = AlgorithmSuite.AES_256_GCM_IV12_TAG16_NO_KDF;
    byte[] message = NonFramed.message(suite, Fixtures.plaintext(1001));
    Envelope small =
        Envelope.builder()
            .commitmentPolicy(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT)
            .maxNonFramedBodyBytes(1000)
            .build();
    DecryptRequest request =
        DecryptRequest.builder().keyring(NonFramed.keyring(suite)).ciphertext(message).build();
    BadCiphertextException oneShot =
        assertThrows(BadCiphertextException.class, () -> small.decrypt(request));
    IOException stream =
        assertThrows(
            IOException.class,
            () ->
                Fixtures.readAll(
                    small.decryptingStream(new ByteArrayInputStream(message), request), 64));
    for (String text : List.of(oneShot.getMessage(), stream.getCause().getMessage())) {
      assertTrue(text.contains("1001"), text);
      assertTrue(text.contains("maxNonFramedBodyBytes 1000"), text);
    }
    assertEquals(
        Envelope.DEFAULT_MAX_NON_FRAMED_BODY_BYTES, Envelope.defaults().maxNonFramedBodyBytes());
  }

  @Test
  void nonFramed_hugeLengthField_refusedWithoutAllocating() {
    AlgorithmSuite suite = AlgorithmSuite.AES_256_GCM_IV12_TAG16_NO_KDF;
    byte[] message = NonFramed.message(suite, new byte[10]);
    int lengthField = NonFramed.headerLength(suite) + 12;
    ByteBuffer.wrap(message, lengthField, 8).putLong(Long.MAX_VALUE);
    DecryptRequest request =
        DecryptRequest.builder().keyring(NonFramed.keyring(suite)).ciphertext(message).build();
    BadCiphertextException e =
        assertThrows(BadCiphertextException.class, () -> ALLOW.decrypt(request));
    assertTrue(e.getMessage().contains(Long.toString(Long.MAX_VALUE)), e.getMessage());
    IOException stream =
        assertThrows(
            IOException.class,
            () -> ALLOW.decryptingStream(new ByteArrayInputStream(message), request).read());
    assertInstanceOf(BadCiphertextException.class, stream.getCause());
  }

  @Test
  void nonFramed_tamperedBody_releasesNothing() {
    AlgorithmSuite suite = AlgorithmSuite.AES_128_GCM_IV12_TAG16_NO_KDF;
    byte[] message = NonFramed.message(suite, Fixtures.plaintext(50));
    message[NonFramed.headerLength(suite) + 25] ^= 1;
    DecryptRequest request =
        DecryptRequest.builder().keyring(NonFramed.keyring(suite)).ciphertext(message).build();
    assertThrows(BadCiphertextException.class, () -> ALLOW.decrypt(request));
    byte[] buf = new byte[100];
    IOException e =
        assertThrows(
            IOException.class,
            () -> ALLOW.decryptingStream(new ByteArrayInputStream(message), request).read(buf));
    assertInstanceOf(BadCiphertextException.class, e.getCause());
    assertArrayEquals(new byte[100], buf, "nothing of the body may reach the caller");
  }

  /**
   * Builds non-framed v1 messages by hand, straight from the specification's layout, for the
   * unsigned no-KDF suites (envelope4j never writes them; ESDK Java's are read in the interop
   * module). The data key is fixed and handed out by {@link #keyring}.
   */
  static final class NonFramed {
    private static final byte[] PROVIDER = "test".getBytes(StandardCharsets.UTF_8);
    private static final byte[] MESSAGE_ID = Fixtures.key(16, 40);

    static int headerLength(AlgorithmSuite suite) {
      return 1 + 1 + 2 + 16 + 2 + 2 + 3 * 2 + 3 * PROVIDER.length + 1 + 4 + 1 + 4 + 12 + 16;
    }

    static byte[] message(AlgorithmSuite suite, byte[] plaintext) {
      SecretKeySpec key = new SecretKeySpec(dataKey(suite), "AES");
      ByteBuffer body = ByteBuffer.allocate(headerLength(suite) - 28);
      body.put((byte) 1).put((byte) 0x80).putShort((short) suite.id()).put(MESSAGE_ID);
      body.putShort((short) 0).putShort((short) 1);
      for (int i = 0; i < 3; i++) {
        body.putShort((short) PROVIDER.length).put(PROVIDER);
      }
      body.put((byte) 1).putInt(0).put((byte) 12).putInt(0);
      byte[] headerIv = Fixtures.key(12, 90);
      byte[] headerTag = gcm(key, headerIv, body.array(), new byte[0]);

      byte[] label = "AWSKMSEncryptionClient Single Block".getBytes(StandardCharsets.US_ASCII);
      ByteBuffer aad = ByteBuffer.allocate(16 + label.length + 12);
      aad.put(MESSAGE_ID).put(label).putInt(1).putLong(plaintext.length);
      byte[] iv = Fixtures.key(12, 120);
      byte[] sealed = gcm(key, iv, aad.array(), plaintext);

      return ByteBuffer.allocate(headerLength(suite) + 20 + sealed.length)
          .put(body.array())
          .put(headerIv)
          .put(headerTag)
          .put(iv)
          .putLong(plaintext.length)
          .put(sealed)
          .array();
    }

    private static byte[] gcm(SecretKeySpec key, byte[] iv, byte[] aad, byte[] plaintext) {
      try {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
        cipher.updateAAD(aad);
        return cipher.doFinal(plaintext);
      } catch (java.security.GeneralSecurityException e) {
        throw new AssertionError(e);
      }
    }

    private static byte[] dataKey(AlgorithmSuite suite) {
      return Fixtures.key(suite.dataKeyLengthBytes(), 60);
    }

    static Keyring keyring(AlgorithmSuite suite) {
      return new Keyring() {
        @Override
        public EncryptionMaterials onEncrypt(EncryptionMaterials materials) {
          throw new UnsupportedOperationException("decrypt only");
        }

        @Override
        public DecryptionMaterials onDecrypt(
            DecryptionMaterials materials, List<EncryptedDataKey> keys) {
          return materials.withDataKey(DataKey.copyOf(dataKey(suite)));
        }
      };
    }
  }
}
