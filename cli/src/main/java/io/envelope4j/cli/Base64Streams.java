package io.envelope4j.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Base64;

/** Base64 for {@code --encode} (one line out) and {@code --decode} (white space ignored in). */
final class Base64Streams {
  private Base64Streams() {}

  /**
   * A stream that writes the base64 of what it is given to {@code out} as a single line; closing it
   * ends the line and closes {@code out}.
   */
  static OutputStream encoding(OutputStream out) {
    OutputStream b64 =
        Base64.getEncoder()
            .wrap(
                new java.io.FilterOutputStream(out) {
                  @Override
                  public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                  }

                  @Override
                  public void close() throws IOException {
                    out.write('\n');
                    out.close();
                  }
                });
    return b64;
  }

  /** A stream of the bytes that the base64 text in {@code in} encodes; spaces, CR, LF ignored. */
  static InputStream decoding(InputStream in) {
    return Base64.getDecoder().wrap(new SkipWhitespace(in));
  }

  private static final class SkipWhitespace extends FilterInputStream {
    SkipWhitespace(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b;
      do {
        b = in.read();
      } while (b == ' ' || b == '\t' || b == '\r' || b == '\n');
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      while (true) {
        int n = in.read(buf, off, len);
        if (n <= 0) {
          return n;
        }
        int w = off;
        for (int i = off; i < off + n; i++) {
          byte c = buf[i];
          if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
            buf[w++] = c;
          }
        }
        if (w > off) {
          return w - off;
        }
      }
    }
  }
}
