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
import java.util.Set;
import java.util.TreeSet;

/**
 * What a message is encrypted with: the suite, the full encryption context (including the reserved
 * {@code aws-crypto-public-key} entry for signed suites), the data key, its encrypted copies, and
 * the signing key for signed suites, and the required encryption context keys: entries of the
 * context that are authenticated but not stored in the message (see {@link
 * RequiredEncryptionContextMaterialsManager}).
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
  private final Set<String> requiredEncryptionContextKeys;

  private EncryptionMaterials(Builder b) {
    this.suite = Objects.requireNonNull(b.suite, "suite");
    this.encryptionContext = Collections.unmodifiableMap(new LinkedHashMap<>(b.encryptionContext));
    this.dataKey = b.dataKey;
    this.encryptedDataKeys = List.copyOf(b.encryptedDataKeys);
    this.signingKey = b.signingKey;
    this.requiredEncryptionContextKeys =
        Collections.unmodifiableSet(new TreeSet<>(b.requiredEncryptionContextKeys));
    for (String key : requiredEncryptionContextKeys) {
      if (!encryptionContext.containsKey(key)) {
        throw new IllegalArgumentException(
            "required encryption context key " + key + " is not in the encryption context");
      }
    }
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
    b.requiredEncryptionContextKeys.addAll(requiredEncryptionContextKeys);
    return b;
  }

  /** The algorithm suite. */
  public AlgorithmSuite suite() {
    return suite;
  }

  /**
   * The full encryption context: what keyrings bind the data key to. The header stores it minus the
   * {@linkplain #requiredEncryptionContextKeys() required keys}; unmodifiable.
   */
  public Map<String, String> encryptionContext() {
    return encryptionContext;
  }

  /**
   * Keys of the encryption context that are authenticated (in the header tag) but not stored in the
   * message; a reader must supply them. Empty unless a required-context manager set them; sorted,
   * unmodifiable.
   */
  public Set<String> requiredEncryptionContextKeys() {
    return requiredEncryptionContextKeys;
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
        + ", requiredEncryptionContextKeys="
        + requiredEncryptionContextKeys
        + "]";
  }

  /** Builds {@link EncryptionMaterials}; not thread-safe. */
  public static final class Builder {
    private final AlgorithmSuite suite;
    private final Map<String, String> encryptionContext = new LinkedHashMap<>();
    private DataKey dataKey;
    private final List<EncryptedDataKey> encryptedDataKeys = new ArrayList<>();
    private PrivateKey signingKey;
    private final Set<String> requiredEncryptionContextKeys = new TreeSet<>();

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

    /**
     * Replaces the required encryption context keys; each must be a key of the encryption context
     * when the materials are built.
     */
    public Builder requiredEncryptionContextKeys(Set<String> keys) {
      requiredEncryptionContextKeys.clear();
      for (String key : keys) {
        requiredEncryptionContextKeys.add(Objects.requireNonNull(key, "required key"));
      }
      return this;
    }

    /**
     * Builds the materials.
     *
     * @throws IllegalArgumentException if a required key is not in the encryption context, or the
     *     data key does not fit the suite
     */
    public EncryptionMaterials build() {
      return new EncryptionMaterials(this);
    }
  }
}
