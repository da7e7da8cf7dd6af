package io.envelope4j.internal.stream;

import io.envelope4j.DecryptRequest;
import io.envelope4j.MessageInfo;
import io.envelope4j.internal.Limits;
import java.io.IOException;
import java.io.InputStream;

/** Decrypts a message read from a source stream. */
public final class DecryptionStream extends InputStream {
  /** Creates the stream; nothing is read until the first call. */
  public DecryptionStream(Limits limits, DecryptRequest request, InputStream source) {}

  /** The header facts, reading the header first if needed. */
  public MessageInfo info() throws IOException {
    throw new UnsupportedOperationException("not yet implemented");
  }

  @Override
  public int read() throws IOException {
    throw new UnsupportedOperationException("not yet implemented");
  }
}
