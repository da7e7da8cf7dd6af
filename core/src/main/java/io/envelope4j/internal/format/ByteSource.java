package io.envelope4j.internal.format;

import java.io.IOException;

/** Where a message parser pulls bytes from: an array for one-shot calls, a stream otherwise. */
public interface ByteSource {
  /**
   * Reads exactly {@code len} bytes.
   *
   * @param field the message field being read, for the error when the input ends early
   * @throws io.envelope4j.BadCiphertextException if the input ends first
   * @throws IOException if the underlying stream fails
   */
  void readFully(byte[] b, int off, int len, String field) throws IOException;
}
