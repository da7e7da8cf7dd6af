package io.envelope4j.internal.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * Reads RSA keys from PEM text for the raw RSA keyring: one {@code PUBLIC KEY} (X.509
 * SubjectPublicKeyInfo) or one {@code PRIVATE KEY} (unencrypted PKCS#8) block. Every other block
 * type is refused with an error that names it and says how to convert it; the key bytes never
 * appear in an error.
 *
 * <p>Design note: the decoded DER of a private key is wiped once the JCA has parsed it; the JCA key
 * object keeps its own copy, which the JVM does not let us wipe.
 */
public final class RsaKeys {
  private static final String BEGIN = "-----BEGIN ";
  private static final String DASHES = "-----";

  private RsaKeys() {}

  /** Refuses a modulus shorter than {@code minBits}. */
  public static void checkModulus(BigInteger modulus, int minBits) {
    int bits = modulus.bitLength();
    if (bits < minBits) {
      throw new IllegalArgumentException(
          "RSA modulus of "
              + bits
              + " bits is below the minimum "
              + minBits
              + "; use a larger key");
    }
  }

  /** The public half of a CRT private key. */
  public static RSAPublicKey publicOf(RSAPrivateCrtKey key) {
    try {
      return (RSAPublicKey)
          KeyFactory.getInstance("RSA")
              .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot build an RSA public key", e);
    }
  }

  /** Parses a {@code PUBLIC KEY} PEM block. */
  public static RSAPublicKey parsePublicPem(String pem) {
    byte[] der = decode(pem, "PUBLIC KEY");
    try {
      return (RSAPublicKey)
          KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new IllegalArgumentException(
          "PEM PUBLIC KEY block is not an RSA SubjectPublicKeyInfo", e);
    }
  }

  /** Parses an unencrypted {@code PRIVATE KEY} PEM block. */
  public static RSAPrivateKey parsePrivatePem(String pem) {
    byte[] der = decode(pem, "PRIVATE KEY");
    try {
      return (RSAPrivateKey)
          KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new IllegalArgumentException("PEM PRIVATE KEY block is not an RSA PKCS#8 key");
    } finally {
      Arrays.fill(der, (byte) 0);
    }
  }

  private static byte[] decode(String pem, String expectedLabel) {
    String text = pem.strip();
    if (!text.startsWith(BEGIN)) {
      throw new IllegalArgumentException(
          "text is not PEM: it does not start with -----BEGIN " + expectedLabel + "-----");
    }
    int labelEnd = text.indexOf(DASHES, BEGIN.length());
    if (labelEnd < 0) {
      throw new IllegalArgumentException("PEM text has an unterminated BEGIN line");
    }
    String label = text.substring(BEGIN.length(), labelEnd);
    if (!label.equals(expectedLabel)) {
      throw new IllegalArgumentException(wrongLabel(label, expectedLabel));
    }
    String end = "-----END " + expectedLabel + DASHES;
    int endAt = text.indexOf(end);
    if (endAt < 0 || !text.substring(endAt + end.length()).isBlank()) {
      throw new IllegalArgumentException(
          "PEM text must be exactly one " + expectedLabel + " block ending with " + end);
    }
    String body = text.substring(labelEnd + DASHES.length(), endAt);
    if (body.contains(":")) {
      throw new IllegalArgumentException(
          "PEM "
              + expectedLabel
              + " block has headers (an encrypted legacy key); decrypt it first");
    }
    try {
      return Base64.getMimeDecoder().decode(body.replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("PEM " + expectedLabel + " block is not valid base64");
    }
  }

  private static String wrongLabel(String label, String expected) {
    String hint =
        switch (label.toUpperCase(Locale.ROOT)) {
          case "RSA PUBLIC KEY" ->
              "a PKCS#1 public key; convert it with openssl rsa -RSAPublicKey_in -pubout";
          case "RSA PRIVATE KEY" ->
              "a PKCS#1 private key; convert it with openssl pkcs8 -topk8 -nocrypt";
          case "ENCRYPTED PRIVATE KEY" ->
              "an encrypted PKCS#8 key; decrypt it with openssl pkcs8 -nocrypt";
          case "CERTIFICATE" -> "a certificate; extract its key with openssl x509 -pubkey -noout";
          case "PUBLIC KEY", "PRIVATE KEY" -> "the other half of a key pair";
          default -> "not an RSA key block";
        };
    return "PEM block " + label + " is " + hint + "; expected -----BEGIN " + expected + "-----";
  }
}
