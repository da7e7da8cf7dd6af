package io.envelope4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Run in a small-heap JVM by {@link MemoryTest}: streams {@code args[0]} bytes of generated
 * plaintext through encryption and decryption without ever holding the message, once through the
 * encrypting {@code InputStream} and once through the encrypting {@code OutputStream} (over a
 * pipe), and prints the SHA-256 of what went in and what came out.
 */
public final class MemoryProbe {
  private MemoryProbe() {}

  /** Entry point: {@code MemoryProbe <bytes>}. */
  public static void main(String[] args) throws Exception {
    long total = Long.parseLong(args[0]);
    Envelope envelope = Envelope.defaults();
    EncryptRequest encrypt = EncryptRequest.builder().keyring(Fixtures.keyring()).build();
    DecryptRequest decrypt = DecryptRequest.builder().keyring(Fixtures.keyring()).build();

    Generator source = new Generator(total);
    InputStream pipeline =
        envelope.decryptingStream(envelope.encryptingInputStream(source, encrypt), decrypt);
    String out = digestOf(pipeline);
    System.out.println("input-stream in=" + hex(source.digest()) + " out=" + out);

    PipedInputStream pipeIn = new PipedInputStream(1 << 16);
    PipedOutputStream pipeOut = new PipedOutputStream(pipeIn);
    Generator writerSource = new Generator(total);
    AtomicReference<Throwable> writerFailure = new AtomicReference<>();
    Thread writer =
        new Thread(
            () -> {
              byte[] buf = new byte[50_000];
              try (OutputStream enc = envelope.encryptingStream(pipeOut, encrypt)) {
                for (int n = writerSource.read(buf); n >= 0; n = writerSource.read(buf)) {
                  enc.write(buf, 0, n);
                }
              } catch (Throwable t) {
                writerFailure.set(t);
              }
            });
    writer.start();
    String out2 = digestOf(envelope.decryptingStream(pipeIn, decrypt));
    writer.join();
    if (writerFailure.get() != null) {
      throw new IllegalStateException("writer failed", writerFailure.get());
    }
    System.out.println("output-stream in=" + hex(writerSource.digest()) + " out=" + out2);
    Runtime rt = Runtime.getRuntime();
    System.out.println("max-heap=" + rt.maxMemory());
  }

  private static String digestOf(InputStream in) throws IOException, NoSuchAlgorithmException {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    byte[] buf = new byte[65_536];
    for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
      digest.update(buf, 0, n);
    }
    in.close();
    return hex(digest.digest());
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  /** Deterministic pseudo-random bytes, digested as they are handed out. */
  static final class Generator extends InputStream {
    private final MessageDigest digest;
    private long remaining;
    private long state = 0x9E3779B97F4A7C15L;

    Generator(long total) throws NoSuchAlgorithmException {
      this.remaining = total;
      this.digest = MessageDigest.getInstance("SHA-256");
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (remaining == 0) {
        return -1;
      }
      int n = (int) Math.min(len, remaining);
      for (int i = 0; i < n; i++) {
        if ((i & 7) == 0) {
          state ^= state << 13;
          state ^= state >>> 7;
          state ^= state << 17;
        }
        b[off + i] = (byte) (state >>> ((i & 7) * 8));
      }
      digest.update(b, off, n);
      remaining -= n;
      return n;
    }

    byte[] digest() {
      return Arrays.copyOf(digest.digest(), 32);
    }
  }
}
