package io.envelope4j.internal;

import io.envelope4j.BadCiphertextException;
import io.envelope4j.DecryptRequest;
import io.envelope4j.EncryptRequest;
import io.envelope4j.EnvelopeException;
import io.envelope4j.internal.crypto.TrailingSignature;
import io.envelope4j.internal.format.ArraySource;
import io.envelope4j.internal.format.FrameCipher;
import io.envelope4j.internal.format.HeaderCodec;
import io.envelope4j.internal.format.MessageHeader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * One-shot encryption and decryption of whole messages held in arrays.
 *
 * <p>Design note: both directions size their output exactly before sealing or opening anything, so
 * each makes one output allocation and seals or opens every frame straight into it. Decrypt walks
 * the body twice: first its structure (sequence numbers, lengths, footer, trailing bytes) without
 * touching keys, then the frames themselves, and last the signature. The plaintext array never
 * leaves unless every tag and the signature verified: a tag or signature failure wipes it before
 * the exception leaves. Given a {@link Parallelism}, a large message's regular frames are sealed or
 * opened in chunks by {@link ParallelFrames} at the same offsets, so the bytes do not depend on the
 * thread count; the signature digest stays on the calling thread.
 */
public final class OneShot {
  /** The largest array the JVM reliably allocates. */
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  private OneShot() {}

  /** Encrypts {@code plaintext} into one message on the calling thread. */
  public static Encrypted encrypt(Limits limits, EncryptRequest request, byte[] plaintext) {
    return encrypt(limits, request, plaintext, null);
  }

  /**
   * Encrypts {@code plaintext} into one message, sealing its regular frames on several threads if
   * {@code parallelismOrNull} allows and the message is large enough; the bytes are the same either
   * way.
   */
  public static Encrypted encrypt(
      Limits limits, EncryptRequest request, byte[] plaintext, Parallelism parallelismOrNull) {
    MessageEncryptor encryptor =
        MessageEncryptor.start(limits, request, OptionalLong.of(plaintext.length));
    byte[] header = encryptor.header();
    int frameLength = encryptor.frameLengthBytes();
    long regularFrames = plaintext.length == 0 ? 0 : (plaintext.length - 1L) / frameLength;
    int finalLength = (int) (plaintext.length - regularFrames * frameLength);
    long total =
        header.length
            + regularFrames * (frameLength + (long) FrameCipher.REGULAR_OVERHEAD)
            + finalLength
            + FrameCipher.FINAL_OVERHEAD
            + encryptor.expectedFooterLength();
    if (total > MAX_ARRAY) {
      throw new IllegalArgumentException(
          "message would be " + total + " bytes, over the array limit; use a stream");
    }

    byte[] out = new byte[(int) total];
    System.arraycopy(header, 0, out, 0, header.length);
    int position = header.length;
    int inOff = 0;
    if (ParallelFrames.worthIt(parallelismOrNull, regularFrames, frameLength)) {
      sealInParallel(parallelismOrNull, encryptor, plaintext, (int) regularFrames, out, position);
      inOff = (int) (regularFrames * frameLength);
      position += (int) (regularFrames * (frameLength + FrameCipher.REGULAR_OVERHEAD));
    } else {
      for (long i = 0; i < regularFrames; i++) {
        position += encryptor.sealRegular(plaintext, inOff, out, position);
        inOff += frameLength;
      }
    }
    position += encryptor.sealFinal(plaintext, inOff, finalLength, out, position);

    byte[] footer = encryptor.footer();
    if (position + footer.length != out.length) {
      out = Arrays.copyOf(out, position + footer.length);
    }
    System.arraycopy(footer, 0, out, position, footer.length);
    return new Encrypted(out, encryptor.info());
  }

  /**
   * Seals regular frames 0 to {@code frames - 1} into {@code out} from {@code bodyOff}, in chunks
   * on several threads; the calling thread adds each finished chunk to the message (and its
   * signature digest) in order.
   */
  private static void sealInParallel(
      Parallelism parallelism,
      MessageEncryptor encryptor,
      byte[] plaintext,
      int frames,
      byte[] out,
      int bodyOff) {
    int frameLength = encryptor.frameLengthBytes();
    int sealedLength = frameLength + FrameCipher.REGULAR_OVERHEAD;
    int perChunk = ParallelFrames.framesPerChunk(frameLength);
    int chunks = (frames + perChunk - 1) / perChunk;
    ParallelFrames.run(
        parallelism,
        chunks,
        encryptor::frameCipherCopy,
        (cipher, chunk) -> {
          int first = chunk * perChunk;
          int end = Math.min(frames, first + perChunk);
          for (int f = first; f < end; f++) {
            cipher.sealRegular(
                f + 1, plaintext, f * frameLength, frameLength, out, bodyOff + f * sealedLength);
          }
        },
        null,
        chunk -> {
          int first = chunk * perChunk;
          int count = Math.min(frames, first + perChunk) - first;
          encryptor.appendRegular(out, bodyOff + first * sealedLength, count);
        });
  }

  /** Decrypts the message in {@code ciphertext} on the calling thread. */
  public static Plaintext decrypt(Limits limits, DecryptRequest request, byte[] ciphertext) {
    return decrypt(limits, request, ciphertext, null);
  }

  /**
   * Decrypts the message in {@code ciphertext}, opening its regular frames on several threads if
   * {@code parallelismOrNull} allows and the message is large enough. Nothing is returned before
   * every tag and the signature verified.
   */
  public static Plaintext decrypt(
      Limits limits, DecryptRequest request, byte[] ciphertext, Parallelism parallelismOrNull) {
    if (ciphertext.length == 0) {
      throw new BadCiphertextException("input is empty; expected a message");
    }
    MessageHeader header;
    try {
      header = HeaderCodec.parse(new ArraySource(ciphertext), limits);
    } catch (IOException e) {
      throw new UncheckedIOException("array source cannot fail", e);
    }
    MessageDecryptor decryptor = MessageDecryptor.start(limits, request, header);

    Layout layout =
        Layout.walk(
            ciphertext, header, decryptor.verifierOrNull() != null, limits.maxNonFramedBodyBytes());
    if (layout.messageEnd != ciphertext.length && !request.stopAtMessageEnd()) {
      throw new BadCiphertextException(
          (ciphertext.length - layout.messageEnd)
              + " bytes follow the end of the message; a message must be the whole input");
    }
    if (layout.plaintextLength > MAX_ARRAY) {
      throw new EnvelopeException(
          "plaintext of " + layout.plaintextLength + " bytes exceeds an array; use a stream");
    }

    byte[] plaintext = new byte[(int) layout.plaintextLength];
    TrailingSignature verifier = decryptor.verifierOrNull();
    int headerLength = header.headerLengthBytes();
    Runnable digestBody =
        verifier == null
            ? null
            : () -> verifier.update(ciphertext, headerLength, layout.bodyEnd - headerLength);
    if (header.contentType() == HeaderCodec.CONTENT_FRAMED
        && ParallelFrames.worthIt(
            parallelismOrNull, layout.regularFrames, header.frameLengthBytes())) {
      openInParallel(
          parallelismOrNull, ciphertext, header, decryptor.frames(), layout, plaintext, digestBody);
    } else {
      openFrames(ciphertext, header, decryptor.frames(), plaintext);
      if (digestBody != null) {
        digestBody.run();
      }
    }

    if (verifier != null) {
      byte[] signature = Arrays.copyOfRange(ciphertext, layout.bodyEnd + 2, layout.messageEnd);
      if (!verifier.verify(signature)) {
        Arrays.fill(plaintext, (byte) 0);
        throw new BadCiphertextException("message signature does not verify");
      }
    }
    return new Plaintext(plaintext, header.info(), layout.messageEnd);
  }

  /**
   * Opens the regular frames in chunks on several threads while the calling thread first digests
   * the body for the signature, then opens the final frame. Wipes the plaintext on any failure.
   */
  private static void openInParallel(
      Parallelism parallelism,
      byte[] ciphertext,
      MessageHeader header,
      FrameCipher frames,
      Layout layout,
      byte[] plaintext,
      Runnable digestBodyOrNull) {
    int frameLength = header.frameLengthBytes();
    int sealedLength = frameLength + FrameCipher.REGULAR_OVERHEAD;
    int bodyOff = header.headerLengthBytes();
    int regular = (int) layout.regularFrames;
    int perChunk = ParallelFrames.framesPerChunk(frameLength);
    int chunks = (regular + perChunk - 1) / perChunk;
    try {
      ParallelFrames.run(
          parallelism,
          chunks,
          frames::copy,
          (cipher, chunk) -> {
            int first = chunk * perChunk;
            int end = Math.min(regular, first + perChunk);
            for (int f = first; f < end; f++) {
              int position = bodyOff + f * sealedLength;
              cipher.open(
                  false,
                  f + 1,
                  ciphertext,
                  position + 4,
                  position + 16,
                  frameLength,
                  plaintext,
                  f * frameLength);
            }
          },
          digestBodyOrNull,
          null);
      int position = bodyOff + regular * sealedLength;
      int length = FrameCipher.getInt(ciphertext, position + 20);
      frames.open(
          true,
          regular + 1,
          ciphertext,
          position + 8,
          position + 24,
          length,
          plaintext,
          regular * frameLength);
    } catch (RuntimeException | Error e) {
      Arrays.fill(plaintext, (byte) 0);
      throw e;
    }
  }

  private static void openFrames(
      byte[] ciphertext, MessageHeader header, FrameCipher frames, byte[] plaintext) {
    if (header.contentType() == HeaderCodec.CONTENT_NON_FRAMED) {
      int position = header.headerLengthBytes();
      frames.openSingleBlock(ciphertext, position, position + 20, plaintext.length, plaintext, 0);
      return;
    }
    int frameLength = header.frameLengthBytes();
    int position = header.headerLengthBytes();
    int outOff = 0;
    try {
      for (int sequence = 1; ; sequence++) {
        if (FrameCipher.getInt(ciphertext, position) != FrameCipher.SEQUENCE_END) {
          frames.open(
              false,
              sequence,
              ciphertext,
              position + 4,
              position + 16,
              frameLength,
              plaintext,
              outOff);
          position += frameLength + FrameCipher.REGULAR_OVERHEAD;
          outOff += frameLength;
        } else {
          int length = FrameCipher.getInt(ciphertext, position + 20);
          frames.open(
              true, sequence, ciphertext, position + 8, position + 24, length, plaintext, outOff);
          return;
        }
      }
    } catch (BadCiphertextException e) {
      Arrays.fill(plaintext, (byte) 0);
      throw e;
    }
  }

  /** The body's structure, checked without keys. */
  private static final class Layout {
    long plaintextLength;
    long regularFrames;
    int bodyEnd;
    int messageEnd;

    static Layout walk(byte[] in, MessageHeader header, boolean signed, int maxNonFramedBodyBytes) {
      Layout layout = new Layout();
      long frameLength = header.frameLengthBytes();
      long position = header.headerLengthBytes();
      for (int sequence = 1; header.contentType() == HeaderCodec.CONTENT_FRAMED; sequence++) {
        need(in, position, 4, "frame sequence number");
        int field = FrameCipher.getInt(in, (int) position);
        if (field != FrameCipher.SEQUENCE_END) {
          checkSequence(field, sequence);
          need(in, position, frameLength + FrameCipher.REGULAR_OVERHEAD, "regular frame");
          position += frameLength + FrameCipher.REGULAR_OVERHEAD;
          layout.plaintextLength += frameLength;
          layout.regularFrames++;
          continue;
        }
        need(in, position, 24, "final frame header");
        checkSequence(FrameCipher.getInt(in, (int) position + 4), sequence);
        long length = FrameCipher.getInt(in, (int) position + 20) & 0xFFFFFFFFL;
        if (length > frameLength) {
          throw new BadCiphertextException(
              "final frame content length " + length + " exceeds the frame length " + frameLength);
        }
        need(in, position, length + FrameCipher.FINAL_OVERHEAD, "final frame");
        position += length + FrameCipher.FINAL_OVERHEAD;
        layout.plaintextLength += length;
        break;
      }
      if (header.contentType() == HeaderCodec.CONTENT_NON_FRAMED) {
        need(in, position, 20, "non-framed body header");
        long length =
            FrameCipher.nonFramedContentLength(in, (int) position + 12, maxNonFramedBodyBytes);
        need(in, position, 20 + length + 16, "non-framed body");
        position += 20 + length + 16;
        layout.plaintextLength = length;
      }
      layout.bodyEnd = (int) position;
      if (signed) {
        need(in, position, 2, "signature length");
        int signatureLength = ((in[(int) position] & 0xFF) << 8) | (in[(int) position + 1] & 0xFF);
        need(in, position, 2L + signatureLength, "signature");
        position += 2 + signatureLength;
      }
      layout.messageEnd = (int) position;
      return layout;
    }

    private static void checkSequence(int field, int expected) {
      if (field != expected) {
        throw new BadCiphertextException(
            "frame sequence number "
                + Integer.toUnsignedString(field)
                + " where "
                + Integer.toUnsignedString(expected)
                + " was expected");
      }
    }

    private static void need(byte[] in, long position, long length, String field) {
      if (position + length > in.length) {
        throw new BadCiphertextException("message is truncated: it ends inside the " + field);
      }
    }
  }
}
