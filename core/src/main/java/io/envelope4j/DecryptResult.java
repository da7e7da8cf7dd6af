package io.envelope4j;

import io.envelope4j.keyring.EncryptedDataKey;
import java.util.List;
import java.util.Map;

/**
 * The outcome of {@link Envelope#decrypt}: the verified plaintext and the message's header facts.
 * Check the encryption context (or pass the expected entries in the request) before trusting the
 * plaintext's purpose.
 */
public final class DecryptResult {
  private final byte[] plaintext;
  private final MessageInfo info;
  private final long messageLengthBytes;

  DecryptResult(byte[] plaintext, MessageInfo info, long messageLengthBytes) {
    this.plaintext = plaintext;
    this.info = info;
    this.messageLengthBytes = messageLengthBytes;
  }

  /** The plaintext. The array is the caller's: it is not copied and not kept. */
  public byte[] plaintext() {
    return plaintext;
  }

  /** Header facts of the message read. */
  public MessageInfo info() {
    return info;
  }

  /** The suite of the message; the same as {@code info().suite()}. */
  public AlgorithmSuite suite() {
    return info.suite();
  }

  /** The encryption context stored in the message, reserved entries included. */
  public Map<String, String> encryptionContext() {
    return info.encryptionContext();
  }

  /** The message's encrypted data keys: provider ids and provider infos of its master keys. */
  public List<EncryptedDataKey> encryptedDataKeys() {
    return info.encryptedDataKeys();
  }

  /**
   * Bytes of the input the message occupied; less than the input's length only when {@link
   * DecryptRequest#stopAtMessageEnd()} allowed trailing bytes.
   */
  public long messageLengthBytes() {
    return messageLengthBytes;
  }

  /** Shows lengths and header facts, never plaintext. */
  @Override
  public String toString() {
    return "DecryptResult[" + plaintext.length + " bytes, " + info + "]";
  }
}
