package io.envelope4j.keyring;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A data key wrapped by one master key, as stored in the message header: the key provider id, the
 * provider info (for example a key name or ARN) and the opaque ciphertext.
 *
 * <p>Immutable; the byte arrays are copied in and out. Nothing here is secret, so equality and
 * {@link #toString()} include the content (the ciphertext only by length).
 */
public final class EncryptedDataKey {
  private final String providerId;
  private final byte[] providerInfo;
  private final byte[] ciphertext;

  private EncryptedDataKey(String providerId, byte[] providerInfo, byte[] ciphertext) {
    this.providerId = Objects.requireNonNull(providerId, "providerId");
    this.providerInfo = providerInfo.clone();
    this.ciphertext = ciphertext.clone();
  }

  /**
   * Creates an encrypted data key.
   *
   * @param providerId the key provider id (the raw AES keyring's key namespace, {@code aws-kms})
   * @param providerInfo the provider info bytes; copied
   * @param ciphertext the wrapped data key; copied
   * @throws IllegalArgumentException if a field is longer than the format's 65,535 bytes
   */
  public static EncryptedDataKey of(String providerId, byte[] providerInfo, byte[] ciphertext) {
    EncryptedDataKey key = new EncryptedDataKey(providerId, providerInfo, ciphertext);
    checkLength("provider id", key.providerIdBytes().length);
    checkLength("provider info", key.providerInfo.length);
    checkLength("ciphertext", key.ciphertext.length);
    return key;
  }

  private static void checkLength(String field, int length) {
    if (length > 0xFFFF) {
      throw new IllegalArgumentException(
          "encrypted data key " + field + " of " + length + " bytes exceeds the maximum 65535");
    }
  }

  /** The key provider id. */
  public String providerId() {
    return providerId;
  }

  /** The key provider id as the UTF-8 bytes stored in the header; a fresh copy. */
  public byte[] providerIdBytes() {
    return providerId.getBytes(StandardCharsets.UTF_8);
  }

  /** The provider info; a fresh copy. */
  public byte[] providerInfo() {
    return providerInfo.clone();
  }

  /** The provider info decoded as UTF-8 (how KMS stores its key ARN). */
  public String providerInfoAsString() {
    return new String(providerInfo, StandardCharsets.UTF_8);
  }

  /** The wrapped data key; a fresh copy. */
  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  /** Length of the provider info in bytes. */
  public int providerInfoLengthBytes() {
    return providerInfo.length;
  }

  /** Length of the wrapped data key in bytes. */
  public int ciphertextLengthBytes() {
    return ciphertext.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncryptedDataKey other
        && providerId.equals(other.providerId)
        && Arrays.equals(providerInfo, other.providerInfo)
        && Arrays.equals(ciphertext, other.ciphertext);
  }

  @Override
  public int hashCode() {
    return Objects.hash(providerId, Arrays.hashCode(providerInfo), Arrays.hashCode(ciphertext));
  }

  @Override
  public String toString() {
    return "EncryptedDataKey[providerId="
        + providerId
        + ", providerInfo="
        + providerInfo.length
        + " bytes, ciphertext="
        + ciphertext.length
        + " bytes]";
  }
}
