package io.envelope4j.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * An in-memory sink over one preallocated array, so that the stream benchmarks of every library
 * allocate no output buffer while they run, plus the read loop they share.
 */
public final class ArraySink extends OutputStream {
  private final byte[] buffer;
  private int size;

  /** A sink that holds up to {@code capacity} bytes. */
  public ArraySink(int capacity) {
    buffer = new byte[capacity];
  }

  /** Forgets what was written. */
  public void reset() {
    size = 0;
  }

  /** A copy of what was written since the last reset. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buffer, size);
  }

  @Override
  public void write(int b) {
    buffer[size++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    System.arraycopy(b, off, buffer, size, len);
    size += len;
  }

  /**
   * Reads {@code in} in chunks of {@code chunk} bytes until {@code target} is full, then checks the
   * stream ends there (reading past the last byte is what makes a stream verify its last segment or
   * signature).
   *
   * @throws IllegalStateException if the stream held more or fewer bytes than {@code target}
   */
  public static void readFully(InputStream in, byte[] target, int chunk) throws IOException {
    int offset = 0;
    int n;
    while (offset < target.length
        && (n = in.read(target, offset, Math.min(chunk, target.length - offset))) > 0) {
      offset += n;
    }
    if (offset != target.length || in.read() >= 0) {
      throw new IllegalStateException("the message did not hold the benchmark payload");
    }
  }
}
