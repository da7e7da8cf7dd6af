package io.envelope4j.keyring;

import io.envelope4j.NoDecryptionKeyException;
import io.envelope4j.internal.crypto.RsaKeys;
import io.envelope4j.materials.DataKey;
import io.envelope4j.materials.DecryptionMaterials;
import io.envelope4j.materials.EncryptionMaterials;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * Wraps data keys with a local RSA key pair, as the ESDK's raw RSA keyring specification says, so
 * any ESDK holding the same key, namespace, name and padding can unwrap them.
 *
 * <pre>
 * provider id    = key namespace (UTF-8)
 * provider info  = key name (UTF-8)
 * ciphertext     = RSA encryption of the data key under the padding scheme
 * </pre>
 *
 * <p>Unlike the raw AES keyring, RSA wrapping does not bind the encryption context; the header tag
 * does that for the whole message.
 *
 * <p>Design note: each OAEP padding is set explicitly with an {@link OAEPParameterSpec} whose MGF1
 * uses the same hash as OAEP (and an empty label), because the JCA's transformation names leave the
 * MGF1 hash to the provider, and the SunJCE and BouncyCastle answers differ. Keys come as PEM (SPKI
 * public, PKCS#8 private) or as {@code java.security} keys; moduli under 2048 bits are refused. A
 * keyring with only the public key encrypts; decrypting needs the private key and says so. The
 * keyring holds JCA key objects, which the JVM does not let us wipe. Immutable and thread-safe
 * (each call uses its own {@link Cipher}).
 */
public final class RawRsaKeyring implements Keyring {
  /** The smallest RSA modulus this keyring accepts, in bits. */
  public static final int MIN_MODULUS_BITS = 2048;

  /** The RSA padding schemes the ESDK's raw RSA keyring defines. */
  public enum Padding {
    /** PKCS#1 v1.5 encryption padding. Legacy; prefer OAEP. */
    PKCS1_V1_5(null),
    /** OAEP with SHA-1 and MGF1 with SHA-1. */
    OAEP_SHA1_MGF1(MGF1ParameterSpec.SHA1),
    /** OAEP with SHA-256 and MGF1 with SHA-256. */
    OAEP_SHA256_MGF1(MGF1ParameterSpec.SHA256),
    /** OAEP with SHA-384 and MGF1 with SHA-384. */
    OAEP_SHA384_MGF1(MGF1ParameterSpec.SHA384),
    /** OAEP with SHA-512 and MGF1 with SHA-512. */
    OAEP_SHA512_MGF1(MGF1ParameterSpec.SHA512);

    private final MGF1ParameterSpec mgf1OrNull;

    Padding(MGF1ParameterSpec mgf1OrNull) {
      this.mgf1OrNull = mgf1OrNull;
    }

    Cipher cipher(int mode, java.security.Key key, SecureRandom random)
        throws GeneralSecurityException {
      if (mgf1OrNull == null) {
        Cipher cipher = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        cipher.init(mode, key, random);
        return cipher;
      }
      Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
      OAEPParameterSpec spec =
          new OAEPParameterSpec(
              mgf1OrNull.getDigestAlgorithm(), "MGF1", mgf1OrNull, PSource.PSpecified.DEFAULT);
      cipher.init(mode, key, spec, random);
      return cipher;
    }
  }

  private final String keyNamespace;
  private final String keyName;
  private final byte[] keyNameBytes;
  private final Padding padding;
  private final RSAPublicKey publicKeyOrNull;
  private final RSAPrivateKey privateKeyOrNull;
  private final SecureRandom random;
  private final int modulusBits;

  private RawRsaKeyring(Builder b) {
    this.keyNamespace = b.keyNamespace;
    this.keyName = b.keyName;
    this.keyNameBytes = keyName.getBytes(StandardCharsets.UTF_8);
    this.padding = b.padding;
    this.privateKeyOrNull = b.privateKey;
    this.publicKeyOrNull =
        b.publicKey != null
            ? b.publicKey
            : b.privateKey instanceof RSAPrivateCrtKey crt ? RsaKeys.publicOf(crt) : null;
    this.random = b.random == null ? new SecureRandom() : b.random;
    this.modulusBits =
        (publicKeyOrNull != null ? publicKeyOrNull.getModulus() : privateKeyOrNull.getModulus())
            .bitLength();
  }

  /** A builder; namespace, name, padding and at least one key are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The key namespace (written as the provider id). */
  public String keyNamespace() {
    return keyNamespace;
  }

  /** The key name (written as the provider info). */
  public String keyName() {
    return keyName;
  }

  /** The padding scheme. */
  public Padding padding() {
    return padding;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException if this keyring has no public key (built from a private key
   *     without its public exponent)
   */
  @Override
  public EncryptionMaterials onEncrypt(EncryptionMaterials materials) {
    if (publicKeyOrNull == null) {
      throw new IllegalStateException(
          describe() + " has no public key to encrypt with; give it publicKey(..) as well");
    }
    EncryptionMaterials result = materials;
    if (result.dataKey().isEmpty()) {
      result = result.withDataKey(DataKey.generate(result.suite().dataKeyLengthBytes(), random));
    }
    byte[] plaintextKey = result.dataKey().orElseThrow().revealCopy();
    try {
      byte[] wrapped =
          padding.cipher(Cipher.ENCRYPT_MODE, publicKeyOrNull, random).doFinal(plaintextKey);
      return result.withEncryptedDataKey(
          EncryptedDataKey.of(keyNamespace, keyNameBytes.clone(), wrapped));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          describe() + ": RSA wrap failed in the JCA provider (" + e.getClass().getName() + ")", e);
    } finally {
      Arrays.fill(plaintextKey, (byte) 0);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>A keyring without the private key fails with a {@link NoDecryptionKeyException} saying so.
   */
  @Override
  public DecryptionMaterials onDecrypt(
      DecryptionMaterials materials, List<EncryptedDataKey> encryptedDataKeys) {
    if (materials.dataKey().isPresent()) {
      return materials;
    }
    if (privateKeyOrNull == null) {
      throw new NoDecryptionKeyException(
          describe() + " holds only a public key; decrypting needs the private key");
    }
    int expectedKeyLength = materials.suite().dataKeyLengthBytes();
    int modulusBytes = (modulusBits + 7) / 8;
    List<Throwable> failures = new ArrayList<>();
    int matching = 0;
    for (EncryptedDataKey edk : encryptedDataKeys) {
      if (!edk.providerId().equals(keyNamespace)
          || !Arrays.equals(edk.providerInfo(), keyNameBytes)) {
        continue;
      }
      matching++;
      byte[] ciphertext = edk.ciphertext();
      if (ciphertext.length != modulusBytes) {
        failures.add(
            new NoDecryptionKeyException(
                describe()
                    + ": encrypted data key of "
                    + ciphertext.length
                    + " bytes does not fit a "
                    + modulusBytes
                    + "-byte modulus"));
        continue;
      }
      byte[] plaintextKey = null;
      try {
        plaintextKey =
            padding.cipher(Cipher.DECRYPT_MODE, privateKeyOrNull, random).doFinal(ciphertext);
        if (plaintextKey.length != expectedKeyLength) {
          failures.add(
              new NoDecryptionKeyException(
                  describe()
                      + ": unwrapped data key of "
                      + plaintextKey.length
                      + " bytes where suite "
                      + materials.suite().hexId()
                      + " needs "
                      + expectedKeyLength));
          continue;
        }
        return materials.withDataKey(DataKey.copyOf(plaintextKey));
      } catch (GeneralSecurityException e) {
        failures.add(
            new NoDecryptionKeyException(
                describe() + ": unwrapping failed (wrong key or padding)"));
      } finally {
        if (plaintextKey != null) {
          Arrays.fill(plaintextKey, (byte) 0);
        }
      }
    }
    throw new NoDecryptionKeyException(
        describe()
            + ": "
            + (matching == 0
                ? "none of the " + encryptedDataKeys.size() + " encrypted data keys is ours"
                : "could not unwrap any of the " + matching + " encrypted data keys naming us"),
        failures);
  }

  private String describe() {
    return "raw RSA keyring " + keyNamespace + "/" + keyName;
  }

  /** Shows namespace, name, padding, modulus size and which halves it holds, never a key. */
  @Override
  public String toString() {
    return "RawRsaKeyring["
        + keyNamespace
        + "/"
        + keyName
        + ", "
        + padding
        + ", RSA-"
        + modulusBits
        + (privateKeyOrNull == null ? ", public key only" : "")
        + "]";
  }

  /** Builds a {@link RawRsaKeyring}; not thread-safe. */
  public static final class Builder {
    private String keyNamespace;
    private String keyName;
    private Padding padding;
    private RSAPublicKey publicKey;
    private RSAPrivateKey privateKey;
    private SecureRandom random;

    private Builder() {}

    /** The key namespace, the provider id of every key this keyring writes. */
    public Builder keyNamespace(String namespace) {
      this.keyNamespace = Objects.requireNonNull(namespace, "namespace");
      return this;
    }

    /** The key name, written as the provider info. */
    public Builder keyName(String name) {
      this.keyName = Objects.requireNonNull(name, "name");
      return this;
    }

    /** The padding scheme; required, since the ESDKs have no default. */
    public Builder padding(Padding padding) {
      this.padding = Objects.requireNonNull(padding, "padding");
      return this;
    }

    /**
     * The public key, for encrypting.
     *
     * @throws IllegalArgumentException if the modulus is under 2048 bits
     */
    public Builder publicKey(RSAPublicKey key) {
      RsaKeys.checkModulus(Objects.requireNonNull(key, "key").getModulus(), MIN_MODULUS_BITS);
      this.publicKey = key;
      return this;
    }

    /**
     * The private key, for decrypting (and, if it is a CRT key, for encrypting: its public half is
     * derived from it).
     *
     * @throws IllegalArgumentException if the modulus is under 2048 bits
     */
    public Builder privateKey(RSAPrivateKey key) {
      RsaKeys.checkModulus(Objects.requireNonNull(key, "key").getModulus(), MIN_MODULUS_BITS);
      this.privateKey = key;
      return this;
    }

    /**
     * The public key as PEM text: {@code -----BEGIN PUBLIC KEY-----} (X.509 SubjectPublicKeyInfo).
     *
     * @throws IllegalArgumentException if the text is not one such block, the key is not RSA, or
     *     the modulus is under 2048 bits; PKCS#1 {@code RSA PUBLIC KEY} blocks are named in the
     *     error with the conversion to use
     */
    public Builder publicKeyPem(String pem) {
      return publicKey(RsaKeys.parsePublicPem(Objects.requireNonNull(pem, "pem")));
    }

    /**
     * The private key as PEM text: {@code -----BEGIN PRIVATE KEY-----} (unencrypted PKCS#8).
     *
     * @throws IllegalArgumentException if the text is not one such block, the key is not RSA, or
     *     the modulus is under 2048 bits; PKCS#1 {@code RSA PRIVATE KEY} and encrypted PKCS#8
     *     blocks are named in the error with the conversion to use
     */
    public Builder privateKeyPem(String pem) {
      return privateKey(RsaKeys.parsePrivatePem(Objects.requireNonNull(pem, "pem")));
    }

    /** The source of data keys and padding randomness; defaults to a strong SecureRandom. */
    public Builder secureRandom(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Builds the keyring.
     *
     * @throws IllegalStateException if the namespace, name, padding or both keys are missing
     * @throws IllegalArgumentException if the namespace is the reserved {@code aws-kms}, or the
     *     public and private keys have different moduli
     */
    public RawRsaKeyring build() {
      if (keyNamespace == null || keyName == null || padding == null) {
        throw new IllegalStateException("raw RSA keyring needs keyNamespace, keyName and padding");
      }
      if (publicKey == null && privateKey == null) {
        throw new IllegalStateException(
            "raw RSA keyring needs a public key, a private key or both");
      }
      if (keyNamespace.equals("aws-kms")) {
        throw new IllegalArgumentException(
            "key namespace aws-kms is reserved for KMS keyrings; pick another namespace");
      }
      if (publicKey != null
          && privateKey != null
          && !publicKey.getModulus().equals(privateKey.getModulus())) {
        throw new IllegalArgumentException(
            "the public and private keys are not one key pair (their moduli differ)");
      }
      return new RawRsaKeyring(this);
    }
  }
}
