package io.envelope4j.internal;

import io.envelope4j.DecryptRequest;
import io.envelope4j.EncryptRequest;

/** One-shot encryption and decryption of whole messages held in arrays. */
public final class OneShot {
  private OneShot() {}

  /** Encrypts {@code plaintext} into one message. */
  public static Encrypted encrypt(Limits limits, EncryptRequest request, byte[] plaintext) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  /** Decrypts the message in {@code ciphertext}. */
  public static Plaintext decrypt(Limits limits, DecryptRequest request, byte[] ciphertext) {
    throw new UnsupportedOperationException("not yet implemented");
  }
}
