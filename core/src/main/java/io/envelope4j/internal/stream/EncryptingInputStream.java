package io.envelope4j.internal.stream;

import io.envelope4j.EncryptRequest;
import io.envelope4j.internal.Limits;
import io.envelope4j.internal.MessageEncryptor;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Produces the message encrypting a source stream.
 *
 * <p>Design note: the stream reads one frame of plaintext plus one byte more; that extra byte tells
 * a regular frame (more follows) from the final one without a separate peek, and moves to the front
 * of the buffer afterwards. A regular frame requested into a caller's array big enough for it is
 * sealed there directly. The materials manager runs on the first read. Memory: one frame of
 * plaintext and one of ciphertext, grown only as the data needs. Any failure is kept; every later
 * call throws. Not thread-safe.
 */
public final class EncryptingInputStream extends InputStream {
  private final Limits limits;
  private final EncryptRequest request;
  private final InputStream source;
  private final InputStream closeable;
  private final int frameLength;
  private final long declaredLength;

  private MessageEncryptor encryptor;
  private byte[] plain = new byte[0];
  private int count;
  private boolean sourceDone;
  private byte[] out = new byte[0];
  private int pos;
  private int limit;
  private long consumed;
  private boolean messageDone;
  private boolean closed;
  private IOException failure;
  private final byte[] one = new byte[1];

  /** Creates the stream; nothing is read until the first call. */
  public EncryptingInputStream(Limits limits, EncryptRequest request, InputStream source) {
    this.limits = limits;
    this.request = request;
    this.closeable = source;
    this.source = StreamFailures.blockBuffered(source);
    this.frameLength = request.frameLengthBytes();
    this.declaredLength = request.plaintextLengthBytes().orElse(-1);
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
      while (pos == limit) {
        if (messageDone) {
          return -1;
        }
        int direct = produce(b, off, len);
        if (direct > 0) {
          return direct;
        }
      }
      int n = Math.min(len, limit - pos);
      System.arraycopy(out, pos, b, off, n);
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
    Arrays.fill(plain, (byte) 0);
    closeable.close();
  }

  /** Produces the next piece of the message; returns bytes placed directly in {@code b}. */
  private int produce(byte[] b, int off, int len) throws IOException {
    if (encryptor == null) {
      if (frameLength > StreamFailures.MAX_STREAM_FRAME_LENGTH) {
        throw StreamFailures.frameTooLarge(frameLength);
      }
      encryptor = MessageEncryptor.start(limits, request, request.plaintextLengthBytes());
      out = encryptor.header();
      pos = 0;
      limit = out.length;
      out = out.clone();
      return 0;
    }
    fillPlain();
    if (count > frameLength) {
      int frameSize = frameLength + 32;
      int n;
      if (len >= frameSize) {
        n = encryptor.sealRegular(plain, 0, b, off);
      } else {
        ensureOutCapacity(frameSize);
        n = encryptor.sealRegular(plain, 0, out, 0);
        pos = 0;
        limit = n;
      }
      plain[0] = plain[frameLength];
      count = 1;
      return len >= frameSize ? n : 0;
    }
    checkDeclaredLength(true);
    int footerLength = encryptor.expectedFooterLength();
    ensureOutCapacity(count + 40 + footerLength);
    int n = encryptor.sealFinal(plain, 0, count, out, 0);
    byte[] footer = encryptor.footer();
    ensureOutCapacity(n + footer.length);
    System.arraycopy(footer, 0, out, n, footer.length);
    Arrays.fill(plain, (byte) 0);
    pos = 0;
    limit = n + footer.length;
    messageDone = true;
    return 0;
  }

  private void fillPlain() throws IOException {
    int target = frameLength + 1;
    while (count < target && !sourceDone) {
      if (count == plain.length) {
        int capacity = (int) Math.min(target, Math.max(4097L, plain.length * 2L));
        plain = Arrays.copyOf(plain, capacity);
      }
      int n = source.read(plain, count, plain.length - count);
      if (n < 0) {
        sourceDone = true;
      } else {
        count += n;
        consumed += n;
        checkDeclaredLength(false);
      }
    }
  }

  private void checkDeclaredLength(boolean atEnd) throws IOException {
    if (declaredLength < 0) {
      return;
    }
    if (consumed > declaredLength || (atEnd && consumed != declaredLength)) {
      throw new IOException(
          "source held "
              + consumed
              + " plaintext bytes but the request declared "
              + declaredLength);
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
    if (e instanceof RuntimeException r && !StreamFailures.isReported(r)) {
      failure = new IOException(r.getMessage(), r);
      throw r;
    }
    failure = StreamFailures.toIOException(e);
    return failure;
  }

  private void ensureOutCapacity(int needed) {
    if (out.length < needed) {
      out = Arrays.copyOf(out, needed);
    }
  }
}
