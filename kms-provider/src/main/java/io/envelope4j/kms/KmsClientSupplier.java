package io.envelope4j.kms;

import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Hands out one {@link KmsClient} per AWS Region to the KMS keyrings.
 *
 * <p>{@link #builder()} makes a supplier that builds each Region's client lazily, on the first
 * {@link #clientFor} for that Region, and closes the clients it built when it is closed. {@link
 * #of(KmsClient...)} wraps clients the caller already has; such a supplier never closes them.
 * Neither kind makes a network call or reads credentials when it is created.
 *
 * <p>Implementations are thread-safe: concurrent callers asking for one Region get the same client.
 */
public interface KmsClientSupplier extends AutoCloseable {
  /**
   * Returns the client for {@code region}, building it if needed.
   *
   * @param region an AWS Region name such as {@code us-west-2}
   * @throws KmsRegionUnavailableException if this supplier has no client for the Region (a supplier
   *     of fixed clients, or a Region outside the allowed set) or is closed
   */
  KmsClient clientFor(String region);

  /**
   * Closes the clients this supplier built; clients it was given stay open. Idempotent; after
   * closing, {@link #clientFor} fails.
   */
  @Override
  void close();

  /** Returns a builder of a lazy, per-Region supplier; see {@link KmsClientSupplierBuilder}. */
  static KmsClientSupplierBuilder builder() {
    return new KmsClientSupplierBuilder();
  }

  /**
   * Returns a supplier of the given clients, keyed by the Region each was configured with ({@code
   * serviceClientConfiguration().region()}). The supplier never closes them.
   *
   * @throws IllegalArgumentException if no client is given or two share a Region
   */
  static KmsClientSupplier of(KmsClient... clients) {
    return FixedKmsClientSupplier.of(clients);
  }

  /**
   * Returns a supplier of the given clients keyed by Region name. The supplier never closes them.
   *
   * @throws IllegalArgumentException if the map is empty
   */
  static KmsClientSupplier of(Map<String, KmsClient> clientsByRegion) {
    Objects.requireNonNull(clientsByRegion, "clientsByRegion");
    return new FixedKmsClientSupplier(clientsByRegion);
  }
}
