package io.envelope4j.materials;

import io.envelope4j.AlgorithmSuite;
import java.security.PublicKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a message is decrypted with: the suite and encryption context from the header, the data key
 * once a keyring has unwrapped it, and the signature verification key for signed suites.
 *
 * <p>Immutable and safe to share. {@link #toString()} shows no secret.
 */
public final class DecryptionMaterials {
  private final AlgorithmSuite suite;
  private final Map<String, String> encryptionContext;
  private final DataKey dataKey;
  private final PublicKey verificationKey;

  private DecryptionMaterials(
      AlgorithmSuite suite,
      Map<String, String> encryptionContext,
      DataKey dataKey,
      PublicKey verificationKey) {
    this.suite = Objects.requireNonNull(suite, "suite");
    this.encryptionContext = Collections.unmodifiableMap(new LinkedHashMap<>(encryptionContext));
    this.dataKey = dataKey;
    this.verificationKey = verificationKey;
    if (dataKey != null && dataKey.lengthBytes() != suite.dataKeyLengthBytes()) {
      throw new IllegalArgumentException(
          "data key of "
              + dataKey.lengthBytes()
              + " bytes does not fit suite "
              + suite.hexId()
              + ", which needs "
              + suite.dataKeyLengthBytes());
    }
  }

  /**
   * Materials without a data key yet.
   *
   * @param suite the suite parsed from the header
   * @param encryptionContext the context parsed from the header
   * @param verificationKeyOrNull the signature verification key; null for unsigned suites
   */
  public static DecryptionMaterials of(
      AlgorithmSuite suite,
      Map<String, String> encryptionContext,
      PublicKey verificationKeyOrNull) {
    return new DecryptionMaterials(suite, encryptionContext, null, verificationKeyOrNull);
  }

  /** The algorithm suite. */
  public AlgorithmSuite suite() {
    return suite;
  }

  /** The encryption context from the header; unmodifiable. */
  public Map<String, String> encryptionContext() {
    return encryptionContext;
  }

  /** The plaintext data key, once a keyring has set it. */
  public Optional<DataKey> dataKey() {
    return Optional.ofNullable(dataKey);
  }

  /** The verification key, present exactly when the suite is signed. */
  public Optional<PublicKey> verificationKey() {
    return Optional.ofNullable(verificationKey);
  }

  /**
   * These materials with the data key set.
   *
   * @throws IllegalStateException if a data key is already set
   * @throws IllegalArgumentException if the key length does not fit the suite
   */
  public DecryptionMaterials withDataKey(DataKey key) {
    if (dataKey != null) {
      throw new IllegalStateException("decryption materials already hold a data key");
    }
    return new DecryptionMaterials(
        suite, encryptionContext, Objects.requireNonNull(key, "key"), verificationKey);
  }

  @Override
  public String toString() {
    return "DecryptionMaterials[suite="
        + suite.hexId()
        + ", encryptionContext="
        + encryptionContext.keySet()
        + ", dataKey="
        + (dataKey == null ? "absent" : "present")
        + ", verificationKey="
        + (verificationKey == null ? "absent" : "present")
        + "]";
  }
}
