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
 * A decrypt-only keyring that asks KMS to unwrap whichever {@code aws-kms} encrypted data keys a
 * message carries, without being told the keys in advance: the ESDK's AWS KMS discovery keyring
 * and, with {@link Builder#multiRegionKeyAware}, its MRK discovery keyring.
 *
 * <pre>{@code
 * KmsDiscoveryKeyring keyring = KmsDiscoveryKeyring.builder()
 *     .clientSupplier(clients)
 *     .discoveryFilter(DiscoveryFilter.of("aws", "111122223333"))
 *     .build();
 * }</pre>
 *
 * <p>Each {@code aws-kms} encrypted data key is tried in header order, one call at a time, until
 * one unwraps. A key ARN outside the {@link DiscoveryFilter} (other partition or account) is
 * skipped without any KMS call. Plain discovery calls {@code Decrypt} with the stored key ARN,
 * through the client of that ARN's Region; the answer must name the same ARN. MRK discovery works
 * in one Region: a multi-Region key ARN is rewritten to that Region (so the local replica unwraps
 * it), single-Region keys of other Regions are skipped, and the answer must name the rewritten ARN.
 * Every failure is kept, as in {@link KmsKeyring}.
 *
 * <p>Discovery trusts the message to choose the key: use a filter, and grant the caller's
 * credentials {@code kms:Decrypt} only on keys it should use.
 *
 * <p>Thread-safe and immutable. {@link #close()} closes only a client supplier this keyring built
 * itself.
 */
public final class KmsDiscoveryKeyring implements Keyring, AutoCloseable {
  private final DiscoveryFilter filter;
  private final String mrkRegion;
  private final KmsCalls calls;
  private final KmsClientSupplier ownedSupplier;

  private KmsDiscoveryKeyring(Builder b, String mrkRegion, KmsClientSupplier supplier) {
    this.filter = b.filter;
    this.mrkRegion = mrkRegion;
    this.calls = new KmsCalls(supplier, b.grantTokens);
    this.ownedSupplier = b.clients.owned() ? supplier : null;
  }

  /** Returns a builder; see {@link Builder}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Always fails: a discovery keyring knows no key to encrypt with.
   *
   * @throws IllegalStateException always
   */
  @Override
  public EncryptionMaterials onEncrypt(EncryptionMaterials materials) {
    throw new IllegalStateException(
        this + " cannot encrypt: discovery keyrings only decrypt; use a KmsKeyring to encrypt");
  }

  /**
   * {@inheritDoc}
   *
   * @throws io.envelope4j.NoDecryptionKeyException if no encrypted data key was tried or every
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
    int outsideFilter = 0;
    int otherRegion = 0;
    for (KmsEdks.Candidate c : candidates) {
      KmsArn arn = c.arn();
      if (filter != null && !filter.allows(arn)) {
        outsideFilter++;
        continue;
      }
      String keyId = c.providerInfo();
      String region = arn.region();
      if (mrkRegion != null) {
        if (!arn.isMultiRegionKey() && !region.equals(mrkRegion)) {
          otherRegion++;
          continue;
        }
        keyId = arn.isMultiRegionKey() ? arn.withRegion(mrkRegion).toString() : keyId;
        region = mrkRegion;
      }
      try {
        DataKey dataKey =
            calls.decrypt(keyId, region, c.edk(), materials.suite(), materials.encryptionContext());
        return materials.withDataKey(dataKey);
      } catch (KmsKeyException e) {
        failures.add(e);
      }
    }
    throw KmsEdks.noKey(
        toString(),
        encryptedDataKeys.size(),
        candidates.size(),
        failures,
        notTried(outsideFilter, otherRegion));
  }

  private String notTried(int outsideFilter, int otherRegion) {
    List<String> parts = new ArrayList<>();
    if (outsideFilter > 0) {
      parts.add(outsideFilter + " outside the discovery filter " + filter);
    }
    if (otherRegion > 0) {
      parts.add(otherRegion + " single-Region keys outside " + mrkRegion);
    }
    return parts.isEmpty() ? null : "not tried: " + String.join(", ", parts);
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
    return "KmsDiscoveryKeyring{"
        + (mrkRegion != null ? "multiRegionKeyAware in " + mrkRegion : "any Region")
        + (filter != null ? ", " + filter : ", no filter")
        + "}";
  }

  /**
   * Configures a {@link KmsDiscoveryKeyring}. Set exactly one client source. Not thread-safe; each
   * setter replaces the earlier value.
   */
  public static final class Builder {
    private DiscoveryFilter filter;
    private List<String> grantTokens = List.of();
    private boolean multiRegionKeyAware;
    private String region;
    private final ClientSource clients = new ClientSource();

    private Builder() {}

    /** Only keys of this partition and these accounts are tried; default: any key. */
    public Builder discoveryFilter(DiscoveryFilter filter) {
      this.filter = Objects.requireNonNull(filter, "filter");
      return this;
    }

    /** Grant tokens sent with every call, at most 10; default none. */
    public Builder grantTokens(Collection<String> tokens) {
      this.grantTokens = Checks.grantTokens(tokens);
      return this;
    }

    /**
     * Whether to decrypt multi-Region keys through their replica in {@link #region} (the ESDK's MRK
     * discovery keyring); default false.
     */
    public Builder multiRegionKeyAware(boolean aware) {
      this.multiRegionKeyAware = aware;
      return this;
    }

    /**
     * The Region an MRK discovery keyring works in; default the Region of the client given with
     * {@link #client}. Must match that client's Region.
     */
    public Builder region(String region) {
      this.region = Checks.region(region);
      return this;
    }

    /** Uses this client for keys of its Region; the keyring never closes it. */
    public Builder client(KmsClient client) {
      clients.client(client);
      return this;
    }

    /** Takes each Region's client from this supplier; the keyring never closes it. */
    public Builder clientSupplier(KmsClientSupplier supplier) {
      clients.supplier(supplier);
      return this;
    }

    /** Builds and owns a client supplier from these settings; closed with the keyring. */
    public Builder buildClients(KmsClientSupplierBuilder settings) {
      clients.settings(settings);
      return this;
    }

    /**
     * Returns the keyring. Makes no network call.
     *
     * @throws IllegalStateException if not exactly one client source is set, if an MRK discovery
     *     keyring has no Region, or if the Region differs from the given client's
     */
    public KmsDiscoveryKeyring build() {
      clients.check("KmsDiscoveryKeyring");
      String clientRegion = clients.clientRegionOrNull();
      if (region != null && clientRegion != null && !region.equals(clientRegion)) {
        throw new IllegalStateException(
            "Region " + region + " differs from the client's Region " + clientRegion);
      }
      String effective = region != null ? region : clientRegion;
      if (multiRegionKeyAware && effective == null) {
        throw new IllegalStateException(
            "a multi-Region-key-aware discovery keyring needs a Region; set region or client");
      }
      if (!multiRegionKeyAware && region != null) {
        throw new IllegalStateException(
            "region is only used with multiRegionKeyAware(true); plain discovery uses the"
                + " Region of each key ARN");
      }
      return new KmsDiscoveryKeyring(
          this, multiRegionKeyAware ? effective : null, clients.supplier());
    }
  }
}
