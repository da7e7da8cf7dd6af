package io.envelope4j;

import io.envelope4j.keyring.EncryptedDataKey;
import java.util.List;
import java.util.Map;

/**
 * The outcome of {@link Envelope#encrypt}: the message bytes and what was written into its header.
 */
public final class EncryptResult {
  private final byte[] ciphertext;
  private final MessageInfo info;

  EncryptResult(byte[] ciphertext, MessageInfo info) {
    this.ciphertext = ciphertext;
    this.info = info;
  }

  /** The complete message. The array is the caller's: it is not copied and not kept. */
  public byte[] ciphertext() {
    return ciphertext;
  }

  /** Header facts of the message written. */
  public MessageInfo info() {
    return info;
  }

  /** The suite written; the same as {@code info().suite()}. */
  public AlgorithmSuite suite() {
    return info.suite();
  }

  /** The encryption context written, reserved entries included. */
  public Map<String, String> encryptionContext() {
    return info.encryptionContext();
  }

  /** The encrypted data keys written. */
  public List<EncryptedDataKey> encryptedDataKeys() {
    return info.encryptedDataKeys();
  }

  @Override
  public String toString() {
    return "EncryptResult[" + ciphertext.length + " bytes, " + info + "]";
  }
}
