package io.envelope4j.internal.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF (RFC 5869) over a JCA HMAC. Extract and expand are separate so that one pseudorandom key can
 * feed several expansions, as the committing suites do.
 */
public final class Hkdf {
  private Hkdf() {}

  /**
   * HKDF-Extract. An empty or null salt means a string of hash-length zeros, as RFC 5869 says.
   *
   * @return the pseudorandom key; the caller wipes it
   */
  public static byte[] extract(String macAlgorithm, byte[] saltOrNull, byte[] ikm) {
    try {
      Mac mac = Mac.getInstance(macAlgorithm);
      byte[] salt =
          saltOrNull == null || saltOrNull.length == 0 ? new byte[mac.getMacLength()] : saltOrNull;
      mac.init(new SecretKeySpec(salt, macAlgorithm));
      return mac.doFinal(ikm);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks " + macAlgorithm, e);
    }
  }

  /**
   * HKDF-Expand.
   *
   * @param lengthBytes output length, at most 255 hash lengths
   * @return the output keying material; the caller wipes it
   */
  public static byte[] expand(String macAlgorithm, byte[] prk, byte[] info, int lengthBytes) {
    try {
      Mac mac = Mac.getInstance(macAlgorithm);
      int hashLength = mac.getMacLength();
      if (lengthBytes < 0 || lengthBytes > 255 * hashLength) {
        throw new IllegalArgumentException(
            "HKDF output length " + lengthBytes + " is outside 0 to " + 255 * hashLength);
      }
      mac.init(new SecretKeySpec(prk, macAlgorithm));
      byte[] out = new byte[lengthBytes];
      byte[] block = new byte[0];
      int written = 0;
      for (int counter = 1; written < lengthBytes; counter++) {
        mac.update(block);
        mac.update(info);
        mac.update((byte) counter);
        Arrays.fill(block, (byte) 0);
        block = mac.doFinal();
        int n = Math.min(hashLength, lengthBytes - written);
        System.arraycopy(block, 0, out, written, n);
        written += n;
      }
      Arrays.fill(block, (byte) 0);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks " + macAlgorithm, e);
    }
  }
}
