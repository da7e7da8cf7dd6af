package io.envelope4j.internal.stream;

import io.envelope4j.EncryptRequest;
import io.envelope4j.internal.Limits;
import java.io.IOException;
import java.io.InputStream;

/** Produces the message encrypting a source stream. */
public final class EncryptingInputStream extends InputStream {
  /** Creates the stream; nothing is read until the first call. */
  public EncryptingInputStream(Limits limits, EncryptRequest request, InputStream source) {}

  @Override
  public int read() throws IOException {
    throw new UnsupportedOperationException("not yet implemented");
  }
}
