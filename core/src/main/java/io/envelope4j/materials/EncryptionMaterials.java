package io.envelope4j.materials;

import io.envelope4j.AlgorithmSuite;
import io.envelope4j.keyring.EncryptedDataKey;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a message is encrypted with: the suite, the full encryption context (including the reserved
 * {@code aws-crypto-public-key} entry for signed suites), the data key, its encrypted copies, and
 * the signing key for signed suites.
 *
 * <p>Immutable and safe to share; the {@code with...} methods return new materials sharing the same
 * {@link DataKey} holder. {@link #toString()} shows no secret.
 */
public final class EncryptionMaterials {
  private final AlgorithmSuite suite;
  private final Map<String, String> encryptionContext;
  private final DataKey dataKey;
  private final List<EncryptedDataKey> encryptedDataKeys;
  private final PrivateKey signingKey;

  private EncryptionMaterials(Builder b) {
    this.suite = Objects.requireNonNull(b.suite, "suite");
    this.encryptionContext = Collections.unmodifiableMap(new LinkedHashMap<>(b.encryptionContext));
    this.dataKey = b.dataKey;
    this.encryptedDataKeys = List.copyOf(b.encryptedDataKeys);
    this.signingKey = b.signingKey;
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

  /** A builder for materials of the given suite. */
  public static Builder builder(AlgorithmSuite suite) {
    return new Builder(suite);
  }

  /** A builder holding a copy of these materials. */
  public Builder toBuilder() {
    Builder b = new Builder(suite);
    b.encryptionContext.putAll(encryptionContext);
    b.dataKey = dataKey;
    b.encryptedDataKeys.addAll(encryptedDataKeys);
    b.signingKey = signingKey;
    return b;
  }

  /** The algorithm suite. */
  public AlgorithmSuite suite() {
    return suite;
  }

  /** The encryption context as it will be written to the header; unmodifiable. */
  public Map<String, String> encryptionContext() {
    return encryptionContext;
  }

  /** The plaintext data key, if a generator has set one. */
  public Optional<DataKey> dataKey() {
    return Optional.ofNullable(dataKey);
  }

  /** The encrypted data keys so far, in the order keyrings added them. */
  public List<EncryptedDataKey> encryptedDataKeys() {
    return encryptedDataKeys;
  }

  /** The signing key, present exactly when the suite is signed. */
  public Optional<PrivateKey> signingKey() {
    return Optional.ofNullable(signingKey);
  }

  /**
   * These materials with the data key set.
   *
   * @throws IllegalStateException if a data key is already set
   * @throws IllegalArgumentException if the key length does not fit the suite
   */
  public EncryptionMaterials withDataKey(DataKey key) {
    if (dataKey != null) {
      throw new IllegalStateException("encryption materials already hold a data key");
    }
    Builder b = toBuilder();
    b.dataKey = Objects.requireNonNull(key, "key");
    return b.build();
  }

  /**
   * These materials with one more encrypted data key.
   *
   * @throws IllegalStateException if no data key is set yet
   */
  public EncryptionMaterials withEncryptedDataKey(EncryptedDataKey key) {
    if (dataKey == null) {
      throw new IllegalStateException("an encrypted data key needs a data key first");
    }
    Builder b = toBuilder();
    b.encryptedDataKeys.add(Objects.requireNonNull(key, "key"));
    return b.build();
  }

  @Override
  public String toString() {
    return "EncryptionMaterials[suite="
        + suite.hexId()
        + ", encryptionContext="
        + encryptionContext.keySet()
        + ", dataKey="
        + (dataKey == null ? "absent" : "present")
        + ", encryptedDataKeys="
        + encryptedDataKeys
        + ", signingKey="
        + (signingKey == null ? "absent" : "present")
        + "]";
  }

  /** Builds {@link EncryptionMaterials}; not thread-safe. */
  public static final class Builder {
    private final AlgorithmSuite suite;
    private final Map<String, String> encryptionContext = new LinkedHashMap<>();
    private DataKey dataKey;
    private final List<EncryptedDataKey> encryptedDataKeys = new ArrayList<>();
    private PrivateKey signingKey;

    private Builder(AlgorithmSuite suite) {
      this.suite = Objects.requireNonNull(suite, "suite");
    }

    /** Replaces the encryption context. */
    public Builder encryptionContext(Map<String, String> context) {
      encryptionContext.clear();
      encryptionContext.putAll(context);
      return this;
    }

    /** Sets the data key (may be null for materials awaiting a generator). */
    public Builder dataKey(DataKey key) {
      this.dataKey = key;
      return this;
    }

    /** Replaces the encrypted data keys. */
    public Builder encryptedDataKeys(List<EncryptedDataKey> keys) {
      encryptedDataKeys.clear();
      encryptedDataKeys.addAll(keys);
      return this;
    }

    /** Sets the signing key (null for unsigned suites). */
    public Builder signingKey(PrivateKey key) {
      this.signingKey = key;
      return this;
    }

    /** Builds the materials. */
    public EncryptionMaterials build() {
      return new EncryptionMaterials(this);
    }
  }
}
