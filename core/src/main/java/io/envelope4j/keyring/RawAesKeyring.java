package io.envelope4j.keyring;

import io.envelope4j.NoDecryptionKeyException;
import io.envelope4j.internal.format.EncryptionContextCodec;
import io.envelope4j.materials.DataKey;
import io.envelope4j.materials.DecryptionMaterials;
import io.envelope4j.materials.EncryptionMaterials;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Wraps data keys with a local AES key (128, 192 or 256 bits) in AES-GCM, laid out as the ESDK's
 * raw AES keyring specification says, so any ESDK holding the same key, namespace and name can
 * unwrap them.
 *
 * <pre>
 * provider id    = key namespace (UTF-8)
 * provider info  = key name (UTF-8) | tag length in bits (uint32, 128) | IV length (uint32, 12)
 *                  | IV (12 bytes)
 * ciphertext     = wrapped data key | GCM tag (16 bytes)
 * wrapping AAD   = the serialized encryption context of the materials
 * </pre>
 *
 * <p>Design note: every wrap draws a fresh random IV. The wrapping key is held as a JCA key for the
 * keyring's lifetime; the caller's array is copied, so the caller wipes its own. Thread-safe.
 *
 * <p>A JCA provider lookup costs about as much as the wrap itself, so the keyring keeps one spare
 * {@link Cipher}: a call takes it atomically (or makes a new one when another thread holds it),
 * initialises it with the wrapping key and its own IV, and puts it back after a successful call; no
 * two threads ever use it at once. It only ever holds the wrapping key, which the keyring holds
 * anyway, and it lives exactly as long as the keyring, so no key is retained longer than before; no
 * data key stays in it (GCM keeps no plaintext after {@code doFinal}). A reused {@code Cipher}
 * refuses an encryption under the same key and IV as its previous one, which a fresh one accepts (a
 * random source that repeats itself, as in tests); the wrap then uses a fresh {@code Cipher},
 * exactly as it did before the spare existed.
 */
public final class RawAesKeyring implements Keyring {
  private static final int TAG_LENGTH_BITS = 128;
  private static final int IV_LENGTH_BYTES = 12;

  private final String keyNamespace;
  private final String keyName;
  private final byte[] keyNameBytes;
  private final SecretKeySpec wrappingKey;
  private final SecureRandom random;
  private final int wrappingKeyBits;
  private final AtomicReference<Cipher> spareCipher = new AtomicReference<>();

  private RawAesKeyring(Builder b) {
    this.keyNamespace = b.keyNamespace;
    this.keyName = b.keyName;
    this.keyNameBytes = keyName.getBytes(StandardCharsets.UTF_8);
    this.wrappingKey = new SecretKeySpec(b.wrappingKey, "AES");
    this.random = b.random == null ? new SecureRandom() : b.random;
    this.wrappingKeyBits = b.wrappingKey.length * 8;
  }

  /** A builder; namespace, name and wrapping key are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The key namespace (written as the provider id). */
  public String keyNamespace() {
    return keyNamespace;
  }

  /** The key name (written at the start of the provider info). */
  public String keyName() {
    return keyName;
  }

  @Override
  public EncryptionMaterials onEncrypt(EncryptionMaterials materials) {
    EncryptionMaterials result = materials;
    if (result.dataKey().isEmpty()) {
      result = result.withDataKey(DataKey.generate(result.suite().dataKeyLengthBytes(), random));
    }
    byte[] aad = EncryptionContextCodec.serialize(result.encryptionContext());
    byte[] iv = new byte[IV_LENGTH_BYTES];
    random.nextBytes(iv);
    byte[] plaintextKey = result.dataKey().orElseThrow().revealCopy();
    try {
      GCMParameterSpec spec = new GCMParameterSpec(TAG_LENGTH_BITS, iv);
      Cipher cipher = takeCipher();
      try {
        cipher.init(Cipher.ENCRYPT_MODE, wrappingKey, spec);
      } catch (InvalidAlgorithmParameterException repeatedIv) {
        cipher = newCipher();
        cipher.init(Cipher.ENCRYPT_MODE, wrappingKey, spec);
      }
      cipher.updateAAD(aad);
      byte[] wrapped = cipher.doFinal(plaintextKey);
      spareCipher.set(cipher);
      return result.withEncryptedDataKey(
          EncryptedDataKey.of(keyNamespace, providerInfo(iv), wrapped));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM wrap failed in the JDK", e);
    } finally {
      Arrays.fill(plaintextKey, (byte) 0);
    }
  }

  @Override
  public DecryptionMaterials onDecrypt(
      DecryptionMaterials materials, List<EncryptedDataKey> encryptedDataKeys) {
    if (materials.dataKey().isPresent()) {
      return materials;
    }
    byte[] aad = EncryptionContextCodec.serialize(materials.encryptionContext());
    int expectedKeyLength = materials.suite().dataKeyLengthBytes();
    List<Throwable> failures = new ArrayList<>();
    int matching = 0;
    for (EncryptedDataKey edk : encryptedDataKeys) {
      byte[] info = edk.providerInfo();
      if (!edk.providerId().equals(keyNamespace) || !isOurProviderInfo(info)) {
        continue;
      }
      matching++;
      byte[] ciphertext = edk.ciphertext();
      if (ciphertext.length != expectedKeyLength + TAG_LENGTH_BITS / 8) {
        failures.add(
            new NoDecryptionKeyException(
                describe()
                    + ": encrypted data key of "
                    + ciphertext.length
                    + " bytes does not fit a "
                    + expectedKeyLength
                    + "-byte data key"));
        continue;
      }
      try {
        Cipher cipher = takeCipher();
        cipher.init(
            Cipher.DECRYPT_MODE,
            wrappingKey,
            new GCMParameterSpec(TAG_LENGTH_BITS, info, keyNameBytes.length + 8, IV_LENGTH_BYTES));
        cipher.updateAAD(aad);
        byte[] plaintextKey = cipher.doFinal(ciphertext);
        spareCipher.set(cipher);
        try {
          return materials.withDataKey(DataKey.copyOf(plaintextKey));
        } finally {
          Arrays.fill(plaintextKey, (byte) 0);
        }
      } catch (GeneralSecurityException e) {
        failures.add(
            new NoDecryptionKeyException(
                describe() + ": unwrapping failed (wrong key or encryption context)"));
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

  /** The spare {@code Cipher}, taken so no other thread can use it, or a new one. */
  private Cipher takeCipher() throws GeneralSecurityException {
    Cipher spare = spareCipher.getAndSet(null);
    return spare != null ? spare : newCipher();
  }

  private static Cipher newCipher() throws GeneralSecurityException {
    return Cipher.getInstance("AES/GCM/NoPadding");
  }

  private byte[] providerInfo(byte[] iv) {
    return ByteBuffer.allocate(keyNameBytes.length + 8 + IV_LENGTH_BYTES)
        .put(keyNameBytes)
        .putInt(TAG_LENGTH_BITS)
        .putInt(IV_LENGTH_BYTES)
        .put(iv)
        .array();
  }

  private boolean isOurProviderInfo(byte[] info) {
    if (info.length != keyNameBytes.length + 8 + IV_LENGTH_BYTES) {
      return false;
    }
    ByteBuffer buf = ByteBuffer.wrap(info);
    byte[] name = new byte[keyNameBytes.length];
    buf.get(name);
    return Arrays.equals(name, keyNameBytes)
        && buf.getInt() == TAG_LENGTH_BITS
        && buf.getInt() == IV_LENGTH_BYTES;
  }

  private String describe() {
    return "raw AES keyring " + keyNamespace + "/" + keyName;
  }

  /** Shows namespace, name and key size, never the key. */
  @Override
  public String toString() {
    return "RawAesKeyring[" + keyNamespace + "/" + keyName + ", AES-" + wrappingKeyBits + "]";
  }

  /** Builds a {@link RawAesKeyring}; not thread-safe. */
  public static final class Builder {
    private String keyNamespace;
    private String keyName;
    private byte[] wrappingKey;
    private SecureRandom random;

    private Builder() {}

    /** The key namespace, the provider id of every key this keyring writes. */
    public Builder keyNamespace(String namespace) {
      this.keyNamespace = Objects.requireNonNull(namespace, "namespace");
      return this;
    }

    /** The key name, which starts the provider info. */
    public Builder keyName(String name) {
      this.keyName = Objects.requireNonNull(name, "name");
      return this;
    }

    /** The AES wrapping key: 16, 24 or 32 bytes; copied (wipe your array afterwards). */
    public Builder wrappingKey(byte[] key) {
      int length = key.length;
      if (length != 16 && length != 24 && length != 32) {
        throw new IllegalArgumentException(
            "AES wrapping key of " + length + " bytes; use 16, 24 or 32 bytes");
      }
      this.wrappingKey = key.clone();
      return this;
    }

    /** The source of data keys and IVs; defaults to a strong {@link SecureRandom}. */
    public Builder secureRandom(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Builds the keyring.
     *
     * @throws IllegalStateException if the namespace, name or key is missing
     * @throws IllegalArgumentException if the namespace is the reserved {@code aws-kms}
     */
    public RawAesKeyring build() {
      if (keyNamespace == null || keyName == null || wrappingKey == null) {
        throw new IllegalStateException("raw AES keyring needs keyNamespace, keyName and key");
      }
      if (keyNamespace.equals("aws-kms")) {
        throw new IllegalArgumentException(
            "key namespace aws-kms is reserved for KMS keyrings; pick another namespace");
      }
      RawAesKeyring keyring = new RawAesKeyring(this);
      Arrays.fill(wrappingKey, (byte) 0);
      wrappingKey = null;
      return keyring;
    }
  }
}
