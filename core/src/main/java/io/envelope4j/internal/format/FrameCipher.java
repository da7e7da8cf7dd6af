package io.envelope4j.internal.format;

import io.envelope4j.AlgorithmSuite;
import io.envelope4j.BadCiphertextException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The framed body's wire layout and its AES-GCM sealing, for one message.
 *
 * <pre>
 * regular frame                          final frame
 *   sequence number   4                    end marker        4  (0xFFFFFFFF)
 *                                          sequence number   4
 *   IV               12                    IV               12
 *                                          content length    4
 *   ciphertext       frame length          ciphertext       content length (0..frame length)
 *   tag              16                    tag              16
 *
 * IV  = 8 zero bytes | sequence number (4)
 * AAD = message id | "AWSKMSEncryptionClient Frame" or "... Final Frame"
 *       | sequence number (4) | content length (8)
 * header tag: AES-GCM over no plaintext, AAD = header body, IV = zeros (v2) or the header's IV
 *
 * non-framed body (read only)
 *   IV 12 | content length 8 | ciphertext | tag 16
 *   AAD = message id | "AWSKMSEncryptionClient Single Block" | 1 (4) | content length (8)
 * </pre>
 *
 * <p>Design note: one instance serves one message and is not thread-safe; {@link #copy()} makes
 * another for another thread. It reuses a single {@link Cipher} and pre-built AAD buffers, patching
 * only the sequence number and length per frame, and seals straight into the caller's output array;
 * the only per-frame allocation is the {@link GCMParameterSpec} the JCA requires. Decryption uses
 * the IV stored in each frame, as other implementations do.
 *
 * <p>A writer may seal a frame as a regular frame, keep it unpublished, and later {@linkplain
 * #reopenRegular reopen} it to seal the same content again as the final frame under the same IV.
 * The JDK refuses to encrypt twice with one key and IV on a {@code Cipher} (publishing two tags
 * under one IV gives away the GHASH key), so that one reseal runs on a separate {@code Cipher}; it
 * is safe only because the first tag never leaves: the caller drops the held frame unwritten, and
 * {@link #reopenRegular} overwrites it.
 */
public final class FrameCipher {
  /** The sequence number field value that marks the final frame. */
  public static final int SEQUENCE_END = 0xFFFFFFFF;

  /** Bytes a regular frame adds to its content. */
  public static final int REGULAR_OVERHEAD = 4 + 12 + 16;

  /** Bytes a final frame adds to its content. */
  public static final int FINAL_OVERHEAD = 4 + 4 + 12 + 4 + 16;

  private static final byte[] FRAME_LABEL =
      "AWSKMSEncryptionClient Frame".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FINAL_LABEL =
      "AWSKMSEncryptionClient Final Frame".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SINGLE_LABEL =
      "AWSKMSEncryptionClient Single Block".getBytes(StandardCharsets.US_ASCII);
  private static final int TAG_BITS = 128;
  private static final int IV_LENGTH = 12;

  private final AlgorithmSuite suite;
  private final SecretKeySpec key;
  private final byte[] messageId;
  private final Cipher cipher;
  private final byte[] regularAad;
  private final byte[] finalAad;
  private final byte[] singleAad;
  private final byte[] iv = new byte[IV_LENGTH];
  private int reopenedSequence;

  /** A frame cipher for the message with {@code messageId}, keyed with the derived key. */
  public FrameCipher(AlgorithmSuite suite, SecretKeySpec key, byte[] messageId) {
    this.suite = suite;
    this.key = key;
    this.messageId = messageId.clone();
    try {
      this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks AES/GCM/NoPadding", e);
    }
    this.regularAad = aadPrefix(messageId, FRAME_LABEL);
    this.finalAad = aadPrefix(messageId, FINAL_LABEL);
    this.singleAad = aadPrefix(messageId, SINGLE_LABEL);
  }

  /** A new frame cipher for the same message and key, for use on another thread. */
  public FrameCipher copy() {
    return new FrameCipher(suite, key, messageId);
  }

  private static byte[] aadPrefix(byte[] messageId, byte[] label) {
    byte[] aad = new byte[messageId.length + label.length + 12];
    System.arraycopy(messageId, 0, aad, 0, messageId.length);
    System.arraycopy(label, 0, aad, messageId.length, label.length);
    return aad;
  }

  /** The header authentication tag of a v2 header body. */
  public byte[] headerTag(byte[] headerBody) {
    try {
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, new byte[IV_LENGTH]));
      cipher.updateAAD(headerBody);
      return cipher.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed in the JDK", e);
    }
  }

  /**
   * Verifies a header's authentication tag.
   *
   * @throws BadCiphertextException if it does not verify
   */
  public void verifyHeader(MessageHeader header) {
    verifyHeader(header, new byte[0]);
  }

  /**
   * Verifies a header's authentication tag over its body followed by {@code authenticatedOnly}, the
   * serialized encryption context that is authenticated but not stored in the message.
   *
   * @throws BadCiphertextException if it does not verify
   */
  public void verifyHeader(MessageHeader header, byte[] authenticatedOnly) {
    byte[] iv = header.headerIvOrNull() == null ? new byte[IV_LENGTH] : header.headerIvOrNull();
    try {
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
      cipher.updateAAD(header.body());
      cipher.updateAAD(authenticatedOnly);
      cipher.doFinal(header.headerTag());
    } catch (AEADBadTagException e) {
      throw new BadCiphertextException("message header authentication failed", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed in the JDK", e);
    }
  }

  /**
   * Seals a regular frame of {@code len} content bytes into {@code out} at {@code outOff}.
   *
   * @return the frame's length, {@code len + REGULAR_OVERHEAD}
   */
  public int sealRegular(int sequence, byte[] in, int inOff, int len, byte[] out, int outOff) {
    putInt(out, outOff, sequence);
    seal(regularAad, sequence, in, inOff, len, out, outOff + 4);
    return len + REGULAR_OVERHEAD;
  }

  /**
   * Seals the final frame of {@code len} content bytes into {@code out} at {@code outOff}.
   *
   * @return the frame's length, {@code len + FINAL_OVERHEAD}
   */
  public int sealFinal(int sequence, byte[] in, int inOff, int len, byte[] out, int outOff) {
    putInt(out, outOff, SEQUENCE_END);
    putInt(out, outOff + 4, sequence);
    putIv(out, outOff + 8, sequence);
    putInt(out, outOff + 20, len);
    seal(finalAad, sequence, in, inOff, len, out, outOff + 8, outOff + 24);
    return len + FINAL_OVERHEAD;
  }

  private void seal(
      byte[] aad, int sequence, byte[] in, int inOff, int len, byte[] out, int ivOff) {
    putIv(out, ivOff, sequence);
    seal(aad, sequence, in, inOff, len, out, ivOff, ivOff + IV_LENGTH);
  }

  private void seal(
      byte[] aad, int sequence, byte[] in, int inOff, int len, byte[] out, int ivOff, int ctOff) {
    putIv(iv, 0, sequence);
    patchAad(aad, sequence, len);
    try {
      Cipher c = cipher;
      if (sequence == reopenedSequence && reopenedSequence != 0) {
        reopenedSequence = 0;
        c = Cipher.getInstance("AES/GCM/NoPadding");
      }
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
      c.updateAAD(aad);
      c.doFinal(in, inOff, len, out, ctOff);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed in the JDK", e);
    }
  }

  /**
   * Opens one frame's content: {@code len} ciphertext bytes at {@code ctOff} followed by the tag,
   * with the IV at {@code ivOff}, into {@code out} at {@code outOff}.
   *
   * @throws BadCiphertextException if the tag does not verify; {@code out} then holds nothing of
   *     the frame
   */
  public void open(
      boolean finalFrame,
      int sequence,
      byte[] src,
      int ivOff,
      int ctOff,
      int len,
      byte[] out,
      int outOff) {
    open(finalFrame ? finalAad : regularAad, sequence, src, ivOff, ctOff, len, out, outOff);
  }

  /**
   * Opens the unpublished regular frame {@code sequence} of {@code len} content bytes at {@code
   * frame[off]} into {@code out} at {@code outOff}, then zeroes the frame, so that its content can
   * be sealed once more under the same IV (see the class note). Only a writer calls this, on a
   * frame it sealed itself and never released.
   */
  public void reopenRegular(int sequence, byte[] frame, int off, int len, byte[] out, int outOff) {
    open(regularAad, sequence, frame, off + 4, off + 16, len, out, outOff);
    java.util.Arrays.fill(frame, off, off + len + REGULAR_OVERHEAD, (byte) 0);
    reopenedSequence = sequence;
  }

  /**
   * Opens a non-framed body: {@code len} ciphertext bytes at {@code ctOff} followed by the tag,
   * with the IV at {@code ivOff}.
   *
   * @throws BadCiphertextException if the tag does not verify
   */
  public void openSingleBlock(byte[] src, int ivOff, int ctOff, int len, byte[] out, int outOff) {
    open(singleAad, 1, src, ivOff, ctOff, len, out, outOff);
  }

  private void open(
      byte[] aad, int sequence, byte[] src, int ivOff, int ctOff, int len, byte[] out, int outOff) {
    patchAad(aad, sequence, len);
    try {
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, src, ivOff, IV_LENGTH));
      cipher.updateAAD(aad);
      cipher.doFinal(src, ctOff, len + 16, out, outOff);
    } catch (AEADBadTagException e) {
      java.util.Arrays.fill(out, outOff, outOff + len, (byte) 0);
      throw new BadCiphertextException(
          (aad == singleAad ? "message body" : "frame " + Integer.toUnsignedString(sequence))
              + " failed authentication",
          e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed in the JDK", e);
    }
  }

  /**
   * Checks a non-framed body's content length field (the 8 bytes at {@code off}) against the
   * reader's bound, before anything is buffered for it.
   *
   * @return the length
   * @throws BadCiphertextException if the length is over {@code maxBytes}
   */
  public static int nonFramedContentLength(byte[] in, int off, int maxBytes) {
    long high = getInt(in, off) & 0xFFFFFFFFL;
    long low = getInt(in, off + 4) & 0xFFFFFFFFL;
    if (high != 0 || low > maxBytes) {
      String length =
          high > Integer.MAX_VALUE
              ? Long.toUnsignedString((high << 32) | low)
              : Long.toString((high << 32) | low);
      throw new BadCiphertextException(
          "non-framed body content length "
              + length
              + " exceeds the limit maxNonFramedBodyBytes "
              + maxBytes
              + "; a non-framed body is held whole until its tag verifies, so raise the limit"
              + " only for trusted senders");
    }
    return (int) low;
  }

  /** Whether {@code a} and {@code b} are equal, compared in constant time. */
  public static boolean constantTimeEquals(byte[] a, byte[] b) {
    return MessageDigest.isEqual(a, b);
  }

  private static void patchAad(byte[] aad, int sequence, long len) {
    int o = aad.length - 12;
    putInt(aad, o, sequence);
    putInt(aad, o + 4, (int) (len >>> 32));
    putInt(aad, o + 8, (int) len);
  }

  private static void putIv(byte[] out, int off, int sequence) {
    for (int i = 0; i < 8; i++) {
      out[off + i] = 0;
    }
    putInt(out, off + 8, sequence);
  }

  /** Writes {@code v} big-endian. */
  public static void putInt(byte[] out, int off, int v) {
    out[off] = (byte) (v >>> 24);
    out[off + 1] = (byte) (v >>> 16);
    out[off + 2] = (byte) (v >>> 8);
    out[off + 3] = (byte) v;
  }

  /** Reads a big-endian int. */
  public static int getInt(byte[] in, int off) {
    return ((in[off] & 0xFF) << 24)
        | ((in[off + 1] & 0xFF) << 16)
        | ((in[off + 2] & 0xFF) << 8)
        | (in[off + 3] & 0xFF);
  }
}
