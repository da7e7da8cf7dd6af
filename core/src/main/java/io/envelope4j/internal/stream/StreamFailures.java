package io.envelope4j.internal.stream;

import io.envelope4j.EnvelopeException;
import java.io.IOException;

/** How the streams turn failures into {@code IOException}s and keep them. */
final class StreamFailures {
  private StreamFailures() {}

  /** The {@code IOException} a stream throws for {@code cause}, keeping its message. */
  static IOException toIOException(Throwable cause) {
    if (cause instanceof IOException io) {
      return io;
    }
    return new IOException(cause.getMessage(), cause);
  }

  /** The exception every call after a failure throws. */
  static IOException afterFailure(IOException failure) {
    return new IOException("stream failed earlier: " + failure.getMessage(), failure);
  }

  /** Whether {@code e} is one the stream reports as an {@code IOException}. */
  static boolean isReported(RuntimeException e) {
    return e instanceof EnvelopeException;
  }

  /** Block size for reads from and writes to unbuffered streams. */
  static final int BLOCK_BYTES = 64 * 1024;

  /**
   * {@code in} wrapped in a block buffer, unless it already serves small reads cheaply (an
   * in-memory or buffered stream), where a second buffer would only add a copy.
   */
  static java.io.InputStream blockBuffered(java.io.InputStream in) {
    if (in instanceof java.io.ByteArrayInputStream || in instanceof java.io.BufferedInputStream) {
      return in;
    }
    return new java.io.BufferedInputStream(in, BLOCK_BYTES);
  }

  /** The largest frame length a stream can buffer. */
  static final int MAX_STREAM_FRAME_LENGTH = Integer.MAX_VALUE - 64;

  static IOException frameTooLarge(int frameLength) {
    return new IOException(
        "frame length "
            + frameLength
            + " is too large to buffer in a stream; the maximum is "
            + MAX_STREAM_FRAME_LENGTH);
  }
}
