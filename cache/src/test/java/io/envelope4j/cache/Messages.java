package io.envelope4j.cache;

import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * Reads the encrypted data keys straight from a message's bytes (format v2 header: version, suite
 * id, 32-byte message id, context, then the key entries), independent of what the encryptor
 * reports.
 */
final class Messages {
  private Messages() {}

  /** The ciphertext of the first encrypted data key, base64, as an identity of the data key. */
  static String firstWrappedKey(byte[] message) {
    ByteBuffer in = ByteBuffer.wrap(message);
    if (in.get() != 2) {
      throw new IllegalArgumentException("not a format v2 message");
    }
    in.getShort();
    in.position(in.position() + 32);
    int contextLength = Short.toUnsignedInt(in.getShort());
    in.position(in.position() + contextLength);
    int keys = Short.toUnsignedInt(in.getShort());
    if (keys < 1) {
      throw new IllegalArgumentException("message has no encrypted data key");
    }
    skipField(in);
    skipField(in);
    byte[] ciphertext = new byte[Short.toUnsignedInt(in.getShort())];
    in.get(ciphertext);
    return Base64.getEncoder().encodeToString(ciphertext);
  }

  private static void skipField(ByteBuffer in) {
    int length = Short.toUnsignedInt(in.getShort());
    in.position(in.position() + length);
  }
}
