package io.envelope4j.interop.legacy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CryptoAlgorithm;
import com.amazonaws.encryptionsdk.CryptoResult;
import io.envelope4j.AlgorithmSuite;
import io.envelope4j.BadCiphertextException;
import io.envelope4j.CommitmentPolicy;
import io.envelope4j.CommitmentPolicyException;
import io.envelope4j.DecryptRequest;
import io.envelope4j.DecryptResult;
import io.envelope4j.EncryptRequest;
import io.envelope4j.Envelope;
import io.envelope4j.interop.LoopbackOnly;
import io.envelope4j.keyring.EncryptedDataKey;
import io.envelope4j.keyring.Keyring;
import io.envelope4j.materials.DecryptionMaterials;
import io.envelope4j.materials.EncryptionMaterials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 3's interop proof: ESDK Java 3.0.2 and ESDK JS 5.0.2 each write all eleven suites (legacy
 * ones under FORBID_ENCRYPT_ALLOW_DECRYPT, committing ones under the default policy) with the raw
 * AES key and the raw RSA key in every padding, framed at plaintext sizes 0, 1, frame and frame+1,
 * and ESDK Java also non-framed (frame size 0); envelope4j reads every message with its one-shot
 * API and its decrypting stream. The other way, envelope4j writes the same grid under the same
 * policies and both ESDKs read it (ESDK JS under node's {@code --security-revert=CVE-2023-46809} so
 * that PKCS#1 v1.5 decryption runs).
 */
@ExtendWith(LoopbackOnly.class)
class LegacyInteropTest {
  private static final int FRAME = 64;
  private static final int[] SIZES = {0, 1, FRAME, FRAME + 1};
  private static final Map<String, String> CONTEXT = Map.of("purpose", "legacy-interop", "n", "1");
  private static final Envelope READER =
      Envelope.builder().commitmentPolicy(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT).build();
  private static final String READ_POLICY = "REQUIRE_ENCRYPT_ALLOW_DECRYPT";

  static List<LegacyCase> grid(int frameLength) {
    List<LegacyCase> cases = new ArrayList<>();
    for (AlgorithmSuite suite : AlgorithmSuite.values()) {
      for (LegacyKey key : LegacyKey.all()) {
        for (int size : SIZES) {
          cases.add(
              new LegacyCase(
                  suite.hexId() + " " + key + " frame " + frameLength + " " + size + " bytes",
                  suite,
                  frameLength,
                  key,
                  CONTEXT,
                  plaintext(size, suite.id() * 31L + size)));
        }
      }
    }
    return cases;
  }

  static byte[] plaintext(int length, long seed) {
    byte[] p = new byte[length];
    new SplittableRandom(seed).nextBytes(p);
    return p;
  }

  @TestFactory
  Stream<DynamicTest> esdkJavaWritesEverySuiteAndKey_envelope4jReads() {
    List<DynamicTest> tests = new ArrayList<>();
    for (int frameLength : new int[] {FRAME, 0}) {
      for (LegacyCase c : grid(frameLength)) {
        byte[] message = EsdkJava.encrypt(c);
        tests.add(
            DynamicTest.dynamicTest(
                "ESDK Java writes " + c + "; envelope4j reads",
                () -> assertEnvelope4jReads(c, message)));
      }
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> esdkJsWritesEverySuiteAndKey_envelope4jReads() {
    List<LegacyCase> cases = grid(FRAME);
    List<EsdkJsLegacy.Result> messages = new EsdkJsLegacy().encrypt(cases);
    List<DynamicTest> tests = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      LegacyCase c = cases.get(i);
      EsdkJsLegacy.Result result = messages.get(i);
      tests.add(
          DynamicTest.dynamicTest(
              "ESDK JS writes " + c + "; envelope4j reads",
              () -> assertEnvelope4jReads(c, result.outputOrFail("to encrypt " + c))));
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> envelope4jWritesEverySuiteAndKey_bothEsdksRead() {
    List<LegacyCase> cases = grid(FRAME);
    List<byte[]> messages = new ArrayList<>();
    List<LegacyKey> keys = new ArrayList<>();
    for (LegacyCase c : cases) {
      messages.add(Envelope4jWriter.encrypt(c));
      keys.add(c.key());
    }
    List<EsdkJsLegacy.Result> jsResults = new EsdkJsLegacy().decrypt(keys, messages, READ_POLICY);
    List<DynamicTest> tests = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      LegacyCase c = cases.get(i);
      byte[] message = messages.get(i);
      EsdkJsLegacy.Result js = jsResults.get(i);
      tests.add(
          DynamicTest.dynamicTest(
              "envelope4j writes " + c + "; ESDK Java reads",
              () -> {
                assertEquals(c.suite().messageFormatVersion(), message[0]);
                CryptoResult<byte[], ?> read = EsdkJava.decrypt(c.key(), message);
                assertArrayEquals(c.plaintext(), read.getResult());
                assertEquals(c.suite().id(), read.getCryptoAlgorithm().getValue() & 0xFFFF);
                for (Map.Entry<String, String> e : CONTEXT.entrySet()) {
                  assertEquals(e.getValue(), read.getEncryptionContext().get(e.getKey()));
                }
              }));
      tests.add(
          DynamicTest.dynamicTest(
              "envelope4j writes " + c + "; ESDK JS reads",
              () -> {
                assertArrayEquals(c.plaintext(), js.outputOrFail("to decrypt " + c));
                assertEquals(c.suite().id(), js.suite());
              }));
    }
    return tests.stream();
  }

  @Test
  void esdkLegacyMessages_defaultPolicy_refusedNamingPolicyAndSuite_noKeyringCall() {
    for (AlgorithmSuite suite : AlgorithmSuite.values()) {
      if (suite.isCommitting()) {
        continue;
      }
      LegacyCase c =
          new LegacyCase(suite.hexId(), suite, FRAME, LegacyKey.all().get(0), CONTEXT, new byte[9]);
      byte[] javaMessage = EsdkJava.encrypt(c);
      byte[] jsMessage = new EsdkJsLegacy().encrypt(List.of(c)).get(0).outputOrFail(c.id());
      for (byte[] message : List.of(javaMessage, jsMessage)) {
        AtomicInteger calls = new AtomicInteger();
        DecryptRequest request =
            DecryptRequest.builder().keyring(counting(calls)).ciphertext(message).build();
        CommitmentPolicyException e =
            assertThrows(
                CommitmentPolicyException.class, () -> Envelope.defaults().decrypt(request));
        assertTrue(e.getMessage().contains(suite.hexId()), e.getMessage());
        assertTrue(e.getMessage().contains("REQUIRE_ENCRYPT_REQUIRE_DECRYPT"), e.getMessage());
        IOException stream =
            assertThrows(
                IOException.class,
                () ->
                    Envelope.defaults()
                        .decryptingStream(new ByteArrayInputStream(message), request)
                        .read());
        assertTrue(stream.getCause() instanceof CommitmentPolicyException, stream.toString());
        assertEquals(0, calls.get(), "no keyring call for a refused legacy message");
      }
    }
  }

  @Test
  void esdkJavaNonFramedMessage_overTheBound_refusedWithinIt_read() throws IOException {
    AlgorithmSuite suite = AlgorithmSuite.AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384;
    LegacyCase c =
        new LegacyCase("non-framed", suite, 0, LegacyKey.all().get(0), CONTEXT, plaintext(65, 1));
    byte[] message = EsdkJava.encrypt(c);
    DecryptRequest request =
        DecryptRequest.builder().keyring(c.key().envelope4j()).ciphertext(message).build();
    Envelope tight =
        Envelope.builder()
            .commitmentPolicy(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT)
            .maxNonFramedBodyBytes(64)
            .build();
    BadCiphertextException e =
        assertThrows(BadCiphertextException.class, () -> tight.decrypt(request));
    assertTrue(e.getMessage().contains("maxNonFramedBodyBytes 64"), e.getMessage());
    IOException stream =
        assertThrows(
            IOException.class,
            () -> tight.decryptingStream(new ByteArrayInputStream(message), request).read());
    assertTrue(stream.getCause() instanceof BadCiphertextException, stream.toString());

    Envelope exact =
        Envelope.builder()
            .commitmentPolicy(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT)
            .maxNonFramedBodyBytes(65)
            .build();
    assertArrayEquals(c.plaintext(), exact.decrypt(request).plaintext());
  }

  private static void assertEnvelope4jReads(LegacyCase c, byte[] message) throws IOException {
    assertEquals(c.suite().messageFormatVersion(), message[0], "format version");
    DecryptRequest request =
        DecryptRequest.builder()
            .keyring(c.key().envelope4j())
            .encryptionContext(CONTEXT)
            .ciphertext(message)
            .build();
    DecryptResult result = READER.decrypt(request);
    assertArrayEquals(c.plaintext(), result.plaintext(), "one-shot");
    assertEquals(c.suite(), result.suite());
    assertEquals(c.frameLength(), result.info().frameLengthBytes());
    try (InputStream in = READER.decryptingStream(new ByteArrayInputStream(message), request)) {
      assertArrayEquals(c.plaintext(), in.readAllBytes(), "stream");
    }
  }

  private static Keyring counting(AtomicInteger calls) {
    return new Keyring() {
      @Override
      public EncryptionMaterials onEncrypt(EncryptionMaterials materials) {
        calls.incrementAndGet();
        throw new IllegalStateException("not used");
      }

      @Override
      public DecryptionMaterials onDecrypt(
          DecryptionMaterials materials, List<EncryptedDataKey> keys) {
        calls.incrementAndGet();
        throw new IllegalStateException("a refused message reached the keyring");
      }
    };
  }

  /** ESDK Java 3.0.2, in this JVM. */
  static final class EsdkJava {
    static byte[] encrypt(LegacyCase c) {
      AwsCrypto crypto =
          AwsCrypto.builder()
              .withCommitmentPolicy(esdkPolicy(c.writePolicy()))
              .withEncryptionAlgorithm(algorithm(c.suite()))
              .withEncryptionFrameSize(c.frameLength())
              .build();
      return crypto.encryptData(c.key().esdkJava(), c.plaintext(), c.context()).getResult();
    }

    static CryptoResult<byte[], ?> decrypt(LegacyKey key, byte[] message) {
      AwsCrypto crypto =
          AwsCrypto.builder()
              .withCommitmentPolicy(
                  com.amazonaws.encryptionsdk.CommitmentPolicy.RequireEncryptAllowDecrypt)
              .build();
      return crypto.decryptData(key.esdkJava(), message);
    }

    private static com.amazonaws.encryptionsdk.CommitmentPolicy esdkPolicy(CommitmentPolicy p) {
      return switch (p) {
        case FORBID_ENCRYPT_ALLOW_DECRYPT ->
            com.amazonaws.encryptionsdk.CommitmentPolicy.ForbidEncryptAllowDecrypt;
        case REQUIRE_ENCRYPT_ALLOW_DECRYPT ->
            com.amazonaws.encryptionsdk.CommitmentPolicy.RequireEncryptAllowDecrypt;
        case REQUIRE_ENCRYPT_REQUIRE_DECRYPT ->
            com.amazonaws.encryptionsdk.CommitmentPolicy.RequireEncryptRequireDecrypt;
      };
    }

    private static CryptoAlgorithm algorithm(AlgorithmSuite suite) {
      for (CryptoAlgorithm a : CryptoAlgorithm.values()) {
        if ((a.getValue() & 0xFFFF) == suite.id()) {
          return a;
        }
      }
      throw new IllegalArgumentException("ESDK Java has no suite " + suite.hexId());
    }
  }

  /** envelope4j as the writer, under the policy each suite needs. */
  static final class Envelope4jWriter {
    static byte[] encrypt(LegacyCase c) {
      Envelope envelope = Envelope.builder().commitmentPolicy(c.writePolicy()).build();
      return envelope
          .encrypt(
              EncryptRequest.builder()
                  .keyring(c.key().envelope4j())
                  .suite(c.suite())
                  .frameLengthBytes(c.frameLength())
                  .encryptionContext(c.context())
                  .plaintext(c.plaintext())
                  .build())
          .ciphertext();
    }
  }
}
