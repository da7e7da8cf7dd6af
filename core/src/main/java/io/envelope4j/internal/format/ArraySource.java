package io.envelope4j.internal.format;

import io.envelope4j.BadCiphertextException;

/** A {@link ByteSource} over an array, for one-shot decryption. */
public final class ArraySource implements ByteSource {
  private final byte[] in;
  private int position;

  /** A source reading {@code in} from the start. */
  public ArraySource(byte[] in) {
    this.in = in;
  }

  @Override
  public void readFully(byte[] b, int off, int len, String field) {
    if (len > in.length - position) {
      throw new BadCiphertextException("message is truncated: it ends inside the " + field);
    }
    System.arraycopy(in, position, b, off, len);
    position += len;
  }
}
