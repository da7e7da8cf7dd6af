package io.envelope4j.internal.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF (RFC 5869) over a JCA HMAC. Extract and expand are separate so that one pseudorandom key can
 * feed several expansions, as the committing suites do.
 *
 * <p>Design note: the {@link Mac}-taking forms let one derivation run its extract and expands on a
 * single {@code Mac}, which each step re-initialises with its own key; a JCA provider lookup costs
 * about as much as an HMAC of a short input. The {@code Mac} is the caller's, lives no longer than
 * the derivation, and is never shared between threads. Until it is dropped it holds the key of its
 * last step (the pseudorandom key) in its own state, as the discarded per-step {@code Mac} objects
 * did before; neither can be wiped in Java 17.
 */
public final class Hkdf {
  private Hkdf() {}

  /** A new, uninitialised {@code Mac} for {@code macAlgorithm}, such as {@code HmacSHA512}. */
  public static Mac newMac(String macAlgorithm) {
    try {
      return Mac.getInstance(macAlgorithm);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks " + macAlgorithm, e);
    }
  }

  /**
   * HKDF-Extract. An empty or null salt means a string of hash-length zeros, as RFC 5869 says.
   *
   * @return the pseudorandom key; the caller wipes it
   */
  public static byte[] extract(String macAlgorithm, byte[] saltOrNull, byte[] ikm) {
    return extract(newMac(macAlgorithm), saltOrNull, ikm);
  }

  /**
   * HKDF-Extract on {@code mac}, which it re-initialises.
   *
   * @return the pseudorandom key; the caller wipes it
   */
  public static byte[] extract(Mac mac, byte[] saltOrNull, byte[] ikm) {
    String macAlgorithm = mac.getAlgorithm();
    try {
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
    return expand(newMac(macAlgorithm), prk, info, lengthBytes);
  }

  /**
   * HKDF-Expand on {@code mac}, which it re-initialises with {@code prk}.
   *
   * @param lengthBytes output length, at most 255 hash lengths
   * @return the output keying material; the caller wipes it
   */
  public static byte[] expand(Mac mac, byte[] prk, byte[] info, int lengthBytes) {
    String macAlgorithm = mac.getAlgorithm();
    try {
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
