package io.envelope4j.internal.format;

import io.envelope4j.BadCiphertextException;
import java.io.IOException;
import java.io.InputStream;

/** A {@link ByteSource} over an {@code InputStream}, reading exactly what is asked. */
public final class StreamSource implements ByteSource {
  private final InputStream in;
  private long bytesRead;

  /** A source reading from {@code in}. */
  public StreamSource(InputStream in) {
    this.in = in;
  }

  @Override
  public void readFully(byte[] b, int off, int len, String field) throws IOException {
    int done = 0;
    while (done < len) {
      int n = in.read(b, off + done, len - done);
      if (n < 0) {
        if (bytesRead == 0 && done == 0) {
          throw new BadCiphertextException("input is empty; expected a message");
        }
        throw new BadCiphertextException("message is truncated: it ends inside the " + field);
      }
      done += n;
      bytesRead += n;
    }
  }

  /** Whether the stream is at its end (reads one byte ahead to tell). */
  public boolean atEnd() throws IOException {
    return in.read() < 0;
  }

  /** Bytes read so far. */
  public long bytesRead() {
    return bytesRead;
  }
}
