package io.envelope4j.kms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Construction-time checks; no server, and the endpoint proves no connection is made. */
class KmsKeyringBuilderTest {
  static final String ARN = "arn:aws:kms:us-east-1:111122223333:key/k1";
  static final String MRK_EAST = "arn:aws:kms:us-east-1:111122223333:key/mrk-1";
  static final String MRK_WEST = "arn:aws:kms:us-west-2:111122223333:key/mrk-1";

  NoNetwork endpoint;
  KmsClientSupplier supplier;

  @BeforeEach
  void setUp() {
    endpoint = new NoNetwork();
    supplier =
        KmsClientSupplier.builder()
            .credentialsProvider(KmsClientSupplierTest.DUMMY)
            .endpointOverride(endpoint.endpoint())
            .httpClient(TrackingHttpClient.direct())
            .build();
  }

  @AfterEach
  void tearDown() throws Exception {
    supplier.close();
    assertEquals(0, endpoint.connections.get());
    endpoint.close();
  }

  @Test
  void build_noKey_refused() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> KmsKeyring.builder().clientSupplier(supplier).build());

    assertTrue(e.getMessage().contains("has no key"), e::getMessage);
  }

  @Test
  void build_noOrTwoClientSources_refused() {
    assertThrows(
        IllegalStateException.class, () -> KmsKeyring.builder().generatorKeyId(ARN).build());
    assertThrows(
        IllegalStateException.class,
        () ->
            KmsKeyring.builder()
                .generatorKeyId(ARN)
                .clientSupplier(supplier)
                .buildClients(KmsClientSupplier.builder())
                .build());
    assertThrows(IllegalStateException.class, () -> KmsDiscoveryKeyring.builder().build());
  }

  @Test
  void generatorKeyId_invalidIdentifier_refusedNamingIt() {
    for (String bad : List.of("", "arn:aws:kms:us-east-1:111122223333:key/", "key/abc", "a:b")) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> KmsKeyring.builder().generatorKeyId(bad));
      assertTrue(e.getMessage().contains("'" + bad + "'"), e::getMessage);
    }
  }

  @Test
  void build_bareKeyIdWithoutRegion_refused() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                KmsKeyring.builder().generatorKeyId("alias/app").clientSupplier(supplier).build());

    assertTrue(e.getMessage().contains("names no Region"), e::getMessage);
  }

  @Test
  void build_bareKeyIdWithDefaultRegion_accepted() {
    KmsKeyring k =
        KmsKeyring.builder()
            .generatorKeyId("alias/app")
            .defaultRegion("eu-west-1")
            .clientSupplier(supplier)
            .build();

    assertTrue(k.toString().contains("alias/app@eu-west-1"), k::toString);
  }

  @Test
  void build_oneClient_keyInOtherRegion_refused() throws Exception {
    TrackingHttpClient http = new TrackingHttpClient();
    try (var east =
        KmsClientSupplierTest.givenClient(
            endpoint, http, software.amazon.awssdk.regions.Region.US_EAST_1)) {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () ->
                  KmsKeyring.builder()
                      .generatorKeyId(ARN)
                      .additionalKeyIds(List.of("arn:aws:kms:eu-west-1:111122223333:key/k2"))
                      .client(east)
                      .build());

      assertTrue(e.getMessage().contains("is in eu-west-1 but the client is for us-east-1"));
      KmsKeyring.builder().generatorKeyId(ARN).client(east).build();
    }
  }

  @Test
  void build_mrkAware_sameMrkTwice_refused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                KmsKeyring.builder()
                    .generatorKeyId(MRK_EAST)
                    .additionalKeyIds(List.of(MRK_WEST))
                    .multiRegionKeyAware(true)
                    .clientSupplier(supplier)
                    .build());

    assertTrue(e.getMessage().contains("same multi-Region key"), e::getMessage);
  }

  @Test
  void build_strict_sameMrkTwice_accepted() {
    KmsKeyring.builder()
        .generatorKeyId(MRK_EAST)
        .additionalKeyIds(List.of(MRK_WEST))
        .clientSupplier(supplier)
        .build();
  }

  @Test
  void grantTokens_overTenOrEmpty_refused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> KmsKeyring.builder().grantTokens(Collections.nCopies(11, "t")));
    assertThrows(
        IllegalArgumentException.class, () -> KmsKeyring.builder().grantTokens(List.of("")));
    assertThrows(
        IllegalArgumentException.class,
        () -> KmsDiscoveryKeyring.builder().grantTokens(Collections.nCopies(11, "t")));
  }

  @Test
  void mrkDiscovery_withoutRegion_refused() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                KmsDiscoveryKeyring.builder()
                    .multiRegionKeyAware(true)
                    .clientSupplier(supplier)
                    .build());

    assertTrue(e.getMessage().contains("needs a Region"), e::getMessage);
  }

  @Test
  void plainDiscovery_withRegion_refusedAsIgnored() {
    assertThrows(
        IllegalStateException.class,
        () -> KmsDiscoveryKeyring.builder().region("us-east-1").clientSupplier(supplier).build());
  }

  @Test
  void onEncrypt_noGeneratorNoDataKey_refusedWithoutCall() {
    KmsKeyring k =
        KmsKeyring.builder().additionalKeyIds(List.of(ARN)).clientSupplier(supplier).build();

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> k.onEncrypt(LocalKms.encryptionMaterials()));

    assertTrue(e.getMessage().contains("no generator key"), e::getMessage);
  }

  @Test
  void toString_showsKeysNotSecrets() {
    KmsKeyring k =
        KmsKeyring.builder()
            .generatorKeyId(ARN)
            .grantTokens(List.of("secret-grant-token"))
            .clientSupplier(supplier)
            .build();

    assertEquals("KmsKeyring{generator=[" + ARN + "@us-east-1]}", k.toString());
  }
}
