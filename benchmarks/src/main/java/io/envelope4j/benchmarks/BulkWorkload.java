package io.envelope4j.benchmarks;

import io.envelope4j.keyring.Keyring;
import io.envelope4j.keyring.RawAesKeyring;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The shared shape of the bulk benchmarks: one 64 MiB payload cut into frames of the size under
 * test, and the per-frame numbers of the ESDK v2 body that the JDK baseline reproduces.
 */
public final class BulkWorkload {
  /** Bytes of plaintext per benchmark operation. */
  public static final int PAYLOAD_BYTES = 64 << 20;

  /** Chunk size the streaming benchmarks read and write with, as a typical copy loop does. */
  public static final int STREAM_CHUNK_BYTES = 64 << 10;

  /** AES-GCM IV and tag sizes of the committing suites. */
  static final int IV_BYTES = 12;

  static final int TAG_BYTES = 16;

  /**
   * Length of the AAD of a regular frame in message format v2: the 32-byte message id, the UTF-8
   * body AAD content string, the 4-byte sequence number and the 8-byte content length.
   */
  static final int FRAME_AAD_BYTES =
      32 + "AWSKMSEncryptionClient Frame".getBytes(StandardCharsets.UTF_8).length + 4 + 8;

  private BulkWorkload() {}

  /** The raw AES-256 keyring every bulk benchmark wraps its data key with (a fixed test key). */
  public static Keyring keyring() {
    return RawAesKeyring.builder()
        .keyNamespace("benchmarks")
        .keyName("aes-256")
        .wrappingKey(new byte[32])
        .build();
  }

  /** A reproducible, incompressible payload. */
  public static byte[] payload() {
    byte[] bytes = new byte[PAYLOAD_BYTES];
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < bytes.length; i += 8) {
      long word = random.nextLong();
      for (int j = 0; j < 8; j++) {
        bytes[i + j] = (byte) (word >>> (8 * j));
      }
    }
    return bytes;
  }

  /**
   * Number of frames the payload takes at {@code frameLengthBytes}, a partial last one included.
   */
  static int frameCount(int frameLengthBytes) {
    return (PAYLOAD_BYTES + frameLengthBytes - 1) / frameLengthBytes;
  }
}
