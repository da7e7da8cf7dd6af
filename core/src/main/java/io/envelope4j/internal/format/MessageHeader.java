package io.envelope4j.internal.format;

import io.envelope4j.AlgorithmSuite;
import io.envelope4j.MessageInfo;
import io.envelope4j.keyring.EncryptedDataKey;
import java.util.List;
import java.util.Map;

/**
 * A parsed (not yet authenticated) message header.
 *
 * @param version message format version, 1 or 2
 * @param suite the algorithm suite
 * @param messageId 16 (v1) or 32 (v2) bytes
 * @param encryptionContext the parsed context
 * @param encryptedDataKeys the encrypted data keys in header order
 * @param contentType {@link HeaderCodec#CONTENT_FRAMED} or {@link HeaderCodec#CONTENT_NON_FRAMED}
 * @param frameLengthBytes frame length (0 for non-framed bodies)
 * @param suiteData the commitment value (v2 committing suites) or an empty array
 * @param headerIvOrNull the header authentication IV (v1 only)
 * @param headerTag the header authentication tag
 * @param body the header body bytes, the AAD of the header tag
 * @param headerLengthBytes length of the whole header, body and authentication
 */
public record MessageHeader(
    int version,
    AlgorithmSuite suite,
    byte[] messageId,
    Map<String, String> encryptionContext,
    List<EncryptedDataKey> encryptedDataKeys,
    int contentType,
    int frameLengthBytes,
    byte[] suiteData,
    byte[] headerIvOrNull,
    byte[] headerTag,
    byte[] body,
    int headerLengthBytes) {

  /** The public view of this header. */
  public MessageInfo info() {
    return new MessageInfo(suite, encryptionContext, encryptedDataKeys, frameLengthBytes);
  }
}
