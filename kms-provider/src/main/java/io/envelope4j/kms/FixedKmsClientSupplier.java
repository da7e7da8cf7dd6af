package io.envelope4j.kms;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.kms.KmsClient;

/** A supplier of clients the caller built and owns: it hands them out and never closes them. */
final class FixedKmsClientSupplier implements KmsClientSupplier {
  private final Map<String, KmsClient> clients;
  private volatile boolean closed;

  FixedKmsClientSupplier(Map<String, KmsClient> clientsByRegion) {
    if (clientsByRegion.isEmpty()) {
      throw new IllegalArgumentException("no KMS client given; pass at least one");
    }
    Map<String, KmsClient> copy = new LinkedHashMap<>();
    clientsByRegion.forEach(
        (region, client) ->
            copy.put(Objects.requireNonNull(region, "region"), Objects.requireNonNull(client)));
    this.clients = Map.copyOf(copy);
  }

  static FixedKmsClientSupplier of(KmsClient... clients) {
    Objects.requireNonNull(clients, "clients");
    Map<String, KmsClient> byRegion = new LinkedHashMap<>();
    for (KmsClient client : clients) {
      String region = regionOf(client);
      if (byRegion.put(region, client) != null) {
        throw new IllegalArgumentException(
            "two KMS clients are configured for Region " + region + "; pass one per Region");
      }
    }
    return new FixedKmsClientSupplier(byRegion);
  }

  static String regionOf(KmsClient client) {
    Objects.requireNonNull(client, "client");
    var region = client.serviceClientConfiguration().region();
    if (region == null) {
      throw new IllegalArgumentException("the KMS client has no Region; build it with region()");
    }
    return region.id();
  }

  @Override
  public KmsClient clientFor(String region) {
    Objects.requireNonNull(region, "region");
    if (closed) {
      throw new KmsRegionUnavailableException(region, "the client supplier is closed");
    }
    KmsClient client = clients.get(region);
    if (client == null) {
      throw new KmsRegionUnavailableException(
          region, "no client was given for it; the supplier has " + clients.keySet());
    }
    return client;
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "KmsClientSupplier{given clients for " + clients.keySet() + "}";
  }
}
