package io.envelope4j.kms;

import io.envelope4j.keyring.EncryptedDataKey;
import io.envelope4j.keyring.Keyring;
import io.envelope4j.materials.DataKey;
import io.envelope4j.materials.DecryptionMaterials;
import io.envelope4j.materials.EncryptionMaterials;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * A keyring that wraps data keys with named AWS KMS keys: the ESDK's AWS KMS keyring, its
 * multi-Region-key-aware variant, and (with additional keys) the multi-keyring of such keyrings.
 *
 * <pre>{@code
 * try (KmsClientSupplier clients = KmsClientSupplier.builder().build();
 *     KmsKeyring keyring = KmsKeyring.builder()
 *         .generatorKeyId("arn:aws:kms:us-east-1:111122223333:key/mrk-1234")
 *         .additionalKeyIds(List.of("arn:aws:kms:eu-west-1:111122223333:key/5678"))
 *         .clientSupplier(clients)
 *         .build()) {
 *   // use keyring with the Envelope client
 * }
 * }</pre>
 *
 * <p>Encrypting: the generator key makes the data key with {@code GenerateDataKey} (its length is
 * the suite's key derivation input length) unless the materials already hold one, in which case it
 * wraps it with {@code Encrypt}; every additional key wraps it with {@code Encrypt}. Each encrypted
 * data key has provider id {@code aws-kms} and, as provider info, the key ARN KMS answered with.
 * Any failure fails the whole call, and a data key generated here is wiped.
 *
 * <p>Decrypting: for each configured key in order (generator first), the {@code aws-kms} encrypted
 * data keys that match it are tried one at a time with {@code Decrypt} naming that key; the answer
 * must name the same key and carry a data key of the suite's length. Matching is exact string
 * equality with the configured identifier, so a key configured by alias or bare key id encrypts but
 * never decrypts (as in the ESDK). With {@link Builder#multiRegionKeyAware}, a multi-Region key
 * ({@code mrk-}) also matches its replicas in other Regions, and the call goes to the configured
 * Region. Every failure is kept; when none succeeds the {@link
 * io.envelope4j.NoDecryptionKeyException} carries them all, each a {@link KmsKeyException} with the
 * key, Region and reason.
 *
 * <p>The encryption context and grant tokens go with every call. A key given as a key ARN or alias
 * ARN uses the client of its ARN's Region; a bare key id or alias name uses the default Region
 * ({@link Builder#defaultRegion}, or the Region of the client given with {@link Builder#client}).
 * Building the keyring makes no network call.
 *
 * <p>Thread-safe and immutable. {@link #close()} closes only a client supplier this keyring built
 * itself ({@link Builder#buildClients}); clients and suppliers it was given stay open.
 */
public final class KmsKeyring implements Keyring, AutoCloseable {
  /** One configured key and the Region of the client that serves it. */
  private record Key(String id, String region) {}

  private final List<Key> keys;
  private final boolean hasGenerator;
  private final boolean multiRegionKeyAware;
  private final KmsCalls calls;
  private final KmsClientSupplier ownedSupplier;

  private KmsKeyring(Builder b, List<Key> keys, KmsClientSupplier supplier) {
    this.keys = List.copyOf(keys);
    this.hasGenerator = b.generator != null;
    this.multiRegionKeyAware = b.multiRegionKeyAware;
    this.calls = new KmsCalls(supplier, b.grantTokens);
    this.ownedSupplier = b.clients.owned() ? supplier : null;
  }

  /** Returns a builder; see {@link Builder} for the settings. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@inheritDoc}
   *
   * @throws KmsKeyException if a KMS call fails or answers invalidly
   * @throws IllegalStateException if the materials have no data key and no generator is set
   */
  @Override
  public EncryptionMaterials onEncrypt(EncryptionMaterials materials) {
    Objects.requireNonNull(materials, "materials");
    EncryptionMaterials result = materials;
    DataKey generated = null;
    int next = 0;
    try {
      if (result.dataKey().isEmpty()) {
        if (!hasGenerator) {
          throw new IllegalStateException(
              this
                  + " has no generator key and the materials have no data key;"
                  + " set generatorKeyId or put this keyring after a generator");
        }
        Key generator = keys.get(0);
        KmsCalls.Generated g =
            calls.generate(
                generator.id(), generator.region(), result.suite(), result.encryptionContext());
        generated = g.dataKey();
        result = result.withDataKey(generated).withEncryptedDataKey(g.encryptedDataKey());
        next = 1;
      }

      DataKey dataKey = result.dataKey().orElseThrow();
      for (Key key : keys.subList(next, keys.size())) {
        EncryptedDataKey edk =
            calls.encrypt(key.id(), key.region(), dataKey, result.encryptionContext());
        result = result.withEncryptedDataKey(edk);
      }
      return result;
    } catch (RuntimeException e) {
      if (generated != null) {
        generated.destroy();
      }
      throw e;
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws io.envelope4j.NoDecryptionKeyException if no encrypted data key matched or every
   *     attempt failed; its {@code failures()} are {@link KmsKeyException}s
   */
  @Override
  public DecryptionMaterials onDecrypt(
      DecryptionMaterials materials, List<EncryptedDataKey> encryptedDataKeys) {
    Objects.requireNonNull(materials, "materials");
    Objects.requireNonNull(encryptedDataKeys, "encryptedDataKeys");
    if (materials.dataKey().isPresent()) {
      return materials;
    }

    List<KmsEdks.Candidate> candidates = KmsEdks.candidates(encryptedDataKeys, toString());
    List<Throwable> failures = new ArrayList<>();
    for (Key key : keys) {
      for (KmsEdks.Candidate c : candidates) {
        if (!matches(key, c.providerInfo())) {
          continue;
        }
        try {
          DataKey dataKey =
              calls.decrypt(
                  key.id(),
                  key.region(),
                  c.edk(),
                  materials.suite(),
                  materials.encryptionContext());
          return materials.withDataKey(dataKey);
        } catch (KmsKeyException e) {
          failures.add(e);
        }
      }
    }
    String notTried = failures.isEmpty() ? "none is for the configured keys " + keyIds() : null;
    throw KmsEdks.noKey(
        toString(), encryptedDataKeys.size(), candidates.size(), failures, notTried);
  }

  private boolean matches(Key key, String providerInfo) {
    return multiRegionKeyAware
        ? KmsArn.mrkMatch(key.id(), providerInfo)
        : key.id().equals(providerInfo);
  }

  private List<String> keyIds() {
    return keys.stream().map(Key::id).toList();
  }

  /** Closes the client supplier this keyring built, if any. Idempotent. */
  @Override
  public void close() {
    if (ownedSupplier != null) {
      ownedSupplier.close();
    }
  }

  @Override
  public String toString() {
    return (multiRegionKeyAware ? "KmsKeyring{multiRegionKeyAware, " : "KmsKeyring{")
        + (hasGenerator ? "generator=" : "keys=")
        + keys.stream().map(k -> k.id() + "@" + k.region()).toList()
        + "}";
  }

  /**
   * Configures a {@link KmsKeyring}. Set at least one key, and exactly one client source: {@link
   * #client}, {@link #clientSupplier} or {@link #buildClients}. Not thread-safe; each setter
   * replaces the earlier value.
   */
  public static final class Builder {
    private String generator;
    private List<String> additional = List.of();
    private List<String> grantTokens = List.of();
    private boolean multiRegionKeyAware;
    private String defaultRegion;
    private final ClientSource clients = new ClientSource();

    private Builder() {}

    /**
     * The key that generates data keys: key ARN, key id, alias name or alias ARN. Optional: a
     * keyring without one only wraps data keys made by an earlier keyring, and decrypts.
     */
    public Builder generatorKeyId(String keyId) {
      this.generator = Checks.keyId(keyId);
      return this;
    }

    /** Further keys that each wrap the data key too, possibly in other Regions. */
    public Builder additionalKeyIds(Collection<String> keyIds) {
      Objects.requireNonNull(keyIds, "keyIds");
      this.additional = keyIds.stream().map(Checks::keyId).toList();
      return this;
    }

    /** Grant tokens sent with every call, at most 10; default none. */
    public Builder grantTokens(Collection<String> tokens) {
      this.grantTokens = Checks.grantTokens(tokens);
      return this;
    }

    /**
     * Whether multi-Region keys match their replicas in other Regions when decrypting (the ESDK's
     * MRK-aware keyring); default false, the strict keyring. When true, two configured identifiers
     * of one multi-Region key in different Regions are refused.
     */
    public Builder multiRegionKeyAware(boolean aware) {
      this.multiRegionKeyAware = aware;
      return this;
    }

    /** The Region for keys given as bare key ids or alias names. */
    public Builder defaultRegion(String region) {
      this.defaultRegion = Checks.region(region);
      return this;
    }

    /** Uses this one client (and its Region) for every key; the keyring never closes it. */
    public Builder client(KmsClient client) {
      clients.client(client);
      return this;
    }

    /** Takes each key's client from this supplier; the keyring never closes it. */
    public Builder clientSupplier(KmsClientSupplier supplier) {
      clients.supplier(supplier);
      return this;
    }

    /**
     * Builds a client supplier from these settings when the keyring is built; the keyring owns it
     * and closes it (and the clients it built) in {@link KmsKeyring#close()}.
     */
    public Builder buildClients(KmsClientSupplierBuilder settings) {
      clients.settings(settings);
      return this;
    }

    /**
     * Returns the keyring. Makes no network call.
     *
     * @throws IllegalStateException if no key or not exactly one client source is set, if a key
     *     given without a Region in its ARN has no default Region, or if a key's Region differs
     *     from that of the one client given with {@link #client}
     * @throws IllegalArgumentException if two identifiers name one multi-Region key in a
     *     multi-Region-key-aware keyring
     */
    public KmsKeyring build() {
      clients.check("KmsKeyring");
      List<String> ids = new ArrayList<>();
      if (generator != null) {
        ids.add(generator);
      }
      ids.addAll(additional);
      if (ids.isEmpty()) {
        throw new IllegalStateException(
            "KmsKeyring has no key; set generatorKeyId or additionalKeyIds");
      }
      if (multiRegionKeyAware) {
        checkMultiRegionKeysUnique(ids);
      }

      String clientRegion = clients.clientRegionOrNull();
      String fallback = defaultRegion != null ? defaultRegion : clientRegion;
      List<Key> keys = new ArrayList<>();
      for (String id : ids) {
        Key key = new Key(id, regionOf(id, fallback));
        if (clientRegion != null && !clientRegion.equals(key.region())) {
          throw new IllegalStateException(
              "key '"
                  + id
                  + "' is in "
                  + key.region()
                  + " but the client is for "
                  + clientRegion
                  + "; use clientSupplier for keys in several Regions");
        }
        keys.add(key);
      }
      return new KmsKeyring(this, keys, clients.supplier());
    }

    private static String regionOf(String id, String fallback) {
      if (id.startsWith("arn:")) {
        return KmsArn.parse(id).region();
      }
      if (fallback == null) {
        throw new IllegalStateException(
            "key '" + id + "' names no Region; use its ARN, or set defaultRegion or client");
      }
      return fallback;
    }

    private static void checkMultiRegionKeysUnique(List<String> ids) {
      for (int i = 0; i < ids.size(); i++) {
        for (int j = i + 1; j < ids.size(); j++) {
          String a = ids.get(i);
          String b = ids.get(j);
          if (KmsArn.isMultiRegionIdentifier(a)
              && KmsArn.isMultiRegionIdentifier(b)
              && resourceId(a).equals(resourceId(b))) {
            throw new IllegalArgumentException(
                "keys '"
                    + a
                    + "' and '"
                    + b
                    + "' are the same multi-Region key; configure it once, in one Region");
          }
        }
      }
    }

    private static String resourceId(String id) {
      return id.startsWith("arn:") ? KmsArn.parse(id).resourceId() : id;
    }
  }
}
