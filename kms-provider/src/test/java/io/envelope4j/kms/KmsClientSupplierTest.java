package io.envelope4j.kms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

class KmsClientSupplierTest {
  static final AwsCredentialsProvider DUMMY =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTESTDUMMY", "dummy"));

  /** Lazy supplier whose clients all use their own tracking HTTP client. */
  static LazyKmsClientSupplier tracked(NoNetwork endpoint, List<TrackingHttpClient> httpInOrder) {
    KmsClientSupplierBuilder b =
        KmsClientSupplier.builder()
            .credentialsProvider(DUMMY)
            .endpointOverride(endpoint.endpoint())
            .customizer(
                kms -> {
                  TrackingHttpClient http = new TrackingHttpClient();
                  httpInOrder.add(http);
                  kms.httpClientBuilder(http.asBuilder());
                });
    return (LazyKmsClientSupplier) b.build();
  }

  @Test
  void build_noClientUntilAsked_noConnection() throws Exception {
    try (NoNetwork endpoint = new NoNetwork()) {
      LazyKmsClientSupplier supplier =
          (LazyKmsClientSupplier)
              KmsClientSupplier.builder()
                  .credentialsProvider(DUMMY)
                  .endpointOverride(endpoint.endpoint())
                  .httpClient(TrackingHttpClient.direct())
                  .build();

      assertEquals(Set.of(), supplier.builtRegions());
      KmsKeyring.builder()
          .generatorKeyId("arn:aws:kms:us-east-1:111122223333:key/k1")
          .additionalKeyIds(List.of("arn:aws:kms:eu-west-1:111122223333:key/k2"))
          .clientSupplier(supplier)
          .build();
      KmsDiscoveryKeyring.builder().clientSupplier(supplier).build();

      assertEquals(Set.of(), supplier.builtRegions());
      assertEquals(0, endpoint.connections.get());
      supplier.close();
    }
  }

  @Test
  void build_sdkDefaults_keyringConstructionBuildsNoClient() {
    // With no credentials, endpoint or HTTP client set, a built client would use the SDK's
    // default chain (and could probe instance metadata); constructing keyrings builds none.
    LazyKmsClientSupplier defaults = (LazyKmsClientSupplier) KmsClientSupplier.builder().build();

    KmsKeyring.builder()
        .generatorKeyId("arn:aws:kms:us-east-1:111122223333:key/k1")
        .clientSupplier(defaults)
        .build();
    KmsDiscoveryKeyring.builder()
        .multiRegionKeyAware(true)
        .region("us-west-2")
        .clientSupplier(defaults)
        .build();

    assertEquals(Set.of(), defaults.builtRegions());
    defaults.close();
  }

  @Test
  void clientFor_sameRegion_sameClientBuiltOnce() throws Exception {
    List<TrackingHttpClient> http = new CopyOnWriteArrayList<>();
    try (NoNetwork endpoint = new NoNetwork();
        LazyKmsClientSupplier supplier = tracked(endpoint, http)) {
      KmsClient east = supplier.clientFor("us-east-1");

      assertSame(east, supplier.clientFor("us-east-1"));
      assertNotSame(east, supplier.clientFor("eu-west-1"));
      assertEquals(Region.US_EAST_1, east.serviceClientConfiguration().region());
      assertEquals(Set.of("us-east-1", "eu-west-1"), supplier.builtRegions());
      assertEquals(2, http.size());
      assertEquals(0, http.get(0).requests.get() + http.get(1).requests.get());
      assertEquals(0, endpoint.connections.get());
    }
  }

  @Test
  void clientFor_concurrentFirstUse_oneClient() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (NoNetwork endpoint = new NoNetwork();
        LazyKmsClientSupplier supplier = tracked(endpoint, new CopyOnWriteArrayList<>())) {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<KmsClient>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return supplier.clientFor("us-west-2");
                }));
      }
      start.countDown();
      KmsClient first = results.get(0).get(10, TimeUnit.SECONDS);
      assertEquals(Set.of("us-west-2"), supplier.builtRegions());
      for (Future<KmsClient> f : results) {
        assertSame(first, f.get(10, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void close_builtClients_closedOnce_thenSupplierRefuses() throws Exception {
    List<TrackingHttpClient> http = new CopyOnWriteArrayList<>();
    try (NoNetwork endpoint = new NoNetwork()) {
      LazyKmsClientSupplier supplier = tracked(endpoint, http);
      supplier.clientFor("us-east-1");
      supplier.clientFor("eu-west-1");

      supplier.close();
      supplier.close();

      assertEquals(2, http.size());
      assertEquals(1, http.get(0).closes.get());
      assertEquals(1, http.get(1).closes.get());
      KmsRegionUnavailableException e =
          assertThrows(KmsRegionUnavailableException.class, () -> supplier.clientFor("us-east-1"));
      assertTrue(e.getMessage().contains("closed"), e::getMessage);
    }
  }

  @Test
  void close_givenHttpClient_leftOpen() throws Exception {
    TrackingHttpClient http = new TrackingHttpClient();
    try (NoNetwork endpoint = new NoNetwork()) {
      KmsClientSupplier supplier =
          KmsClientSupplier.builder()
              .credentialsProvider(DUMMY)
              .endpointOverride(endpoint.endpoint())
              .httpClient(http)
              .build();
      supplier.clientFor("us-east-1");

      supplier.close();

      assertEquals(0, http.closes.get());
    }
    http.close();
  }

  @Test
  void of_givenClients_neverClosed_andKeyedByRegion() throws Exception {
    TrackingHttpClient http = new TrackingHttpClient();
    try (NoNetwork endpoint = new NoNetwork();
        KmsClient east = givenClient(endpoint, http, Region.US_EAST_1);
        KmsClient west = givenClient(endpoint, http, Region.US_WEST_2)) {
      KmsClientSupplier supplier = KmsClientSupplier.of(east, west);

      assertSame(east, supplier.clientFor("us-east-1"));
      assertSame(west, supplier.clientFor("us-west-2"));
      KmsRegionUnavailableException missing =
          assertThrows(KmsRegionUnavailableException.class, () -> supplier.clientFor("eu-west-1"));
      assertTrue(missing.getMessage().contains("eu-west-1"), missing::getMessage);

      supplier.close();

      assertEquals(0, http.closes.get());
      assertThrows(IllegalArgumentException.class, () -> KmsClientSupplier.of(east, east));
    }
  }

  @Test
  void allowedRegions_otherRegion_refusedWithoutBuilding() throws Exception {
    try (NoNetwork endpoint = new NoNetwork();
        KmsClientSupplier supplier =
            KmsClientSupplier.builder()
                .credentialsProvider(DUMMY)
                .endpointOverride(endpoint.endpoint())
                .allowedRegions(List.of("us-east-1"))
                .httpClient(TrackingHttpClient.direct())
                .build()) {
      KmsRegionUnavailableException e =
          assertThrows(KmsRegionUnavailableException.class, () -> supplier.clientFor("eu-west-1"));

      assertTrue(e.getMessage().contains("allowed Regions [us-east-1]"), e::getMessage);
      assertThrows(KmsRegionUnavailableException.class, () -> supplier.clientFor("US EAST"));
    }
  }

  @Test
  void builder_badSettings_refused() {
    KmsClientSupplierBuilder b = KmsClientSupplier.builder();

    assertThrows(IllegalArgumentException.class, () -> b.maxAttempts(0));
    assertThrows(IllegalArgumentException.class, () -> b.baseDelay(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> b.apiCallTimeout(Duration.ofSeconds(-1)));
    assertThrows(IllegalArgumentException.class, () -> b.allowedRegions(List.of()));
    b.baseDelay(Duration.ofSeconds(2)).maxBackoff(Duration.ofSeconds(1));
    assertThrows(IllegalStateException.class, b::build);
  }

  static KmsClient givenClient(NoNetwork endpoint, TrackingHttpClient http, Region region) {
    return KmsClient.builder()
        .region(region)
        .credentialsProvider(DUMMY)
        .endpointOverride(endpoint.endpoint())
        .httpClientBuilder(http.asBuilder())
        .build();
  }
}
