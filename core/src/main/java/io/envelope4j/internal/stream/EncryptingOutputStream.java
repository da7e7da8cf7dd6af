package io.envelope4j.internal.stream;

import io.envelope4j.EncryptRequest;
import io.envelope4j.internal.Limits;
import java.io.IOException;
import java.io.OutputStream;

/** Encrypts what is written into a sink stream. */
public final class EncryptingOutputStream extends OutputStream {
  /** Creates the stream; nothing is written until the first call. */
  public EncryptingOutputStream(Limits limits, EncryptRequest request, OutputStream sink) {}

  @Override
  public void write(int b) throws IOException {
    throw new UnsupportedOperationException("not yet implemented");
  }
}
