package io.envelope4j.internal.crypto;

import io.envelope4j.AlgorithmSuite;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives the content encryption key and, for committing suites, the commitment value from a data
 * key, as the ESDK's transitive requirements specify.
 *
 * <pre>
 * identity KDF      key = data key
 * HKDF, v1 suites   salt = hash-length zeros, info = suite id (2) | message id (16)
 * HKDF, v2 suites   salt = message id (32); one extract, then
 *                   key        = expand(info = suite id (2) | "DERIVEKEY", 32)
 *                   commitment = expand(info = "COMMITKEY", 32)
 * </pre>
 *
 * <p>Design note: the JCA key object keeps its own copy of the key bytes, which Java 17 cannot wipe
 * ({@code SecretKeySpec.destroy} is not implemented); every intermediate array is wiped. One {@code
 * Mac}, local to the call, runs the extract and the expands (see {@link Hkdf}); it is dropped when
 * the call returns, as the three it replaces were.
 */
public final class KeyDerivation {
  private static final byte[] DERIVE_KEY = "DERIVEKEY".getBytes(StandardCharsets.UTF_8);
  private static final byte[] COMMIT_KEY = "COMMITKEY".getBytes(StandardCharsets.UTF_8);

  private KeyDerivation() {}

  /**
   * The derived keys of one message.
   *
   * @param encryptionKey the AES key for the header tag and the frames
   * @param commitmentOrNull the 32-byte commitment value for committing suites, else null
   */
  public record DerivedKeys(SecretKeySpec encryptionKey, byte[] commitmentOrNull) {}

  /** Derives the keys of a message with id {@code messageId} from {@code dataKey}. */
  public static DerivedKeys derive(AlgorithmSuite suite, byte[] dataKey, byte[] messageId) {
    AlgorithmSuite.Kdf kdf = suite.kdf();
    if (kdf == AlgorithmSuite.Kdf.IDENTITY) {
      return new DerivedKeys(new SecretKeySpec(dataKey, "AES"), null);
    }
    // One Mac for the extract and the expands: each step re-initialises it with its own key.
    Mac mac = Hkdf.newMac(kdf.macAlgorithmOrNull());
    byte[] suiteId = {(byte) (suite.id() >>> 8), (byte) suite.id()};
    if (!suite.isCommitting()) {
      byte[] prk = Hkdf.extract(mac, null, dataKey);
      byte[] key =
          Hkdf.expand(mac, prk, concat(suiteId, messageId), suite.encryptionKeyLengthBytes());
      try {
        return new DerivedKeys(new SecretKeySpec(key, "AES"), null);
      } finally {
        Arrays.fill(prk, (byte) 0);
        Arrays.fill(key, (byte) 0);
      }
    }
    byte[] prk = Hkdf.extract(mac, messageId, dataKey);
    byte[] key =
        Hkdf.expand(mac, prk, concat(suiteId, DERIVE_KEY), suite.encryptionKeyLengthBytes());
    try {
      byte[] commitment = Hkdf.expand(mac, prk, COMMIT_KEY, suite.suiteDataLengthBytes());
      return new DerivedKeys(new SecretKeySpec(key, "AES"), commitment);
    } finally {
      Arrays.fill(prk, (byte) 0);
      Arrays.fill(key, (byte) 0);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
