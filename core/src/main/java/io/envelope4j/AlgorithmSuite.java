package io.envelope4j;

import java.util.Optional;

/**
 * The algorithm suites of the AWS Encryption SDK message format, named as the ESDK names them and
 * identified on the wire by their two-byte id.
 *
 * <p>Every suite uses AES-GCM with a 12-byte IV and a 16-byte tag. Suites differ in key length, key
 * derivation, signature, key commitment and the message format version they are written in. The
 * committing suites (0x0478 and 0x0578) are the only ones written by default; the others exist so
 * that older messages can be read (see {@link CommitmentPolicy}).
 *
 * <p>Instances are immutable constants and safe to share.
 */
public enum AlgorithmSuite {
  /** 0x0014: AES-128-GCM, data key used directly, no signature, format v1. */
  AES_128_GCM_IV12_TAG16_NO_KDF(0x0014, 1, 16, Kdf.IDENTITY, Signature.NONE, false),
  /** 0x0046: AES-192-GCM, data key used directly, no signature, format v1. */
  AES_192_GCM_IV12_TAG16_NO_KDF(0x0046, 1, 24, Kdf.IDENTITY, Signature.NONE, false),
  /** 0x0078: AES-256-GCM, data key used directly, no signature, format v1. */
  AES_256_GCM_IV12_TAG16_NO_KDF(0x0078, 1, 32, Kdf.IDENTITY, Signature.NONE, false),
  /** 0x0114: AES-128-GCM, HKDF-SHA256, no signature, format v1. */
  AES_128_GCM_IV12_TAG16_HKDF_SHA256(0x0114, 1, 16, Kdf.HKDF_SHA256, Signature.NONE, false),
  /** 0x0146: AES-192-GCM, HKDF-SHA256, no signature, format v1. */
  AES_192_GCM_IV12_TAG16_HKDF_SHA256(0x0146, 1, 24, Kdf.HKDF_SHA256, Signature.NONE, false),
  /** 0x0178: AES-256-GCM, HKDF-SHA256, no signature, format v1. */
  AES_256_GCM_IV12_TAG16_HKDF_SHA256(0x0178, 1, 32, Kdf.HKDF_SHA256, Signature.NONE, false),
  /** 0x0214: AES-128-GCM, HKDF-SHA256, ECDSA P-256 with SHA-256, format v1. */
  AES_128_GCM_IV12_TAG16_HKDF_SHA256_ECDSA_P256(
      0x0214, 1, 16, Kdf.HKDF_SHA256, Signature.ECDSA_P256_SHA256, false),
  /** 0x0346: AES-192-GCM, HKDF-SHA384, ECDSA P-384 with SHA-384, format v1. */
  AES_192_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384(
      0x0346, 1, 24, Kdf.HKDF_SHA384, Signature.ECDSA_P384_SHA384, false),
  /** 0x0378: AES-256-GCM, HKDF-SHA384, ECDSA P-384 with SHA-384, format v1. */
  AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384(
      0x0378, 1, 32, Kdf.HKDF_SHA384, Signature.ECDSA_P384_SHA384, false),
  /** 0x0478: AES-256-GCM, HKDF-SHA512, key commitment, no signature, format v2. */
  AES_256_GCM_HKDF_SHA512_COMMIT_KEY(0x0478, 2, 32, Kdf.HKDF_SHA512, Signature.NONE, true),
  /**
   * 0x0578: AES-256-GCM, HKDF-SHA512, key commitment, ECDSA P-384 with SHA-384, format v2. The
   * default suite.
   */
  AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384(
      0x0578, 2, 32, Kdf.HKDF_SHA512, Signature.ECDSA_P384_SHA384, true);

  /** How a suite turns the data key into the content encryption key. */
  public enum Kdf {
    /** The data key is the encryption key. */
    IDENTITY(null, 0),
    /** HKDF (RFC 5869) with HMAC-SHA256. */
    HKDF_SHA256("HmacSHA256", 32),
    /** HKDF (RFC 5869) with HMAC-SHA384. */
    HKDF_SHA384("HmacSHA384", 48),
    /** HKDF (RFC 5869) with HMAC-SHA512. */
    HKDF_SHA512("HmacSHA512", 64);

    private final String macAlgorithm;
    private final int hashLengthBytes;

    Kdf(String macAlgorithm, int hashLengthBytes) {
      this.macAlgorithm = macAlgorithm;
      this.hashLengthBytes = hashLengthBytes;
    }

    /** The JCA name of the HMAC this KDF uses, or {@code null} for {@link #IDENTITY}. */
    public String macAlgorithmOrNull() {
      return macAlgorithm;
    }

    /** Length of the hash output in bytes; 0 for {@link #IDENTITY}. */
    public int hashLengthBytes() {
      return hashLengthBytes;
    }
  }

  /** The trailing signature a suite carries in the message footer. */
  public enum Signature {
    /** No signature; the message has no footer. */
    NONE(null, null, null, 0),
    /** ECDSA on P-256 over SHA-256. */
    ECDSA_P256_SHA256("secp256r1", "SHA-256", "SHA256withECDSA", 32),
    /** ECDSA on P-384 over SHA-384. */
    ECDSA_P384_SHA384("secp384r1", "SHA-384", "SHA384withECDSA", 48);

    private final String curveName;
    private final String digestAlgorithm;
    private final String jcaAlgorithm;
    private final int fieldLengthBytes;

    Signature(String curveName, String digestAlgorithm, String jcaAlgorithm, int fieldLengthBytes) {
      this.curveName = curveName;
      this.digestAlgorithm = digestAlgorithm;
      this.jcaAlgorithm = jcaAlgorithm;
      this.fieldLengthBytes = fieldLengthBytes;
    }

    /** The JCA standard name of the curve ({@code secp384r1}), or {@code null} for none. */
    public String curveNameOrNull() {
      return curveName;
    }

    /** The JCA name of the digest ({@code SHA-384}), or {@code null} for none. */
    public String digestAlgorithmOrNull() {
      return digestAlgorithm;
    }

    /** The JCA signature algorithm ({@code SHA384withECDSA}), or {@code null} for none. */
    public String jcaAlgorithmOrNull() {
      return jcaAlgorithm;
    }

    /** Length of one field element (and of the compressed point's x) in bytes; 0 for none. */
    public int fieldLengthBytes() {
      return fieldLengthBytes;
    }
  }

  private final int id;
  private final int messageFormatVersion;
  private final int encryptionKeyLengthBytes;
  private final Kdf kdf;
  private final Signature signature;
  private final boolean committing;

  AlgorithmSuite(
      int id,
      int messageFormatVersion,
      int encryptionKeyLengthBytes,
      Kdf kdf,
      Signature signature,
      boolean committing) {
    this.id = id;
    this.messageFormatVersion = messageFormatVersion;
    this.encryptionKeyLengthBytes = encryptionKeyLengthBytes;
    this.kdf = kdf;
    this.signature = signature;
    this.committing = committing;
  }

  /** The two-byte suite id as written in the header, for example {@code 0x0578}. */
  public int id() {
    return id;
  }

  /** The message format version this suite is written in: 1 or 2. */
  public int messageFormatVersion() {
    return messageFormatVersion;
  }

  /** Length of the AES key (and of the data key) in bytes: 16, 24 or 32. */
  public int encryptionKeyLengthBytes() {
    return encryptionKeyLengthBytes;
  }

  /** Length of the data key a keyring must produce, in bytes (the KDF input length). */
  public int dataKeyLengthBytes() {
    return encryptionKeyLengthBytes;
  }

  /** The key derivation function. */
  public Kdf kdf() {
    return kdf;
  }

  /** The trailing signature algorithm; {@link Signature#NONE} when unsigned. */
  public Signature signature() {
    return signature;
  }

  /** Whether messages of this suite carry a trailing signature. */
  public boolean isSigned() {
    return signature != Signature.NONE;
  }

  /** Whether this suite commits to its data key (the header carries a commitment value). */
  public boolean isCommitting() {
    return committing;
  }

  /** AES-GCM IV length in bytes: always 12. */
  public int ivLengthBytes() {
    return 12;
  }

  /** AES-GCM tag length in bytes: always 16. */
  public int tagLengthBytes() {
    return 16;
  }

  /** Length of the message id in bytes: 16 for format v1, 32 for v2. */
  public int messageIdLengthBytes() {
    return messageFormatVersion == 1 ? 16 : 32;
  }

  /** Length of the header's algorithm suite data (the commitment value): 32 or 0. */
  public int suiteDataLengthBytes() {
    return committing ? 32 : 0;
  }

  /**
   * The suite with the given two-byte id.
   *
   * @param id the id, for example {@code 0x0478}
   * @return the suite, or empty if no suite has that id
   */
  public static Optional<AlgorithmSuite> findById(int id) {
    for (AlgorithmSuite suite : values()) {
      if (suite.id == id) {
        return Optional.of(suite);
      }
    }
    return Optional.empty();
  }

  /** The id in the ESDK's hexadecimal notation, for example {@code 0x0578}. */
  public String hexId() {
    return String.format("0x%04X", id);
  }
}
