package io.envelope4j.kms;

import java.util.Objects;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Where a keyring gets its clients, and whether it owns them: a given client or supplier is
 * borrowed (never closed), a supplier built from settings is owned (closed with the keyring).
 */
final class ClientSource {
  private KmsClient client;
  private KmsClientSupplier supplier;
  private KmsClientSupplierBuilder settings;

  void client(KmsClient given) {
    this.client = Objects.requireNonNull(given, "client");
  }

  void supplier(KmsClientSupplier given) {
    this.supplier = Objects.requireNonNull(given, "clientSupplier");
  }

  void settings(KmsClientSupplierBuilder given) {
    this.settings = Objects.requireNonNull(given, "clientSettings");
  }

  /** The Region of the single given client, or null. */
  String clientRegionOrNull() {
    return client == null ? null : FixedKmsClientSupplier.regionOf(client);
  }

  void check(String keyring) {
    int sources =
        (client != null ? 1 : 0) + (supplier != null ? 1 : 0) + (settings != null ? 1 : 0);
    if (sources != 1) {
      throw new IllegalStateException(
          keyring
              + " needs exactly one of client(), clientSupplier() or buildClients(); "
              + sources
              + " were set");
    }
  }

  /** The supplier to use; call once, at build time. */
  KmsClientSupplier supplier() {
    if (client != null) {
      return FixedKmsClientSupplier.of(client);
    }
    return supplier != null ? supplier : settings.build();
  }

  boolean owned() {
    return settings != null;
  }
}
