package io.envelope4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Checks an oracle's decrypt answer against what was encrypted. */
final class OracleAssertions {
  static final String PUBLIC_KEY_ENTRY = "aws-crypto-public-key";

  private OracleAssertions() {}

  /**
   * Asserts that {@code result} is a successful decryption of a message written with {@code suite},
   * {@code context} and {@code keys} from {@code plaintext}, and that the oracle parsed the header
   * the writer meant: suite, frame length, context (the signing suite adds exactly the public key
   * entry) and one encrypted data key per wrapping key, in order.
   */
  static void assertDecrypted(
      String oracle,
      OracleResult result,
      Suite suite,
      int frameLength,
      Map<String, String> context,
      List<WrappingKey> keys,
      byte[] plaintext) {
    String what = oracle + " decrypting " + result.id();
    byte[] output = result.outputOrFail(oracle);
    assertArrayEquals(plaintext, output, what + ": plaintext");
    assertEquals(suite.id(), result.suiteId(), what + ": suite");
    assertEquals(frameLength, result.frameLength(), what + ": frame length");
    Map<String, String> expected = new HashMap<>(context);
    Map<String, String> actual = new HashMap<>(result.context());
    if (suite == Suite.COMMIT_KEY_ECDSA_P384) {
      String publicKey = actual.remove(PUBLIC_KEY_ENTRY);
      assertEquals(
          68,
          publicKey == null ? -1 : publicKey.length(),
          what + ": base64 of a 49-byte compressed P-384 key");
    }
    assertEquals(expected, actual, what + ": encryption context");
    assertEquals(
        keys.stream().map(WrappingKey::namespace).toList(),
        result.providerIds(),
        what + ": encrypted data keys");
  }
}
