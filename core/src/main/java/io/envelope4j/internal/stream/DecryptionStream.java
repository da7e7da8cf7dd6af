package io.envelope4j.internal.stream;

import io.envelope4j.BadCiphertextException;
import io.envelope4j.DecryptRequest;
import io.envelope4j.MessageInfo;
import io.envelope4j.internal.Limits;
import io.envelope4j.internal.MessageDecryptor;
import io.envelope4j.internal.crypto.TrailingSignature;
import io.envelope4j.internal.format.FrameCipher;
import io.envelope4j.internal.format.HeaderCodec;
import io.envelope4j.internal.format.StreamSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Decrypts a message read from a source stream, one frame at a time.
 *
 * <p>Design note: memory is one frame of ciphertext and one of plaintext, allocated after the
 * header is authenticated and grown only as far as the frames in hand need (so a small message with
 * a large frame length stays small). A frame is opened only when all of it has arrived and released
 * only after its tag verifies; a regular frame read into a caller's array big enough for it is
 * opened there directly, and wiped if the tag fails. After a regular frame the stream also reads
 * the next frame's first four bytes (every regular frame is followed by another), so each frame
 * costs one read on the source. The final frame of a signed message stays in the internal buffer
 * until the footer's signature verifies, and end of data is reported only after the source is
 * exhausted (or at the message end if the request says so). Any failure is kept: the buffers are
 * wiped and every later call throws. Not thread-safe.
 */
public final class DecryptionStream extends InputStream {
  private final Limits limits;
  private final DecryptRequest request;
  private final InputStream in;
  private final StreamSource source;

  private MessageDecryptor decryptor;
  private FrameCipher frames;
  private TrailingSignature verifier;
  private int frameLength;
  private byte[] frame = new byte[0];
  private byte[] plain = new byte[0];
  private int pos;
  private int limit;
  private int sequence = 1;
  private boolean haveSequenceField;
  private boolean messageDone;
  private boolean closed;
  private IOException failure;
  private final byte[] one = new byte[1];

  /** Creates the stream; nothing is read until the first call. */
  public DecryptionStream(Limits limits, DecryptRequest request, InputStream source) {
    this.limits = limits;
    this.request = request;
    this.in = source;
    // Reading ahead is safe only when the whole source is ours to consume.
    this.source =
        new StreamSource(
            request.stopAtMessageEnd() ? source : StreamFailures.blockBuffered(source));
  }

  /** The header facts, reading and authenticating the header first if needed. */
  public MessageInfo info() throws IOException {
    checkUsable();
    try {
      ensureHeader();
      return decryptor.info();
    } catch (IOException | RuntimeException e) {
      throw fail(e);
    }
  }

  @Override
  public int read() throws IOException {
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    checkUsable();
    if (len == 0) {
      return 0;
    }
    try {
      ensureHeader();
      while (pos == limit) {
        if (messageDone) {
          return -1;
        }
        int direct = nextFrame(b, off, len);
        if (direct > 0) {
          return direct;
        }
      }
      int n = Math.min(len, limit - pos);
      System.arraycopy(plain, pos, b, off, n);
      pos += n;
      return n;
    } catch (IOException | RuntimeException e) {
      throw fail(e);
    }
  }

  @Override
  public int available() throws IOException {
    checkUsable();
    return limit - pos;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    wipe();
    in.close();
  }

  private void checkUsable() throws IOException {
    if (closed) {
      throw new IOException("decrypting stream is closed");
    }
    if (failure != null) {
      throw StreamFailures.afterFailure(failure);
    }
  }

  private IOException fail(Exception e) {
    wipe();
    if (e instanceof RuntimeException r && !StreamFailures.isReported(r)) {
      failure = new IOException(r.getMessage(), r);
      throw r;
    }
    failure = StreamFailures.toIOException(e);
    return failure;
  }

  private void wipe() {
    Arrays.fill(plain, (byte) 0);
    pos = 0;
    limit = 0;
  }

  private void ensureHeader() throws IOException {
    if (decryptor != null) {
      return;
    }
    decryptor = MessageDecryptor.start(limits, request, HeaderCodec.parse(source, limits));
    frames = decryptor.frames();
    verifier = decryptor.verifierOrNull();
    frameLength = decryptor.header().frameLengthBytes();
    if (frameLength > StreamFailures.MAX_STREAM_FRAME_LENGTH) {
      throw StreamFailures.frameTooLarge(frameLength);
    }
  }

  /** Reads and opens the next frame; returns bytes placed directly in {@code b}, else 0. */
  private int nextFrame(byte[] b, int off, int len) throws IOException {
    if (decryptor.header().contentType() == HeaderCodec.CONTENT_NON_FRAMED) {
      singleBlock();
      return 0;
    }
    if (!haveSequenceField) {
      ensureFrameCapacity(4);
      source.readFully(frame, 0, 4, "frame sequence number");
    }
    int field = FrameCipher.getInt(frame, 0);
    if (field != FrameCipher.SEQUENCE_END) {
      return regularFrame(field, b, off, len);
    }
    finalFrame();
    return 0;
  }

  private int regularFrame(int field, byte[] b, int off, int len) throws IOException {
    checkSequence(field);
    int body = 12 + frameLength + 16;
    ensureFrameCapacity(4 + body + 4);
    source.readFully(frame, 4, body + 4, "regular frame or the next frame's sequence number");
    if (verifier != null) {
      verifier.update(frame, 0, 4 + body);
    }
    boolean direct = len >= frameLength;
    if (!direct) {
      ensurePlainCapacity(frameLength);
    }
    frames.open(false, sequence, frame, 4, 16, frameLength, direct ? b : plain, direct ? off : 0);
    System.arraycopy(frame, 4 + body, frame, 0, 4);
    haveSequenceField = true;
    sequence++;
    if (direct) {
      return frameLength;
    }
    pos = 0;
    limit = frameLength;
    return 0;
  }

  /**
   * A non-framed body is held whole until its tag verifies, so its length is bounded by {@code
   * maxNonFramedBodyBytes} before anything is allocated for it.
   */
  private void singleBlock() throws IOException {
    ensureFrameCapacity(20);
    source.readFully(frame, 0, 20, "non-framed body header");
    int contentLength =
        FrameCipher.nonFramedContentLength(
            frame,
            12,
            Math.min(limits.maxNonFramedBodyBytes(), StreamFailures.MAX_STREAM_FRAME_LENGTH));
    ensureFrameCapacity(20 + contentLength + 16);
    source.readFully(frame, 20, contentLength + 16, "non-framed body");
    if (verifier != null) {
      verifier.update(frame, 0, 20 + contentLength + 16);
    }
    ensurePlainCapacity(contentLength);
    frames.openSingleBlock(frame, 0, 20, contentLength, plain, 0);
    finishMessage(contentLength);
  }

  private void finalFrame() throws IOException {
    ensureFrameCapacity(24);
    source.readFully(frame, 4, 20, "final frame header");
    checkSequence(FrameCipher.getInt(frame, 4));
    long length = FrameCipher.getInt(frame, 20) & 0xFFFFFFFFL;
    if (length > frameLength) {
      throw new BadCiphertextException(
          "final frame content length " + length + " exceeds the frame length " + frameLength);
    }
    int contentLength = (int) length;
    ensureFrameCapacity(24 + contentLength + 16);
    source.readFully(frame, 24, contentLength + 16, "final frame");
    if (verifier != null) {
      verifier.update(frame, 0, 24 + contentLength + 16);
    }
    ensurePlainCapacity(contentLength);
    frames.open(true, sequence, frame, 8, 24, contentLength, plain, 0);
    finishMessage(contentLength);
  }

  /** Verifies the footer and the end of input before the last plaintext is released. */
  private void finishMessage(int contentLength) throws IOException {
    limit = contentLength;
    pos = 0;
    try {
      if (verifier != null) {
        verifyFooter();
      }
      if (!request.stopAtMessageEnd() && !source.atEnd()) {
        throw new BadCiphertextException(
            "bytes follow the end of the message; a message must be the whole input");
      }
    } catch (IOException | RuntimeException e) {
      wipe();
      throw e;
    }
    messageDone = true;
  }

  private void verifyFooter() throws IOException {
    byte[] lengthField = new byte[2];
    source.readFully(lengthField, 0, 2, "signature length");
    int signatureLength = ((lengthField[0] & 0xFF) << 8) | (lengthField[1] & 0xFF);
    byte[] signature = new byte[signatureLength];
    source.readFully(signature, 0, signatureLength, "signature");
    if (!verifier.verify(signature)) {
      throw new BadCiphertextException("message signature does not verify");
    }
  }

  private void checkSequence(int field) {
    if (field != sequence) {
      throw new BadCiphertextException(
          "frame sequence number "
              + Integer.toUnsignedString(field)
              + " where "
              + Integer.toUnsignedString(sequence)
              + " was expected");
    }
  }

  private void ensureFrameCapacity(int needed) {
    if (frame.length < needed) {
      frame = Arrays.copyOf(frame, needed);
    }
  }

  private void ensurePlainCapacity(int needed) {
    if (plain.length < needed) {
      Arrays.fill(plain, (byte) 0);
      plain = new byte[needed];
    }
  }
}
