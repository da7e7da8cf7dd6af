package io.envelope4j.kmslocal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Reads fields of kms-local's ciphertext blob by its documented layout (see Crypto). */
final class BlobLayout {
  private BlobLayout() {}

  static String keyId(byte[] blob) {
    return new String(blob, 2, blob[1] & 0xff, StandardCharsets.US_ASCII);
  }

  static int materialVersion(byte[] blob) {
    int k = blob[1] & 0xff;
    int a = blob[2 + k] & 0xff;
    return ByteBuffer.wrap(blob, 3 + k + a, 4).getInt();
  }
}
