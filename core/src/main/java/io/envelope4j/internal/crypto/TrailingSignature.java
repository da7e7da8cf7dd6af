package io.envelope4j.internal.crypto;

import io.envelope4j.AlgorithmSuite;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;

/**
 * The ECDSA signature over a message's header and body, kept as a running digest.
 *
 * <p>Design note: the message bytes go through one {@link MessageDigest}; the digest is then signed
 * or verified with the JDK's pre-hashed {@code NONEwithECDSA}, which equals {@code SHA384withECDSA}
 * over the same bytes. Keeping the digest separate lets the writer re-sign the same digest until
 * the DER encoding has the fixed length the ESDK for Java writes (103 bytes for P-384), so a
 * one-shot message's size is known before it is sealed. Readers accept any valid DER length. Not
 * thread-safe.
 */
public final class TrailingSignature {
  private static final int MAX_SIGN_ATTEMPTS = 64;

  private final AlgorithmSuite.Signature algorithm;
  private final MessageDigest digest;
  private final Signature signature;

  private TrailingSignature(AlgorithmSuite.Signature algorithm) {
    this.algorithm = algorithm;
    try {
      this.digest = MessageDigest.getInstance(algorithm.digestAlgorithmOrNull());
      this.signature = Signature.getInstance("NONEwithECDSA");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks " + algorithm, e);
    }
  }

  /** A signer with {@code key}, drawing ECDSA nonces from {@code random}. */
  public static TrailingSignature forSigning(
      AlgorithmSuite.Signature algorithm, PrivateKey key, SecureRandom random) {
    TrailingSignature s = new TrailingSignature(algorithm);
    try {
      s.signature.initSign(key, random);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("signing key does not fit " + algorithm, e);
    }
    return s;
  }

  /** A verifier with {@code key}. */
  public static TrailingSignature forVerifying(AlgorithmSuite.Signature algorithm, PublicKey key) {
    TrailingSignature s = new TrailingSignature(algorithm);
    try {
      s.signature.initVerify(key);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("verification key does not fit " + algorithm, e);
    }
    return s;
  }

  /** The DER length the writer aims for: r and s of full length, one with a sign byte. */
  public static int fixedSignatureLength(AlgorithmSuite.Signature algorithm) {
    return 2 * (2 + algorithm.fieldLengthBytes()) + 2 + 1;
  }

  /** Adds message bytes to the digest. */
  public void update(byte[] b, int off, int len) {
    digest.update(b, off, len);
  }

  /**
   * Signs the bytes so far. With {@code preferFixedLength} the digest is re-signed (up to 64 times,
   * about two on average) until the DER encoding has {@link #fixedSignatureLength}; a one-shot
   * writer uses this to avoid copying a large message that was sized for it.
   */
  public byte[] sign(boolean preferFixedLength) {
    byte[] hash = digest.digest();
    int target = fixedSignatureLength(algorithm);
    int attempts = preferFixedLength ? MAX_SIGN_ATTEMPTS : 1;
    try {
      byte[] der = null;
      for (int i = 0; i < attempts; i++) {
        signature.update(hash);
        der = signature.sign();
        if (der.length == target) {
          break;
        }
      }
      return der;
    } catch (SignatureException e) {
      throw new IllegalStateException("ECDSA signing failed in the JDK", e);
    }
  }

  /** Whether {@code der} is a valid signature over the bytes so far. */
  public boolean verify(byte[] der) {
    try {
      signature.update(digest.digest());
      return signature.verify(der);
    } catch (SignatureException e) {
      return false;
    }
  }
}
