package io.envelope4j.kms;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;

/**
 * Builds one client per Region on first use and closes them all on {@link #close()}.
 *
 * <p>Design note: clients live in a concurrent map filled with {@code computeIfAbsent}, so two
 * threads asking for a new Region build one client and share it. Closing marks the supplier closed
 * first, then closes every client built so far; a {@link #clientFor} racing with close either fails
 * or gets a client that close then closes, so no client outlives the supplier. Region names are
 * checked only for shape, not against the SDK's Region list, so a new Region works without an SDK
 * upgrade.
 */
final class LazyKmsClientSupplier implements KmsClientSupplier {
  private final BiConsumer<KmsClientBuilder, String> configure;
  private final Set<String> allowedRegions;
  private final ConcurrentHashMap<String, KmsClient> clients = new ConcurrentHashMap<>();
  private volatile boolean closed;

  LazyKmsClientSupplier(BiConsumer<KmsClientBuilder, String> configure, Set<String> allowed) {
    this.configure = configure;
    this.allowedRegions = allowed;
  }

  @Override
  public KmsClient clientFor(String region) {
    Objects.requireNonNull(region, "region");
    if (closed) {
      throw new KmsRegionUnavailableException(region, "the client supplier is closed");
    }
    if (!region.matches("[a-z0-9-]{1,64}")) {
      throw new KmsRegionUnavailableException(region, "it is not a Region name like us-west-2");
    }
    if (allowedRegions != null && !allowedRegions.contains(region)) {
      throw new KmsRegionUnavailableException(
          region, "it is not among the allowed Regions " + allowedRegions);
    }
    KmsClient client = clients.computeIfAbsent(region, this::build);
    if (closed) {
      close();
      throw new KmsRegionUnavailableException(region, "the client supplier is closed");
    }
    return client;
  }

  private KmsClient build(String region) {
    KmsClientBuilder builder = KmsClient.builder();
    configure.accept(builder, region);
    return builder.build();
  }

  /** The Regions whose client was built so far; for tests. */
  Set<String> builtRegions() {
    return Set.copyOf(clients.keySet());
  }

  @Override
  public void close() {
    closed = true;
    List<RuntimeException> failures = new ArrayList<>();
    for (String region : List.copyOf(clients.keySet())) {
      KmsClient client = clients.remove(region);
      if (client != null) {
        try {
          client.close();
        } catch (RuntimeException e) {
          failures.add(e);
        }
      }
    }
    if (!failures.isEmpty()) {
      RuntimeException first = failures.get(0);
      failures.subList(1, failures.size()).forEach(first::addSuppressed);
      throw first;
    }
  }

  @Override
  public String toString() {
    return "KmsClientSupplier{lazy, built " + clients.keySet() + (closed ? ", closed}" : "}");
  }
}
