package io.envelope4j.internal.crypto;

import io.envelope4j.AlgorithmSuite;
import io.envelope4j.BadCiphertextException;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.util.Arrays;
import java.util.Base64;

/**
 * Signing key pairs for the signed suites and the compressed point encoding (SEC 1, section 2.3.3)
 * the ESDK stores under {@code aws-crypto-public-key}.
 *
 * <p>Design note: decompression solves y^2 = x^3 + ax + b over the curve's prime field. Both NIST
 * primes used here are 3 mod 4, so the square root is a single modular power; the result is squared
 * again to reject an x with no point on the curve.
 */
public final class EcKeys {
  private EcKeys() {}

  /** A fresh key pair on the suite's curve. */
  public static KeyPair generate(AlgorithmSuite.Signature signature, SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec(signature.curveNameOrNull()), random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot generate " + signature + " keys", e);
    }
  }

  /** The base64 text of the compressed public point, as stored in the encryption context. */
  public static String encodeCompressed(ECPublicKey key, AlgorithmSuite.Signature signature) {
    int fieldLength = signature.fieldLengthBytes();
    ECPoint w = key.getW();
    byte[] out = new byte[1 + fieldLength];
    out[0] = (byte) (w.getAffineY().testBit(0) ? 0x03 : 0x02);
    writeUnsigned(w.getAffineX(), out, 1, fieldLength);
    return Base64.getEncoder().encodeToString(out);
  }

  /**
   * The public key encoded by {@link #encodeCompressed}.
   *
   * @throws BadCiphertextException if the text is not a valid compressed point on the curve
   */
  public static ECPublicKey decodeCompressed(String base64, AlgorithmSuite.Signature signature) {
    byte[] encoded;
    try {
      encoded = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new BadCiphertextException("aws-crypto-public-key is not valid base64", e);
    }
    int fieldLength = signature.fieldLengthBytes();
    if (encoded.length != 1 + fieldLength || (encoded[0] != 0x02 && encoded[0] != 0x03)) {
      throw new BadCiphertextException(
          "aws-crypto-public-key is not a compressed "
              + signature
              + " point ("
              + encoded.length
              + " bytes, expected "
              + (1 + fieldLength)
              + ")");
    }
    ECParameterSpec params = parameters(signature);
    EllipticCurve curve = params.getCurve();
    BigInteger p = ((ECFieldFp) curve.getField()).getP();
    BigInteger x = new BigInteger(1, Arrays.copyOfRange(encoded, 1, encoded.length));
    if (x.compareTo(p) >= 0) {
      throw new BadCiphertextException("aws-crypto-public-key x coordinate is out of range");
    }
    BigInteger rhs = x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()).mod(p);
    BigInteger y = rhs.modPow(p.add(BigInteger.ONE).shiftRight(2), p);
    if (!y.multiply(y).mod(p).equals(rhs)) {
      throw new BadCiphertextException("aws-crypto-public-key is not a point on " + signature);
    }
    if (y.testBit(0) != (encoded[0] == 0x03)) {
      y = p.subtract(y);
    }
    try {
      KeyFactory factory = KeyFactory.getInstance("EC");
      return (ECPublicKey) factory.generatePublic(new ECPublicKeySpec(new ECPoint(x, y), params));
    } catch (GeneralSecurityException e) {
      throw new BadCiphertextException("aws-crypto-public-key is not a valid public key", e);
    }
  }

  private static final java.util.Map<AlgorithmSuite.Signature, ECParameterSpec> PARAMETERS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static ECParameterSpec parameters(AlgorithmSuite.Signature signature) {
    return PARAMETERS.computeIfAbsent(signature, EcKeys::lookUpParameters);
  }

  private static ECParameterSpec lookUpParameters(AlgorithmSuite.Signature signature) {
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec(signature.curveNameOrNull()));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK does not know curve " + signature, e);
    }
  }

  private static void writeUnsigned(BigInteger value, byte[] out, int offset, int length) {
    byte[] raw = value.toByteArray();
    int copy = Math.min(raw.length, length);
    System.arraycopy(raw, raw.length - copy, out, offset + length - copy, copy);
  }
}
