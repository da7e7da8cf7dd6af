package io.envelope4j;

import io.envelope4j.internal.format.HeaderCodec;
import io.envelope4j.internal.format.MessageHeader;
import io.envelope4j.keyring.EncryptedDataKey;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A message header as parsed, <strong>not authenticated</strong>: nothing here has been checked
 * against any key, so anyone who can write the message chose every field. Use it to route a message
 * (which key provider, which suite, how big its frames are) or to diagnose one, never to make a
 * security decision; {@link Envelope#decrypt} and the decrypting stream authenticate the same
 * fields before releasing plaintext. Returned by {@link Envelope#inspectHeader}.
 *
 * <p>Immutable. {@link #toString()} shows the suite, context keys, provider ids and sizes.
 */
public final class UnauthenticatedHeader {
  /** How the body is laid out. */
  public enum ContentType {
    /** One AES-GCM-sealed body (content type 1; read by older SDKs' messages). */
    NON_FRAMED,
    /** A sequence of frames (content type 2; what envelope4j writes). */
    FRAMED
  }

  private final MessageHeader header;

  private UnauthenticatedHeader(MessageHeader header) {
    this.header = header;
  }

  static UnauthenticatedHeader of(MessageHeader header) {
    return new UnauthenticatedHeader(header);
  }

  /** The message format version, 1 or 2. */
  public int messageFormatVersion() {
    return header.version();
  }

  /** The algorithm suite the header names. */
  public AlgorithmSuite suite() {
    return header.suite();
  }

  /** The message id (16 bytes in version 1, 32 in version 2); a copy. */
  public byte[] messageId() {
    return header.messageId().clone();
  }

  /**
   * The encryption context stored in the header (entries that were only authenticated, under a
   * required-context manager, are not in it); unmodifiable.
   */
  public Map<String, String> encryptionContext() {
    return header.encryptionContext();
  }

  /**
   * The encrypted data keys in header order; their {@link EncryptedDataKey#providerId() provider
   * ids} and {@link EncryptedDataKey#providerInfo() provider infos} name the master keys.
   */
  public List<EncryptedDataKey> encryptedDataKeys() {
    return header.encryptedDataKeys();
  }

  /** Whether the body is framed. */
  public ContentType contentType() {
    return header.contentType() == HeaderCodec.CONTENT_FRAMED
        ? ContentType.FRAMED
        : ContentType.NON_FRAMED;
  }

  /** The frame length in bytes; 0 for a non-framed body. */
  public int frameLengthBytes() {
    return header.frameLengthBytes();
  }

  /** The header's length in bytes, its authentication tag included. */
  public int headerLengthBytes() {
    return header.headerLengthBytes();
  }

  @Override
  public String toString() {
    StringBuilder ids = new StringBuilder();
    for (EncryptedDataKey key : header.encryptedDataKeys()) {
      ids.append(ids.length() == 0 ? "" : ", ").append(key.providerId());
    }
    return "UnauthenticatedHeader[version="
        + header.version()
        + ", suite="
        + header.suite().hexId()
        + ", messageId="
        + HexFormat.of().formatHex(header.messageId())
        + ", encryptionContext="
        + header.encryptionContext().keySet()
        + ", providerIds=["
        + ids
        + "], contentType="
        + contentType()
        + ", frameLengthBytes="
        + header.frameLengthBytes()
        + "]";
  }
}
