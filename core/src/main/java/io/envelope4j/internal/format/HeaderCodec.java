package io.envelope4j.internal.format;

import io.envelope4j.AlgorithmSuite;
import io.envelope4j.BadCiphertextException;
import io.envelope4j.CommitmentPolicyException;
import io.envelope4j.internal.Limits;
import io.envelope4j.keyring.EncryptedDataKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes and parses message headers.
 *
 * <pre>
 * header body, version 2                 header body, version 1
 *   version          1  (0x02)             version          1  (0x01)
 *                                          type             1  (0x80)
 *   suite id         2                     suite id         2
 *   message id      32                     message id      16
 *   AAD length       2                     AAD length       2
 *   encryption context (AAD length bytes)  encryption context
 *   EDK count        2                     EDK count        2
 *   per EDK: provider id, provider info, ciphertext, each a uint16 length and bytes
 *   content type     1  (1 non-framed,     content type     1
 *                        2 framed)         reserved         4  (zero)
 *                                          IV length        1  (12)
 *   frame length     4                     frame length     4
 *   suite data      32  (commitment)
 * header authentication
 *   tag             16                     IV 12, tag 16
 * </pre>
 *
 * <p>Design note: the parser is a sequence of named steps over a {@link ByteSource}, copying every
 * byte it reads into a buffer that grows only as fields arrive and never past {@code
 * maxHeaderBytes}; each length field is checked against what is left of that bound before anything
 * is allocated for it. The commitment policy is checked as soon as the suite id is read and the EDK
 * bound as soon as the count is read.
 *
 * <p>Version 1 is written only for the legacy suites, and only under {@code
 * FORBID_ENCRYPT_ALLOW_DECRYPT}; its header IV is twelve zero bytes, which is unique for the
 * message key because frame IVs start at sequence number 1. Readers use whatever IV the header
 * carries.
 */
public final class HeaderCodec {
  /** Content type of a framed body. */
  public static final int CONTENT_FRAMED = 2;

  /** Content type of a non-framed body. */
  public static final int CONTENT_NON_FRAMED = 1;

  private HeaderCodec() {}

  /** The length of a v2 header body with these fields, in bytes. */
  public static int bodyLengthV2(int serializedContextLength, List<EncryptedDataKey> keys) {
    int length = 1 + 2 + 32 + 2 + serializedContextLength + 2 + 1 + 4 + 32;
    for (EncryptedDataKey key : keys) {
      length +=
          6
              + key.providerIdBytes().length
              + key.providerInfoLengthBytes()
              + key.ciphertextLengthBytes();
    }
    return length;
  }

  /** The length of a v1 header body with these fields, in bytes. */
  public static int bodyLengthV1(int serializedContextLength, List<EncryptedDataKey> keys) {
    return bodyLengthV2(serializedContextLength, keys) - 32 - 16 + 1 + 4 + 1;
  }

  /**
   * Writes a header body (without the authentication) in the suite's format version: v2 for the
   * committing suites (with {@code commitmentOrNull} as the suite data), v1 for the legacy ones.
   */
  public static byte[] writeBody(
      AlgorithmSuite suite,
      byte[] messageId,
      byte[] serializedContext,
      List<EncryptedDataKey> keys,
      int frameLengthBytes,
      byte[] commitmentOrNull) {
    if (suite.messageFormatVersion() == 2) {
      return writeBodyV2(
          suite, messageId, serializedContext, keys, frameLengthBytes, commitmentOrNull);
    }
    return writeBodyV1(suite, messageId, serializedContext, keys, frameLengthBytes);
  }

  /** Writes a v1 header body (without IV and tag) for a legacy, framed message. */
  public static byte[] writeBodyV1(
      AlgorithmSuite suite,
      byte[] messageId,
      byte[] serializedContext,
      List<EncryptedDataKey> keys,
      int frameLengthBytes) {
    ByteBuffer out = ByteBuffer.allocate(bodyLengthV1(serializedContext.length, keys));
    out.put((byte) 1).put((byte) 0x80).putShort((short) suite.id()).put(messageId);
    out.putShort((short) serializedContext.length).put(serializedContext);
    putKeys(out, keys);
    out.put((byte) CONTENT_FRAMED).putInt(0).put((byte) suite.ivLengthBytes());
    out.putInt(frameLengthBytes);
    return out.array();
  }

  /** Writes a v2 header body (without the authentication tag) for a committing suite. */
  public static byte[] writeBodyV2(
      AlgorithmSuite suite,
      byte[] messageId,
      byte[] serializedContext,
      List<EncryptedDataKey> keys,
      int frameLengthBytes,
      byte[] commitment) {
    ByteBuffer out = ByteBuffer.allocate(bodyLengthV2(serializedContext.length, keys));
    out.put((byte) 2).putShort((short) suite.id()).put(messageId);
    out.putShort((short) serializedContext.length).put(serializedContext);
    putKeys(out, keys);
    out.put((byte) CONTENT_FRAMED).putInt(frameLengthBytes).put(commitment);
    return out.array();
  }

  private static void putKeys(ByteBuffer out, List<EncryptedDataKey> keys) {
    out.putShort((short) keys.size());
    for (EncryptedDataKey key : keys) {
      putField(out, key.providerIdBytes());
      putField(out, key.providerInfo());
      putField(out, key.ciphertext());
    }
  }

  private static void putField(ByteBuffer out, byte[] field) {
    out.putShort((short) field.length).put(field);
  }

  /**
   * Parses a header from {@code source}, reading exactly its bytes and no more.
   *
   * @throws BadCiphertextException if the header is malformed, truncated or over a bound
   * @throws CommitmentPolicyException if the suite is not readable under the policy
   * @throws IOException if the source fails
   */
  public static MessageHeader parse(ByteSource source, Limits limits) throws IOException {
    Reader r = new Reader(source, limits.maxHeaderBytes());

    int version = r.uint8("version");
    if (version != 1 && version != 2) {
      throw unknownVersion(version);
    }
    if (version == 1 && r.uint8("message type") != 0x80) {
      throw new BadCiphertextException("message type is not 0x80 (customer authenticated)");
    }

    int suiteId = r.uint16("algorithm suite id");
    AlgorithmSuite suite = suiteFor(suiteId, version);
    if (!limits.commitmentPolicy().permitsDecrypt(suite)) {
      throw new CommitmentPolicyException(
          "message suite "
              + suite.hexId()
              + " is not committing, and commitment policy "
              + limits.commitmentPolicy()
              + " refuses it; use REQUIRE_ENCRYPT_ALLOW_DECRYPT to read legacy messages");
    }
    byte[] messageId = r.bytes(suite.messageIdLengthBytes(), "message id");

    int aadLength = r.uint16("AAD length");
    int aadOffset = r.read(aadLength, "encryption context");
    Map<String, String> context = EncryptionContextCodec.parse(r.buffer(), aadOffset, aadLength);

    List<EncryptedDataKey> keys = readEncryptedDataKeys(r, limits.maxEncryptedDataKeys());

    int contentType = r.uint8("content type");
    if (contentType != CONTENT_FRAMED && contentType != CONTENT_NON_FRAMED) {
      throw new BadCiphertextException("content type " + contentType + " is neither 1 nor 2");
    }
    if (version == 1) {
      if (r.uint32("reserved field") != 0) {
        throw new BadCiphertextException("reserved header field is not zero");
      }
      int ivLength = r.uint8("IV length");
      if (ivLength != suite.ivLengthBytes()) {
        throw new BadCiphertextException(
            "IV length " + ivLength + " does not match the suite's " + suite.ivLengthBytes());
      }
    }
    int frameLength = readFrameLength(r, contentType, limits.maxFrameLengthBytes());
    byte[] suiteData = r.bytes(version == 2 ? suite.suiteDataLengthBytes() : 0, "suite data");
    byte[] body = Arrays.copyOf(r.buffer(), r.length());

    byte[] iv = version == 1 ? r.bytes(suite.ivLengthBytes(), "header IV") : null;
    byte[] tag = r.bytes(suite.tagLengthBytes(), "header authentication tag");
    return new MessageHeader(
        version,
        suite,
        messageId,
        context,
        keys,
        contentType,
        frameLength,
        suiteData,
        iv,
        tag,
        body,
        r.length());
  }

  private static BadCiphertextException unknownVersion(int version) {
    if (version == 'A') {
      return new BadCiphertextException(
          "input starts with 'A', as a base64-encoded message does; decode it from base64 first");
    }
    return new BadCiphertextException(
        String.format("message format version 0x%02X is not 0x01 or 0x02", version));
  }

  private static AlgorithmSuite suiteFor(int suiteId, int version) {
    Optional<AlgorithmSuite> found = AlgorithmSuite.findById(suiteId);
    if (found.isEmpty()) {
      throw new BadCiphertextException(
          String.format("algorithm suite id 0x%04X is not a known suite", suiteId));
    }
    AlgorithmSuite suite = found.get();
    if (suite.messageFormatVersion() != version) {
      throw new BadCiphertextException(
          "suite "
              + suite.hexId()
              + " belongs to format version "
              + suite.messageFormatVersion()
              + ", not "
              + version);
    }
    return suite;
  }

  private static List<EncryptedDataKey> readEncryptedDataKeys(Reader r, int max)
      throws IOException {
    int count = r.uint16("encrypted data key count");
    if (count == 0) {
      throw new BadCiphertextException("encrypted data key count is 0");
    }
    if (count > max) {
      throw new BadCiphertextException(
          "message has "
              + count
              + " encrypted data keys, over the limit "
              + max
              + "; raise maxEncryptedDataKeys only for trusted senders");
    }
    List<EncryptedDataKey> keys = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] providerId = r.bytes(r.uint16("provider id length"), "provider id");
      byte[] providerInfo = r.bytes(r.uint16("provider info length"), "provider info");
      byte[] ciphertext = r.bytes(r.uint16("encrypted data key length"), "encrypted data key");
      keys.add(EncryptedDataKey.of(decodeProviderId(providerId), providerInfo, ciphertext));
    }
    return keys;
  }

  private static String decodeProviderId(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new BadCiphertextException("key provider id is not valid UTF-8", e);
    }
  }

  private static int readFrameLength(Reader r, int contentType, int max) throws IOException {
    long frameLength = r.uint32("frame length");
    if (contentType == CONTENT_NON_FRAMED) {
      if (frameLength != 0) {
        throw new BadCiphertextException(
            "non-framed message has frame length " + frameLength + " instead of 0");
      }
      return 0;
    }
    if (frameLength == 0) {
      throw new BadCiphertextException("framed message has frame length 0");
    }
    if (frameLength > max) {
      throw new BadCiphertextException(
          "frame length "
              + frameLength
              + " exceeds the limit "
              + max
              + "; raise maxFrameLengthBytes only for trusted senders");
    }
    return (int) frameLength;
  }

  /** Reads fields into a bounded, growing buffer that ends up holding the header's bytes. */
  private static final class Reader {
    private final ByteSource source;
    private final int maxBytes;
    private byte[] buf = new byte[512];
    private int length;

    Reader(ByteSource source, int maxBytes) {
      this.source = source;
      this.maxBytes = maxBytes;
    }

    byte[] buffer() {
      return buf;
    }

    int length() {
      return length;
    }

    /** Reads {@code n} bytes; returns their offset in {@link #buffer()}. */
    int read(int n, String field) throws IOException {
      if ((long) length + n > maxBytes) {
        throw new BadCiphertextException(
            "header exceeds the limit of "
                + maxBytes
                + " bytes at the "
                + field
                + "; raise maxHeaderBytes only for trusted senders");
      }
      if (length + n > buf.length) {
        buf = Arrays.copyOf(buf, (int) Math.min(maxBytes, Math.max(2L * buf.length, length + n)));
      }
      int offset = length;
      source.readFully(buf, offset, n, field);
      length += n;
      return offset;
    }

    byte[] bytes(int n, String field) throws IOException {
      int offset = read(n, field);
      return Arrays.copyOfRange(buf, offset, offset + n);
    }

    int uint8(String field) throws IOException {
      // read() may replace buf, so it must run before buf is dereferenced.
      int o = read(1, field);
      return buf[o] & 0xFF;
    }

    int uint16(String field) throws IOException {
      int o = read(2, field);
      return ((buf[o] & 0xFF) << 8) | (buf[o + 1] & 0xFF);
    }

    long uint32(String field) throws IOException {
      int o = read(4, field);
      return ((long) (buf[o] & 0xFF) << 24)
          | ((buf[o + 1] & 0xFF) << 16)
          | ((buf[o + 2] & 0xFF) << 8)
          | (buf[o + 3] & 0xFF);
    }
  }
}
