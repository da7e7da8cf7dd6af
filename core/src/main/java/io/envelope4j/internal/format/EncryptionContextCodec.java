package io.envelope4j.internal.format;

import io.envelope4j.BadCiphertextException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The encryption context serialization of the ESDK's structures specification.
 *
 * <pre>
 * empty context: zero bytes (no count)
 * otherwise:
 *   count        uint16   number of entries, at least 1
 *   per entry:   key length uint16, key (UTF-8), value length uint16, value (UTF-8)
 * </pre>
 *
 * <p>Design note: entries are written sorted by the unsigned bytes of their UTF-8 keys, which
 * differs from {@code String.compareTo} for characters beyond the BMP. Strings are encoded and
 * decoded strictly (unpaired surrogates and malformed UTF-8 are errors), so a parsed context
 * serializes back to the same bytes whenever the writer sorted it. The reader accepts any order the
 * specification allows; {@link #checkWritable} adds the stricter rules the ESDK for Java imposes on
 * what it reads, so nothing we write strands a peer.
 */
public final class EncryptionContextCodec {
  /** Largest serialized context the ESDK for Java reads. */
  public static final int MAX_WRITABLE_BYTES = Short.MAX_VALUE;

  private EncryptionContextCodec() {}

  /**
   * Serializes {@code context} in canonical order.
   *
   * @throws IllegalArgumentException if a string is not valid Unicode or a field is too long
   */
  public static byte[] serialize(Map<String, String> context) {
    if (context.isEmpty()) {
      return new byte[0];
    }
    if (context.size() > 0xFFFF) {
      throw new IllegalArgumentException(
          "encryption context has " + context.size() + " entries; the maximum is 65535");
    }
    List<byte[][]> entries = new ArrayList<>(context.size());
    int total = 2;
    for (Map.Entry<String, String> e : context.entrySet()) {
      byte[] key = encode(e.getKey(), "key");
      byte[] value = encode(e.getValue(), "value of key " + e.getKey());
      entries.add(new byte[][] {key, value});
      total += 4 + key.length + value.length;
    }
    entries.sort((a, b) -> Arrays.compareUnsigned(a[0], b[0]));

    ByteBuffer out = ByteBuffer.allocate(total);
    out.putShort((short) entries.size());
    for (byte[][] entry : entries) {
      out.putShort((short) entry[0].length).put(entry[0]);
      out.putShort((short) entry[1].length).put(entry[1]);
    }
    return out.array();
  }

  /**
   * Refuses what the ESDK for Java cannot read: empty keys or values, or a serialization over
   * 32,767 bytes.
   *
   * @throws IllegalArgumentException naming the offending entry or the size and limit
   */
  public static void checkWritable(Map<String, String> context, int serializedLength) {
    for (Map.Entry<String, String> e : context.entrySet()) {
      if (e.getKey().isEmpty()) {
        throw new IllegalArgumentException(
            "encryption context has an empty key; the ESDK for Java cannot read it");
      }
      if (e.getValue().isEmpty()) {
        throw new IllegalArgumentException(
            "encryption context key "
                + e.getKey()
                + " has an empty value; the ESDK for Java cannot read it");
      }
    }
    if (serializedLength > MAX_WRITABLE_BYTES) {
      throw new IllegalArgumentException(
          "serialized encryption context of "
              + serializedLength
              + " bytes exceeds the maximum "
              + MAX_WRITABLE_BYTES
              + "; move large values out of the context");
    }
  }

  /**
   * Parses a serialized context of exactly {@code length} bytes at {@code offset}.
   *
   * @throws BadCiphertextException if the bytes are malformed
   */
  public static Map<String, String> parse(byte[] in, int offset, int length) {
    if (length == 0) {
      return Collections.emptyMap();
    }
    ByteBuffer buf = ByteBuffer.wrap(in, offset, length);
    int count = readUint16(buf, "encryption context count");
    if (count == 0) {
      throw new BadCiphertextException("encryption context count is 0 in a non-empty context");
    }
    Map<String, String> context = new LinkedHashMap<>(Math.min(count, 64) * 2);
    for (int i = 0; i < count; i++) {
      String key = readString(buf, "encryption context key");
      String value = readString(buf, "encryption context value");
      if (context.put(key, value) != null) {
        throw new BadCiphertextException("encryption context repeats key " + key);
      }
    }
    if (buf.hasRemaining()) {
      throw new BadCiphertextException(
          "encryption context has " + buf.remaining() + " bytes after its last entry");
    }
    return Collections.unmodifiableMap(context);
  }

  private static int readUint16(ByteBuffer buf, String field) {
    if (buf.remaining() < 2) {
      throw new BadCiphertextException("encryption context ends inside the " + field);
    }
    return buf.getShort() & 0xFFFF;
  }

  private static String readString(ByteBuffer buf, String field) {
    int length = readUint16(buf, field + " length");
    if (buf.remaining() < length) {
      throw new BadCiphertextException(
          field + " length " + length + " exceeds the " + buf.remaining() + " bytes left");
    }
    ByteBuffer slice = buf.slice();
    slice.limit(length);
    buf.position(buf.position() + length);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(slice)
          .toString();
    } catch (CharacterCodingException e) {
      throw new BadCiphertextException(field + " is not valid UTF-8", e);
    }
  }

  private static byte[] encode(String s, String what) {
    try {
      ByteBuffer bytes =
          StandardCharsets.UTF_8
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(CharBuffer.wrap(s));
      byte[] out = new byte[bytes.remaining()];
      bytes.get(out);
      if (out.length > 0xFFFF) {
        throw new IllegalArgumentException(
            "encryption context " + what + " is " + out.length + " bytes; the maximum is 65535");
      }
      return out;
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(
          "encryption context " + what + " is not valid Unicode (unpaired surrogate)", e);
    }
  }
}
