package io.envelope4j.internal.stream;

import io.envelope4j.EncryptRequest;
import io.envelope4j.internal.Limits;
import io.envelope4j.internal.MessageEncryptor;
import io.envelope4j.internal.format.FrameCipher;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Encrypts what is written into a sink stream.
 *
 * <p>Design note: the last frame of a message must be a final frame, so a complete frame becomes a
 * regular one only when more bytes arrive (or on {@link #flush()}). Plaintext collects in a buffer
 * of one frame. While that buffer is empty, whole frames are sealed straight from the caller's
 * array: all but the last of a write as regular frames, and a last one that ends the write exactly
 * is sealed as a regular frame but held back in the ciphertext batch, neither written nor signed
 * (see {@link MessageEncryptor#sealHeld}). More data or a flush releases it; a close instead opens
 * it again into the plaintext buffer and seals it as the final frame, which costs one extra frame
 * of AES-GCM per message but spares every frame-sized write a copy. The materials manager runs on
 * the first write, flush or close, and the header goes out then. Memory: one frame of plaintext and
 * one of ciphertext (at least 64 KiB), grown only as the data needs. The plaintext buffer is wiped
 * on close and on failure. Any failure is kept; every later call throws. Not thread-safe.
 */
public final class EncryptingOutputStream extends OutputStream {
  private final Limits limits;
  private final EncryptRequest request;
  private final OutputStream sink;
  private final int frameLength;
  private final long declaredLength;

  private MessageEncryptor encryptor;
  private byte[] plain = new byte[0];
  private int count;
  private byte[] out = new byte[0];
  private int outCount;
  private int heldOff = -1;
  private long written;
  private boolean closed;
  private IOException failure;
  private final byte[] one = new byte[1];

  /** Creates the stream; nothing is written until the first call. */
  public EncryptingOutputStream(Limits limits, EncryptRequest request, OutputStream sink) {
    this.limits = limits;
    this.request = request;
    this.sink = sink;
    this.frameLength = request.frameLengthBytes();
    this.declaredLength = request.plaintextLengthBytes().orElse(-1);
  }

  @Override
  public void write(int b) throws IOException {
    one[0] = (byte) b;
    write(one, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    checkUsable();
    if (len == 0) {
      return;
    }
    try {
      start();
      countBytes(len);
      releaseHeld();
      while (len > 0) {
        if (count == frameLength) {
          emitRegular(plain, 0);
          count = 0;
        }
        if (count == 0 && len >= frameLength) {
          if (len > frameLength) {
            emitRegular(b, off);
          } else {
            emitHeld(b, off);
          }
          off += frameLength;
          len -= frameLength;
          continue;
        }
        int n = Math.min(len, frameLength - count);
        ensurePlainCapacity(count + n);
        System.arraycopy(b, off, plain, count, n);
        count += n;
        off += n;
        len -= n;
      }
    } catch (IOException | RuntimeException e) {
      throw fail(e);
    }
  }

  /** Writes every complete frame and flushes the sink; the message stays open. */
  @Override
  public void flush() throws IOException {
    checkUsable();
    try {
      start();
      releaseHeld();
      if (count == frameLength) {
        emitRegular(plain, 0);
        count = 0;
      }
      drain();
      sink.flush();
    } catch (IOException | RuntimeException e) {
      throw fail(e);
    }
  }

  /**
   * Writes the final frame and the footer, then closes the sink. A second call does nothing. After
   * an earlier failure it only closes the sink: the message stays incomplete, and the failure was
   * already reported.
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (failure == null) {
        start();
        if (declaredLength >= 0 && written != declaredLength) {
          throw new IOException(
              "stream received "
                  + written
                  + " plaintext bytes but the request declared "
                  + declaredLength);
        }
        if (heldOff >= 0) {
          ensurePlainCapacity(frameLength);
          encryptor.reopenHeld(out, heldOff, plain, 0);
          outCount = heldOff;
          heldOff = -1;
          count = frameLength;
        }
        reserve(count + FrameCipher.FINAL_OVERHEAD);
        outCount += encryptor.sealFinal(plain, 0, count, out, outCount);
        byte[] footer = encryptor.footer();
        reserve(footer.length);
        System.arraycopy(footer, 0, out, outCount, footer.length);
        outCount += footer.length;
        drain();
      }
    } catch (IOException | RuntimeException e) {
      throw fail(e);
    } finally {
      Arrays.fill(plain, (byte) 0);
      sink.close();
    }
  }

  private void start() throws IOException {
    if (encryptor != null) {
      return;
    }
    if (frameLength > StreamFailures.MAX_STREAM_FRAME_LENGTH) {
      throw StreamFailures.frameTooLarge(frameLength);
    }
    encryptor = MessageEncryptor.start(limits, request, request.plaintextLengthBytes());
    sink.write(encryptor.header());
  }

  private void countBytes(int len) throws IOException {
    written += len;
    if (declaredLength >= 0 && written > declaredLength) {
      throw new IOException(
          "stream received more plaintext than the declared " + declaredLength + " bytes");
    }
  }

  private void emitRegular(byte[] in, int inOff) throws IOException {
    reserve(frameLength + FrameCipher.REGULAR_OVERHEAD);
    outCount += encryptor.sealRegular(in, inOff, out, outCount);
  }

  private void emitHeld(byte[] in, int inOff) throws IOException {
    reserve(frameLength + FrameCipher.REGULAR_OVERHEAD);
    heldOff = outCount;
    outCount += encryptor.sealHeld(in, inOff, out, outCount);
  }

  /** The held frame, if any, stays a regular frame: more data follows or a flush asks for it. */
  private void releaseHeld() {
    if (heldOff >= 0) {
      encryptor.releaseHeld(out, heldOff);
      heldOff = -1;
    }
  }

  /** Makes room for {@code bytes} more in the batch, writing the batch out first if needed. */
  private void reserve(int bytes) throws IOException {
    if (out.length - outCount < bytes) {
      drain();
      if (out.length < bytes) {
        out = new byte[Math.max(bytes, StreamFailures.BLOCK_BYTES)];
      }
    }
  }

  private void drain() throws IOException {
    if (outCount > 0) {
      sink.write(out, 0, outCount);
      outCount = 0;
    }
  }

  private void checkUsable() throws IOException {
    if (closed) {
      throw new IOException("encrypting stream is closed");
    }
    if (failure != null) {
      throw StreamFailures.afterFailure(failure);
    }
  }

  private IOException fail(Exception e) {
    Arrays.fill(plain, (byte) 0);
    count = 0;
    if (e instanceof RuntimeException r && !StreamFailures.isReported(r)) {
      failure = new IOException(r.getMessage(), r);
      throw r;
    }
    failure = StreamFailures.toIOException(e);
    return failure;
  }

  private void ensurePlainCapacity(int needed) {
    if (plain.length < needed) {
      int capacity =
          (int) Math.min(frameLength, Math.max(needed, Math.max(4096L, plain.length * 2L)));
      plain = Arrays.copyOf(plain, capacity);
    }
  }
}
