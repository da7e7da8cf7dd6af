package io.envelope4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.envelope4j.DecryptRequest;
import io.envelope4j.Envelope;
import io.envelope4j.keyring.Keyring;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The edges of what envelope4j writes: the largest frame length and the largest encryption context
 * it accepts are read by both ESDKs, and a context one byte larger, which our writer refuses, is
 * one that ESDK Java cannot read when another writer produces it.
 */
@ExtendWith(LoopbackOnly.class)
class LimitsInteropTest {
  /** The largest serialised context ESDK Java reads: its length travels as a signed short. */
  private static final int MAX_CONTEXT_BYTES = 32_767;

  /**
   * What the signed suites add to the serialised context: the aws-crypto-public-key entry, a
   * 21-byte key and the 68-character base64 of a compressed P-384 point, with their lengths.
   */
  private static final int PUBLIC_KEY_ENTRY_BYTES = 2 + 21 + 2 + 68;

  private final Envelope4j ours = new Envelope4j(Envelope4j.Api.ONE_SHOT);

  /**
   * Frame length 2^31-1, the largest the format's signed reading allows. ESDK JS and our readers
   * (with the frame length bound raised to match) read it; our decrypting stream may refuse a frame
   * it cannot buffer, saying so. ESDK Java 3.0.2's one-shot decrypt cannot: it sizes an array from
   * the frame length and fails with "Requested array size exceeds VM limit" (as does its own
   * encrypt at that frame size), so that SDK is left out here.
   */
  @Test
  void ourMessage_largestFrameLength_decryptsInEsdkJsAndUs() {
    for (Suite suite : Suite.values()) {
      OracleCase encrypt =
          OracleCase.encrypt(
              "frame 2^31-1 " + suite,
              suite,
              Integer.MAX_VALUE,
              TestData.Context.ASCII.entries(),
              WrappingKey.single(),
              TestData.plaintext(100, 5));
      byte[] message = ours.runOne(encrypt).outputOrFail(ours.name());
      OracleCase decrypt = OracleCase.decrypt(encrypt.id(), encrypt.keys(), message);
      EsdkJs js = EsdkJs.fromBuild();
      OracleAssertions.assertDecrypted(
          js.name(),
          js.run(List.of(decrypt)).get(0),
          suite,
          Integer.MAX_VALUE,
          encrypt.context(),
          encrypt.keys(),
          encrypt.input());

      Envelope lenient = Envelope.builder().maxFrameLengthBytes(Integer.MAX_VALUE).build();
      Keyring keyring = Envelope4j.keyring(encrypt.keys());
      DecryptRequest request =
          DecryptRequest.builder().keyring(keyring).ciphertext(message).build();
      assertArrayEquals(encrypt.input(), lenient.decrypt(request).plaintext(), "one-shot");
      assertStreamDecryptsOrRefusesFrameLength(lenient, keyring, message, encrypt.input());
    }
  }

  @Test
  void ourMessage_contextOfLargestSize_decryptsInBothOracles() {
    for (Suite suite : Suite.values()) {
      int reserved = suite == Suite.COMMIT_KEY_ECDSA_P384 ? PUBLIC_KEY_ENTRY_BYTES : 0;
      OracleCase encrypt =
          OracleCase.encrypt(
              "largest context " + suite,
              suite,
              4096,
              contextOfSerializedSize(MAX_CONTEXT_BYTES - reserved),
              WrappingKey.single(),
              TestData.plaintext(100, 6));
      assertReadEverywhere(encrypt);
    }
  }

  /**
   * One byte over: our writer refuses, as ESDK Java's writer does, while ESDK JS writes it. Both
   * ESDK Java and we read that message: ESDK Java 3.0.2 reads contexts up to 65,535 bytes as long
   * as every key and value is shorter than 32,767 bytes, so the writer's limit is the safe one.
   */
  @Test
  void contextOneByteOverLargest_refusedByOursAndEsdkJavaWriters_readByAllFromEsdkJs() {
    OracleCase encrypt =
        OracleCase.encrypt(
            "context of 32768 bytes",
            Suite.COMMIT_KEY,
            4096,
            contextOfSerializedSize(MAX_CONTEXT_BYTES + 1),
            WrappingKey.single(),
            TestData.plaintext(100, 7));

    OracleResult refused = ours.runOne(encrypt);
    assertFalse(refused.ok(), "envelope4j wrote a context over 32,767 bytes");
    assertTrue(refused.error().contains("32767"), refused.error());
    assertFalse(new EsdkJava().runOne(encrypt).ok(), "ESDK Java wrote a context over 32,767");

    EsdkJs js = EsdkJs.fromBuild();
    byte[] message = js.run(List.of(encrypt)).get(0).outputOrFail(js.name());
    OracleCase decrypt = OracleCase.decrypt(encrypt.id(), encrypt.keys(), message);
    for (Oracle reader : List.of(new EsdkJava(), ours)) {
      OracleAssertions.assertDecrypted(
          reader.name(),
          reader.run(List.of(decrypt)).get(0),
          encrypt.suite(),
          encrypt.frameLength(),
          encrypt.context(),
          encrypt.keys(),
          encrypt.input());
    }
  }

  /**
   * A context value of 40,000 bytes, which the format allows and ESDK JS writes: we read it, ESDK
   * Java 3.0.2 does not (its reader wants every key and value under 32,767 bytes).
   */
  @Test
  void esdkJsContextValueOver32767Bytes_readByUsNotByEsdkJava() {
    OracleCase encrypt =
        OracleCase.encrypt(
            "context value of 40000 bytes",
            Suite.COMMIT_KEY_ECDSA_P384,
            4096,
            Map.of("big", "v".repeat(40_000)),
            WrappingKey.single(),
            TestData.plaintext(100, 9));
    EsdkJs js = EsdkJs.fromBuild();
    byte[] message = js.run(List.of(encrypt)).get(0).outputOrFail(js.name());
    OracleCase decrypt = OracleCase.decrypt(encrypt.id(), encrypt.keys(), message);

    assertFalse(new EsdkJava().runOne(decrypt).ok(), "ESDK Java read a 40,000-byte value");
    OracleAssertions.assertDecrypted(
        ours.name(),
        ours.runOne(decrypt),
        encrypt.suite(),
        encrypt.frameLength(),
        encrypt.context(),
        encrypt.keys(),
        encrypt.input());
  }

  /**
   * A decrypting stream buffers a whole frame before it releases it, so it may refuse a frame
   * length it cannot buffer, but only with an {@link IOException} that names that length.
   */
  private static void assertStreamDecryptsOrRefusesFrameLength(
      Envelope envelope, Keyring keyring, byte[] message, byte[] plaintext) {
    try (InputStream in =
        envelope.decryptingStream(
            new ByteArrayInputStream(message), DecryptRequest.builder().keyring(keyring).build())) {
      assertArrayEquals(plaintext, in.readAllBytes(), "stream");
    } catch (IOException e) {
      assertTrue(
          String.valueOf(e.getMessage()).contains(String.valueOf(Integer.MAX_VALUE)),
          "stream refusal does not name the frame length: " + e);
    }
  }

  private void assertReadEverywhere(OracleCase encrypt) {
    byte[] message = ours.runOne(encrypt).outputOrFail(ours.name());
    OracleCase decrypt = OracleCase.decrypt(encrypt.id(), encrypt.keys(), message);
    List<Oracle> readers = new ArrayList<>(List.of(new EsdkJava(), EsdkJs.fromBuild(), ours));
    for (Oracle reader : readers) {
      OracleAssertions.assertDecrypted(
          reader.name(),
          reader.run(List.of(decrypt)).get(0),
          encrypt.suite(),
          encrypt.frameLength(),
          encrypt.context(),
          encrypt.keys(),
          encrypt.input());
    }
  }

  /**
   * An ASCII context whose serialisation (2-byte count, then per entry a 2-byte key length, the
   * key, a 2-byte value length, the value) is exactly {@code bytes} long: one entry whose value
   * fills what the count, the lengths and the key leave.
   */
  static Map<String, String> contextOfSerializedSize(int bytes) {
    String key = "big";
    int valueLength = bytes - 2 - 2 - key.length() - 2;
    return Map.of(key, "v".repeat(valueLength));
  }
}
