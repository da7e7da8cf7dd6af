package io.envelope4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Checks an oracle's decrypt answer against what was encrypted. */
final class OracleAssertions {
  static final String PUBLIC_KEY_ENTRY = "aws-crypto-public-key";

  private OracleAssertions() {}

  /**
   * Asserts that {@code parsed} is a raw AES keyring's data key for {@code key}: the provider id is
   * the key namespace, the provider info the key name, then the tag length in bits (128) and the IV
   * length in bytes (12) as 4-byte big-endian integers, then the 12-byte IV.
   */
  static void assertRawAesDataKey(String what, WrappingKey key, DataKeyInfo parsed) {
    assertEquals(key.namespace(), parsed.providerId(), what + ": provider id");
    byte[] name = key.name().getBytes(StandardCharsets.UTF_8);
    byte[] info = parsed.providerInfo();
    assertEquals(name.length + 4 + 4 + 12, info.length, what + ": provider info length");
    assertArrayEquals(name, Arrays.copyOf(info, name.length), what + ": key name");
    ByteBuffer lengths = ByteBuffer.wrap(info, name.length, 8);
    assertEquals(128, lengths.getInt(), what + ": tag length in bits");
    assertEquals(12, lengths.getInt(), what + ": IV length");
  }

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
    assertEquals(keys.size(), result.dataKeys().size(), what + ": number of encrypted data keys");
    for (int i = 0; i < keys.size(); i++) {
      assertRawAesDataKey(
          what + ": encrypted data key " + i, keys.get(i), result.dataKeys().get(i));
    }
  }
}
