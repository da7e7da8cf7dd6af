package io.envelope4j.kmslocal.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * kms-local's ciphertext blob and the AES-256-GCM under it.
 *
 * <pre>
 * offset  size  field
 * 0       1     format version, 0x01
 * 1       1     key id length K (1..255)
 * 2       K     key id, ASCII (a UUID, or mrk- and 32 hex digits)
 * 2+K     1     account id length A (1..255)
 * 3+K     A     account id, ASCII
 * 3+K+A   4     material version, unsigned big-endian (0 = original material)
 * 7+K+A   12    GCM IV, random
 * 19+K+A  n+16  AES-256-GCM ciphertext of n plaintext bytes, then the 16-byte tag
 * </pre>
 *
 * <p>The additional authenticated data is the header (bytes 0 to 6+K+A) followed by the canonical
 * encoding of the encryption context: the pair count as a big-endian int, then each pair sorted by
 * the UTF-8 bytes of its key, as key length, key bytes, value length, value bytes (lengths
 * big-endian ints). Length prefixes keep {@code {"ab":"c"}}, {@code {"a":"bc"}} and {@code
 * {"abc":""}} apart. Any parse or authentication failure is reported the same way, as {@code
 * InvalidCiphertextException}, so the answer tells a caller nothing about which byte was wrong.
 */
final class Crypto {
  static final int VERSION = 1;
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Crypto() {}

  /** A parsed blob header; {@code headerLength} counts the bytes the AAD covers. */
  record Header(String keyId, String account, int materialVersion, int headerLength) {}

  static byte[] newKeyBytes() {
    return randomBytes(32);
  }

  static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  static byte[] seal(
      String keyId,
      String account,
      int version,
      byte[] key,
      byte[] plaintext,
      Map<String, String> context) {
    byte[] id = keyId.getBytes(StandardCharsets.US_ASCII);
    byte[] acct = account.getBytes(StandardCharsets.US_ASCII);
    int headerLength = 1 + 1 + id.length + 1 + acct.length + 4;
    ByteBuffer out = ByteBuffer.allocate(headerLength + IV_BYTES + plaintext.length + 16);
    out.put((byte) VERSION).put((byte) id.length).put(id).put((byte) acct.length).put(acct);
    out.putInt(version);
    byte[] iv = randomBytes(IV_BYTES);
    out.put(iv);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
      c.updateAAD(out.array(), 0, headerLength);
      c.updateAAD(canonicalContext(context));
      c.doFinal(ByteBuffer.wrap(plaintext), out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable or misused", e);
    }
    return out.array();
  }

  /** Parses the header of {@code blob}, or throws {@code InvalidCiphertextException}. */
  static Header header(byte[] blob) {
    ByteBuffer in = ByteBuffer.wrap(blob);
    try {
      if (in.get() != VERSION) {
        throw invalid();
      }
      String keyId = ascii(in, in.get() & 0xff);
      String account = ascii(in, in.get() & 0xff);
      int version = in.getInt();
      if (version < 0 || in.remaining() < IV_BYTES + 16) {
        throw invalid();
      }
      return new Header(keyId, account, version, in.position());
    } catch (java.nio.BufferUnderflowException e) {
      throw invalid();
    }
  }

  /** Authenticates and decrypts {@code blob}, or throws {@code InvalidCiphertextException}. */
  static byte[] open(Header h, byte[] key, byte[] blob, Map<String, String> context) {
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(key, "AES"),
          new GCMParameterSpec(TAG_BITS, blob, h.headerLength(), IV_BYTES));
      c.updateAAD(blob, 0, h.headerLength());
      c.updateAAD(canonicalContext(context));
      int offset = h.headerLength() + IV_BYTES;
      return c.doFinal(blob, offset, blob.length - offset);
    } catch (javax.crypto.AEADBadTagException e) {
      throw invalid();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable or misused", e);
    }
  }

  static byte[] canonicalContext(Map<String, String> context) {
    List<byte[][]> pairs = new ArrayList<>();
    for (Map.Entry<String, String> e : context.entrySet()) {
      pairs.add(
          new byte[][] {
            e.getKey().getBytes(StandardCharsets.UTF_8),
            e.getValue().getBytes(StandardCharsets.UTF_8)
          });
    }
    pairs.sort((a, b) -> Arrays.compareUnsigned(a[0], b[0]));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeInt(out, pairs.size());
    for (byte[][] p : pairs) {
      writeInt(out, p[0].length);
      out.writeBytes(p[0]);
      writeInt(out, p[1].length);
      out.writeBytes(p[1]);
    }
    return out.toByteArray();
  }

  private static void writeInt(ByteArrayOutputStream out, int v) {
    out.write(v >>> 24);
    out.write(v >>> 16);
    out.write(v >>> 8);
    out.write(v);
  }

  private static String ascii(ByteBuffer in, int length) {
    if (length == 0) {
      throw invalid();
    }
    byte[] b = new byte[length];
    in.get(b);
    for (byte x : b) {
      if (x < 0x21 || x > 0x7e) {
        throw invalid();
      }
    }
    return new String(b, StandardCharsets.US_ASCII);
  }

  static KmsException invalid() {
    return new KmsException("InvalidCiphertextException", "The ciphertext is invalid or corrupt");
  }
}
