package io.envelope4j.benchmarks.small;

import com.amazonaws.encryptionsdk.jce.JceMasterKey;
import io.envelope4j.internal.format.EncryptionContextCodec;
import io.envelope4j.keyring.RawAesKeyring;
import java.util.Map;
import java.util.Random;
import javax.crypto.spec.SecretKeySpec;

/**
 * The shared shape of the small-message benchmarks: one fixed raw AES-256 wrapping key, the same
 * key namespace and name for envelope4j's keyring and the ESDK's master key, a two-entry encryption
 * context and reproducible plaintexts.
 */
public final class SmallWorkload {
  /** The encryption context of every small message. */
  public static final Map<String, String> CONTEXT = Map.of("stream", "orders", "tenant", "blue");

  /** Key namespace (ESDK provider id) of the wrapping key. */
  public static final String KEY_NAMESPACE = "bench";

  /** Key name of the wrapping key. */
  public static final String KEY_NAME = "cache-key";

  /**
   * Bytes of a message's single final frame beyond its content: end marker, sequence number, IV,
   * content length and tag.
   */
  public static final int FINAL_FRAME_OVERHEAD_BYTES = 4 + 4 + 12 + 4 + 16;

  /** Bytes of the v2 header authentication tag that follows the header. */
  public static final int HEADER_TAG_BYTES = 16;

  private SmallWorkload() {}

  /** The 32-byte wrapping key (a fixed test key). */
  public static byte[] wrappingKey() {
    byte[] key = new byte[32];
    new Random(2).nextBytes(key);
    return key;
  }

  /** envelope4j's raw AES keyring over {@link #wrappingKey()}. */
  public static RawAesKeyring keyring() {
    return RawAesKeyring.builder()
        .keyNamespace(KEY_NAMESPACE)
        .keyName(KEY_NAME)
        .wrappingKey(wrappingKey())
        .build();
  }

  /** The ESDK's raw AES master key over {@link #wrappingKey()}, AES/GCM/NoPadding wrapping. */
  public static JceMasterKey masterKey() {
    return JceMasterKey.getInstance(
        new SecretKeySpec(wrappingKey(), "AES"), KEY_NAMESPACE, KEY_NAME, "AES/GCM/NoPadding");
  }

  /** A reproducible plaintext of {@code lengthBytes}. */
  public static byte[] plaintext(int lengthBytes) {
    byte[] bytes = new byte[lengthBytes];
    new Random(1).nextBytes(bytes);
    return bytes;
  }

  /** {@link #CONTEXT} serialized as the header and the key wrap use it as associated data. */
  public static byte[] serializedContext() {
    return EncryptionContextCodec.serialize(CONTEXT);
  }

  /**
   * Length of the header (its authentication tag excluded) of a v2 message whose body is one final
   * frame holding {@code plaintextLengthBytes}: what the header tag authenticates.
   */
  public static int headerBytes(byte[] message, int plaintextLengthBytes) {
    return message.length - plaintextLengthBytes - FINAL_FRAME_OVERHEAD_BYTES - HEADER_TAG_BYTES;
  }
}
