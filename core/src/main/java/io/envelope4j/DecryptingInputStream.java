package io.envelope4j;

import io.envelope4j.internal.stream.DecryptionStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A decrypting {@code InputStream} (see {@link Envelope#decryptingStream}) that also reports the
 * message's header facts once the header has been read and authenticated.
 *
 * <p>Not thread-safe. After an {@link IOException} every later call fails with one.
 */
public final class DecryptingInputStream extends InputStream {
  private final DecryptionStream delegate;

  DecryptingInputStream(DecryptionStream delegate) {
    this.delegate = delegate;
  }

  /**
   * The header facts (suite, encryption context, encrypted data keys), reading and authenticating
   * the header first if no byte has been read yet.
   *
   * @throws IOException if the header is bad or cannot be read; the cause is the envelope exception
   */
  public MessageInfo info() throws IOException {
    return delegate.info();
  }

  @Override
  public int read() throws IOException {
    return delegate.read();
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    return delegate.read(b, off, len);
  }

  @Override
  public long skip(long n) throws IOException {
    return delegate.skip(n);
  }

  @Override
  public int available() throws IOException {
    return delegate.available();
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }
}
