package io.envelope4j;

import io.envelope4j.keyring.RawAesKeyring;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.SplittableRandom;

/** Shared test helpers: deterministic randomness, keyrings, stream plumbing. */
final class Fixtures {
  static final AlgorithmSuite UNSIGNED = AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY;
  static final AlgorithmSuite SIGNED = AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384;

  private Fixtures() {}

  /** A SecureRandom whose output is a fixed function of its seed (tests only). */
  static final class SeededRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final SplittableRandom random;

    SeededRandom(long seed) {
      super(new byte[0]);
      this.random = new SplittableRandom(seed);
    }

    @Override
    public synchronized void nextBytes(byte[] bytes) {
      random.nextBytes(bytes);
    }

    @Override
    public synchronized void setSeed(long seed) {
      // Deterministic by design: reseeding is ignored.
    }

    @Override
    public synchronized void setSeed(byte[] seed) {
      // Deterministic by design: reseeding is ignored.
    }

    @Override
    public byte[] generateSeed(int numBytes) {
      byte[] b = new byte[numBytes];
      random.nextBytes(b);
      return b;
    }
  }

  static byte[] key(int lengthBytes, int fill) {
    byte[] key = new byte[lengthBytes];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (fill + i);
    }
    return key;
  }

  static RawAesKeyring keyring(String name, int seed) {
    return RawAesKeyring.builder()
        .keyNamespace("envelope4j-test")
        .keyName(name)
        .wrappingKey(key(32, 7))
        .secureRandom(new SeededRandom(seed))
        .build();
  }

  static RawAesKeyring keyring() {
    return keyring("key-1", 1);
  }

  static Envelope envelope(long seed) {
    return Envelope.builder().secureRandom(new SeededRandom(seed)).build();
  }

  static byte[] plaintext(int length) {
    byte[] p = new byte[length];
    new SplittableRandom(length * 31L + 5).nextBytes(p);
    return p;
  }

  /** Reads {@code in} to its end in reads of {@code chunk} bytes at a non-zero offset. */
  static byte[] readAll(InputStream in, int chunk) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[chunk + 3];
    while (true) {
      int n = chunk == 1 && (out.size() & 1) == 0 ? readOne(in, buf) : in.read(buf, 3, chunk);
      if (n < 0) {
        return out.toByteArray();
      }
      if (n == 0) {
        throw new AssertionError("read returned 0 for a non-empty request");
      }
      out.write(buf, 3, n);
    }
  }

  private static int readOne(InputStream in, byte[] buf) throws IOException {
    int b = in.read();
    if (b < 0) {
      return -1;
    }
    buf[3] = (byte) b;
    return 1;
  }
}
