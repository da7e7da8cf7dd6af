package io.envelope4j.kmslocal;

import static io.envelope4j.kmslocal.Errors.assertKmsError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DescribeKeyResponse;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.ListKeysResponse;
import software.amazon.awssdk.services.kms.model.MultiRegionKeyType;
import software.amazon.awssdk.services.kms.model.RotationType;
import software.amazon.awssdk.services.kms.model.ScheduleKeyDeletionResponse;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * Every operation of issue 4 through the real {@code KmsClient}, semantics and error codes
 * included. Subclasses pick the SDK HTTP client; each test gets a fresh server and clock.
 */
abstract class KmsContract {
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  static final String ACCOUNT = KmsLocal.DEFAULT_ACCOUNT;

  TestClock clock;
  KmsLocalServer server;
  KmsClient kms;

  abstract Clients.Http http();

  @BeforeEach
  void start() throws Exception {
    clock = new TestClock(START);
    server = KmsLocal.builder().clock(clock).build().start();
    kms = Clients.kms(server.endpoint(), http());
  }

  @AfterEach
  void stop() {
    kms.close();
    server.close();
  }

  String newKey() {
    return kms.createKey(b -> {}).keyMetadata().keyId();
  }

  SdkBytes encrypt(String keyId, String text, Map<String, String> context) {
    return kms.encrypt(b -> b.keyId(keyId).plaintext(utf8(text)).encryptionContext(context))
        .ciphertextBlob();
  }

  static SdkBytes utf8(String s) {
    return SdkBytes.fromString(s, StandardCharsets.UTF_8);
  }

  static String arn(String region, String keyId) {
    return "arn:aws:kms:" + region + ":" + ACCOUNT + ":key/" + keyId;
  }

  // CreateKey, DescribeKey, ListKeys.

  @Test
  void createKey_withDescriptionAndTags_returnsFullMetadata() {
    KeyMetadata m =
        kms.createKey(
                b ->
                    b.description("payments")
                        .tags(Tag.builder().tagKey("team").tagValue("pay").build()))
            .keyMetadata();
    assertTrue(m.keyId().matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
    assertEquals(arn("us-east-1", m.keyId()), m.arn());
    assertEquals(ACCOUNT, m.awsAccountId());
    assertEquals("payments", m.description());
    assertEquals(KeyState.ENABLED, m.keyState());
    assertTrue(m.enabled());
    assertEquals(KeySpec.SYMMETRIC_DEFAULT, m.keySpec());
    assertEquals(List.of(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT), m.encryptionAlgorithms());
    assertEquals(START, m.creationDate());
    assertFalse(m.multiRegion());
    assertEquals(
        List.of(Tag.builder().tagKey("team").tagValue("pay").build()),
        kms.listResourceTags(b -> b.keyId(m.keyId())).tags());
  }

  @Test
  void createKey_multiRegion_hasMrkIdAndPrimaryConfiguration() {
    KeyMetadata m = kms.createKey(b -> b.multiRegion(true)).keyMetadata();
    assertTrue(m.keyId().matches("mrk-[0-9a-f]{32}"), m.keyId());
    assertTrue(m.multiRegion());
    assertEquals(MultiRegionKeyType.PRIMARY, m.multiRegionConfiguration().multiRegionKeyType());
    assertEquals(m.arn(), m.multiRegionConfiguration().primaryKey().arn());
    assertEquals(List.of(), m.multiRegionConfiguration().replicaKeys());
  }

  @Test
  void createKey_asymmetricSpec_isUnsupported() {
    assertKmsError(
        "UnsupportedOperationException", () -> kms.createKey(b -> b.keySpec(KeySpec.RSA_2048)));
  }

  @Test
  void createKey_unknownKeySpecOrUsage_isValidationError() {
    assertKmsError("ValidationException", () -> kms.createKey(b -> b.keySpec("AES_999")));
    assertKmsError("ValidationException", () -> kms.createKey(b -> b.keyUsage("SIGN_VERIFY")));
  }

  @Test
  void createKey_reservedTagPrefix_isTagException() {
    assertKmsError(
        "TagException",
        () -> kms.createKey(b -> b.tags(Tag.builder().tagKey("aws:x").tagValue("v").build())));
  }

  @Test
  void describeKey_allFourIdentifierForms_resolveToSameKey() {
    String id = newKey();
    kms.createAlias(b -> b.aliasName("alias/app").targetKeyId(id));
    for (String form :
        List.of(
            id,
            arn("us-east-1", id),
            "alias/app",
            "arn:aws:kms:us-east-1:" + ACCOUNT + ":alias/app")) {
      DescribeKeyResponse r = kms.describeKey(b -> b.keyId(form));
      assertEquals(id, r.keyMetadata().keyId(), form);
    }
  }

  @Test
  void describeKey_unknownOrOtherRegionOrMissing_fails() {
    String id = newKey();
    assertKmsError(
        "NotFoundException",
        () -> kms.describeKey(b -> b.keyId("00000000-0000-0000-0000-000000000000")));
    assertKmsError("NotFoundException", () -> kms.describeKey(b -> b.keyId(arn("eu-west-1", id))));
    assertKmsError("NotFoundException", () -> kms.describeKey(b -> b.keyId("alias/missing")));
    assertKmsError("ValidationException", () -> kms.describeKey(b -> {}));
  }

  @Test
  void listKeys_withLimit_pagesThroughEveryKeyOnce() {
    Set<String> created = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      created.add(newKey());
    }
    Set<String> seen = new HashSet<>();
    String marker = null;
    int pages = 0;
    do {
      String m = marker;
      ListKeysResponse r = kms.listKeys(b -> b.limit(2).marker(m));
      for (KeyListEntry e : r.keys()) {
        assertTrue(seen.add(e.keyId()), "listed twice: " + e.keyId());
        assertEquals(arn("us-east-1", e.keyId()), e.keyArn());
      }
      marker = r.truncated() ? r.nextMarker() : null;
      pages++;
    } while (marker != null);
    assertEquals(created, seen);
    assertEquals(3, pages);
    assertKmsError("InvalidMarkerException", () -> kms.listKeys(b -> b.marker("bogus!")));
    assertKmsError("ValidationException", () -> kms.listKeys(b -> b.limit(0)));
  }

  // EnableKey, DisableKey, ScheduleKeyDeletion, CancelKeyDeletion.

  @Test
  void disableKey_refusesUse_untilEnabled() {
    String id = newKey();
    SdkBytes blob = encrypt(id, "hello", Map.of());
    kms.disableKey(b -> b.keyId(id));
    assertEquals(KeyState.DISABLED, kms.describeKey(b -> b.keyId(id)).keyMetadata().keyState());
    assertKmsError("DisabledException", () -> encrypt(id, "x", Map.of()));
    assertKmsError("DisabledException", () -> kms.decrypt(b -> b.ciphertextBlob(blob)));
    assertKmsError(
        "DisabledException",
        () -> kms.generateDataKey(b -> b.keyId(id).keySpec(DataKeySpec.AES_256)));
    kms.enableKey(b -> b.keyId(id));
    assertEquals("hello", kms.decrypt(b -> b.ciphertextBlob(blob)).plaintext().asUtf8String());
  }

  @Test
  void enableKey_aliasIdentifier_isNotFound() {
    String id = newKey();
    kms.createAlias(b -> b.aliasName("alias/k").targetKeyId(id));
    assertKmsError("NotFoundException", () -> kms.enableKey(b -> b.keyId("alias/k")));
    assertKmsError("NotFoundException", () -> kms.disableKey(b -> b.keyId("alias/k")));
    assertKmsError("NotFoundException", () -> kms.scheduleKeyDeletion(b -> b.keyId("alias/k")));
  }

  @Test
  void scheduleKeyDeletion_windowOutside7To30_isValidationError() {
    String id = newKey();
    assertKmsError(
        "ValidationException",
        () -> kms.scheduleKeyDeletion(b -> b.keyId(id).pendingWindowInDays(6)));
    assertKmsError(
        "ValidationException",
        () -> kms.scheduleKeyDeletion(b -> b.keyId(id).pendingWindowInDays(31)));
  }

  @Test
  void scheduleKeyDeletion_pendingKeyRefusesUse_andIsGoneAfterWindow() {
    String id = newKey();
    kms.createAlias(b -> b.aliasName("alias/doomed").targetKeyId(id));
    SdkBytes blob = encrypt(id, "x", Map.of());
    ScheduleKeyDeletionResponse r =
        kms.scheduleKeyDeletion(b -> b.keyId(id).pendingWindowInDays(7));
    assertEquals(KeyState.PENDING_DELETION, r.keyState());
    assertEquals(START.plus(Duration.ofDays(7)), r.deletionDate());
    assertEquals(7, r.pendingWindowInDays());
    KeyMetadata m = kms.describeKey(b -> b.keyId(id)).keyMetadata();
    assertEquals(KeyState.PENDING_DELETION, m.keyState());
    assertEquals(7, m.pendingDeletionWindowInDays());
    assertKmsError("KMSInvalidStateException", () -> encrypt(id, "x", Map.of()));
    assertKmsError("KMSInvalidStateException", () -> kms.decrypt(b -> b.ciphertextBlob(blob)));
    assertKmsError("KMSInvalidStateException", () -> kms.enableKey(b -> b.keyId(id)));
    assertKmsError(
        "KMSInvalidStateException",
        () -> kms.createAlias(b -> b.aliasName("alias/late").targetKeyId(id)));

    clock.advance(Duration.ofDays(7).minusSeconds(1));
    assertEquals(
        KeyState.PENDING_DELETION, kms.describeKey(b -> b.keyId(id)).keyMetadata().keyState());
    clock.advance(Duration.ofSeconds(1));
    assertKmsError("NotFoundException", () -> kms.describeKey(b -> b.keyId(id)));
    assertKmsError("NotFoundException", () -> kms.describeKey(b -> b.keyId("alias/doomed")));
    assertKmsError("InvalidCiphertextException", () -> kms.decrypt(b -> b.ciphertextBlob(blob)));
    assertFalse(kms.listKeys().keys().stream().anyMatch(k -> k.keyId().equals(id)));
    assertTrue(kms.listAliases().aliases().isEmpty());
  }

  @Test
  void cancelKeyDeletion_leavesKeyDisabled() {
    String id = newKey();
    assertKmsError("KMSInvalidStateException", () -> kms.cancelKeyDeletion(b -> b.keyId(id)));
    kms.scheduleKeyDeletion(b -> b.keyId(id));
    assertEquals(arn("us-east-1", id), kms.cancelKeyDeletion(b -> b.keyId(id)).keyId());
    KeyMetadata m = kms.describeKey(b -> b.keyId(id)).keyMetadata();
    assertEquals(KeyState.DISABLED, m.keyState());
    assertNull(m.deletionDate());
    clock.advance(Duration.ofDays(31));
    assertEquals(KeyState.DISABLED, kms.describeKey(b -> b.keyId(id)).keyMetadata().keyState());
  }

  // Rotation.

  @Test
  void enableKeyRotation_periodOutside90To2560_isValidationError() {
    String id = newKey();
    assertKmsError(
        "ValidationException",
        () -> kms.enableKeyRotation(b -> b.keyId(id).rotationPeriodInDays(89)));
    assertKmsError(
        "ValidationException",
        () -> kms.enableKeyRotation(b -> b.keyId(id).rotationPeriodInDays(2561)));
  }

  @Test
  void scheduledRotation_newCiphertextsUseNewMaterial_oldOnesStillDecrypt() {
    String id = newKey();
    kms.enableKeyRotation(b -> b.keyId(id).rotationPeriodInDays(90));
    var status = kms.getKeyRotationStatus(b -> b.keyId(id));
    assertTrue(status.keyRotationEnabled());
    assertEquals(90, status.rotationPeriodInDays());
    assertEquals(START.plus(Duration.ofDays(90)), status.nextRotationDate());
    SdkBytes before = encrypt(id, "before", Map.of("k", "v"));

    clock.advance(Duration.ofDays(181));
    SdkBytes after = encrypt(id, "after", Map.of("k", "v"));

    var rotations = kms.listKeyRotations(b -> b.keyId(id)).rotations();
    assertEquals(2, rotations.size());
    assertEquals(START.plus(Duration.ofDays(90)), rotations.get(0).rotationDate());
    assertEquals(START.plus(Duration.ofDays(180)), rotations.get(1).rotationDate());
    assertEquals(RotationType.AUTOMATIC, rotations.get(0).rotationType());
    assertEquals(0, BlobLayout.materialVersion(before.asByteArray()));
    assertEquals(2, BlobLayout.materialVersion(after.asByteArray()));
    assertEquals(
        "before",
        kms.decrypt(b -> b.ciphertextBlob(before).encryptionContext(Map.of("k", "v")))
            .plaintext()
            .asUtf8String());
    assertEquals(
        "after",
        kms.decrypt(b -> b.ciphertextBlob(after).encryptionContext(Map.of("k", "v")))
            .plaintext()
            .asUtf8String());
    assertEquals(
        START.plus(Duration.ofDays(270)),
        kms.getKeyRotationStatus(b -> b.keyId(id)).nextRotationDate());
  }

  @Test
  void rotateKeyOnDemand_addsOnDemandRotation_andKeepsOldCiphertexts() {
    String id = newKey();
    SdkBytes before = encrypt(id, "before", Map.of());
    assertEquals(arn("us-east-1", id), kms.rotateKeyOnDemand(b -> b.keyId(id)).keyId());
    SdkBytes after = encrypt(id, "after", Map.of());
    var rotations = kms.listKeyRotations(b -> b.keyId(id)).rotations();
    assertEquals(1, rotations.size());
    assertEquals(RotationType.ON_DEMAND, rotations.get(0).rotationType());
    assertEquals(1, BlobLayout.materialVersion(after.asByteArray()));
    assertEquals("before", kms.decrypt(b -> b.ciphertextBlob(before)).plaintext().asUtf8String());
    assertEquals("after", kms.decrypt(b -> b.ciphertextBlob(after)).plaintext().asUtf8String());
    kms.disableKey(b -> b.keyId(id));
    assertKmsError("DisabledException", () -> kms.rotateKeyOnDemand(b -> b.keyId(id)));
  }

  @Test
  void listKeyRotations_withLimit_pages() {
    String id = newKey();
    for (int i = 0; i < 3; i++) {
      kms.rotateKeyOnDemand(b -> b.keyId(id));
    }
    var first = kms.listKeyRotations(b -> b.keyId(id).limit(2));
    assertEquals(2, first.rotations().size());
    assertTrue(first.truncated());
    var second = kms.listKeyRotations(b -> b.keyId(id).limit(2).marker(first.nextMarker()));
    assertEquals(1, second.rotations().size());
    assertFalse(second.truncated());
  }

  @Test
  void disableKeyRotation_stopsScheduledRotation() {
    String id = newKey();
    kms.enableKeyRotation(b -> b.keyId(id));
    kms.disableKeyRotation(b -> b.keyId(id));
    var status = kms.getKeyRotationStatus(b -> b.keyId(id));
    assertFalse(status.keyRotationEnabled());
    assertNull(status.nextRotationDate());
    clock.advance(Duration.ofDays(400));
    assertTrue(kms.listKeyRotations(b -> b.keyId(id)).rotations().isEmpty());
  }

  // ReplicateKey.

  @Test
  void replicateKey_replicaHasSameMaterial_inItsRegion() {
    KeyMetadata primary = kms.createKey(b -> b.multiRegion(true)).keyMetadata();
    String id = primary.keyId();
    SdkBytes blob = encrypt(id, "across", Map.of("r", "1"));
    var r = kms.replicateKey(b -> b.keyId(id).replicaRegion("us-west-2").description("west"));
    KeyMetadata replica = r.replicaKeyMetadata();
    assertEquals(arn("us-west-2", id), replica.arn());
    assertEquals(
        MultiRegionKeyType.REPLICA, replica.multiRegionConfiguration().multiRegionKeyType());
    assertEquals(primary.arn(), replica.multiRegionConfiguration().primaryKey().arn());

    try (KmsClient west =
        Clients.kms(server.endpoint(), http(), Region.US_WEST_2, Clients.ACCESS_KEY)) {
      assertEquals(
          "across",
          west.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(Map.of("r", "1")))
              .plaintext()
              .asUtf8String());
      SdkBytes fromWest = west.encrypt(b -> b.keyId(id).plaintext(utf8("back"))).ciphertextBlob();
      assertEquals("back", kms.decrypt(b -> b.ciphertextBlob(fromWest)).plaintext().asUtf8String());
      assertEquals("west", west.describeKey(b -> b.keyId(id)).keyMetadata().description());
      assertKmsError(
          "UnsupportedOperationException", () -> west.rotateKeyOnDemand(b -> b.keyId(id)));

      kms.rotateKeyOnDemand(b -> b.keyId(id));
      SdkBytes rotated = encrypt(id, "rotated", Map.of());
      assertEquals(
          "rotated", west.decrypt(b -> b.ciphertextBlob(rotated)).plaintext().asUtf8String());
    }
    var described = kms.describeKey(b -> b.keyId(id)).keyMetadata().multiRegionConfiguration();
    assertEquals(1, described.replicaKeys().size());
    assertEquals("us-west-2", described.replicaKeys().get(0).region());
    assertKmsError(
        "AlreadyExistsException",
        () -> kms.replicateKey(b -> b.keyId(id).replicaRegion("us-west-2")));
    String single = newKey();
    assertKmsError(
        "UnsupportedOperationException",
        () -> kms.replicateKey(b -> b.keyId(single).replicaRegion("us-west-2")));
    assertKmsError(
        "ValidationException", () -> kms.replicateKey(b -> b.keyId(id).replicaRegion("west")));
  }

  @Test
  void scheduleKeyDeletion_primaryWithReplica_waitsForTheReplica() {
    String id = kms.createKey(b -> b.multiRegion(true)).keyMetadata().keyId();
    kms.replicateKey(b -> b.keyId(id).replicaRegion("us-west-2"));
    ScheduleKeyDeletionResponse r =
        kms.scheduleKeyDeletion(b -> b.keyId(id).pendingWindowInDays(7));
    assertEquals(KeyState.PENDING_REPLICA_DELETION, r.keyState());
    assertNull(r.deletionDate());
    assertKmsError("KMSInvalidStateException", () -> encrypt(id, "x", Map.of()));
    assertKmsError(
        "KMSInvalidStateException",
        () -> kms.replicateKey(b -> b.keyId(id).replicaRegion("eu-west-1")));

    try (KmsClient west =
        Clients.kms(server.endpoint(), http(), Region.US_WEST_2, Clients.ACCESS_KEY)) {
      clock.advance(Duration.ofDays(3));
      west.scheduleKeyDeletion(b -> b.keyId(id).pendingWindowInDays(7));
      clock.advance(Duration.ofDays(6));
      assertEquals(
          KeyState.PENDING_REPLICA_DELETION,
          kms.describeKey(b -> b.keyId(id)).keyMetadata().keyState(),
          "the primary waits while its replica is pending");
    }
    clock.advance(Duration.ofDays(1));
    KeyMetadata m = kms.describeKey(b -> b.keyId(id)).keyMetadata();
    assertEquals(KeyState.PENDING_DELETION, m.keyState());
    assertEquals(START.plus(Duration.ofDays(17)), m.deletionDate());
    assertEquals(List.of(), m.multiRegionConfiguration().replicaKeys());
    clock.advance(Duration.ofDays(7));
    assertKmsError("NotFoundException", () -> kms.describeKey(b -> b.keyId(id)));
  }

  @Test
  void cancelKeyDeletion_primaryPendingReplicaDeletion_leavesItDisabled() {
    String id = kms.createKey(b -> b.multiRegion(true)).keyMetadata().keyId();
    kms.replicateKey(b -> b.keyId(id).replicaRegion("us-west-2"));
    kms.scheduleKeyDeletion(b -> b.keyId(id));
    kms.cancelKeyDeletion(b -> b.keyId(id));
    assertEquals(KeyState.DISABLED, kms.describeKey(b -> b.keyId(id)).keyMetadata().keyState());
  }

  // Tags and key policies.

  @Test
  void tagResource_untagResource_listResourceTags() {
    String id = newKey();
    kms.tagResource(
        b ->
            b.keyId(id)
                .tags(
                    Tag.builder().tagKey("a").tagValue("1").build(),
                    Tag.builder().tagKey("b").tagValue("2").build(),
                    Tag.builder().tagKey("c").tagValue("3").build()));
    kms.tagResource(b -> b.keyId(id).tags(Tag.builder().tagKey("a").tagValue("9").build()));
    kms.untagResource(b -> b.keyId(id).tagKeys("b"));
    var page = kms.listResourceTags(b -> b.keyId(id).limit(1));
    assertEquals(List.of(Tag.builder().tagKey("a").tagValue("9").build()), page.tags());
    assertTrue(page.truncated());
    var rest = kms.listResourceTags(b -> b.keyId(id).marker(page.nextMarker()));
    assertEquals(List.of(Tag.builder().tagKey("c").tagValue("3").build()), rest.tags());
    assertKmsError(
        "TagException",
        () ->
            kms.tagResource(
                b -> b.keyId(id).tags(Tag.builder().tagKey("aws:a").tagValue("").build())));
    kms.scheduleKeyDeletion(b -> b.keyId(id));
    assertKmsError(
        "KMSInvalidStateException",
        () ->
            kms.tagResource(b -> b.keyId(id).tags(Tag.builder().tagKey("d").tagValue("").build())));
  }

  @Test
  void keyPolicy_defaultStoredAndReplaced() {
    String id = newKey();
    String policy = kms.getKeyPolicy(b -> b.keyId(id)).policy();
    assertTrue(policy.contains("arn:aws:iam::" + ACCOUNT + ":root"), policy);
    String mine = "{\"Version\":\"2012-10-17\",\"Statement\":[]}";
    kms.putKeyPolicy(b -> b.keyId(id).policy(mine));
    var got = kms.getKeyPolicy(b -> b.keyId(id).policyName("default"));
    assertEquals(mine, got.policy());
    assertEquals("default", got.policyName());
    assertKmsError(
        "MalformedPolicyDocumentException", () -> kms.putKeyPolicy(b -> b.keyId(id).policy("{")));
    assertKmsError(
        "NotFoundException", () -> kms.getKeyPolicy(b -> b.keyId(id).policyName("other")));
    assertKmsError("ValidationException", () -> kms.putKeyPolicy(b -> b.keyId(id)));
  }

  // Aliases.

  @Test
  void aliases_createUpdateListDelete() {
    String a = newKey();
    String b2 = newKey();
    kms.createAlias(b -> b.aliasName("alias/app").targetKeyId(a));
    kms.createAlias(b -> b.aliasName("alias/other").targetKeyId(arn("us-east-1", b2)));
    assertKmsError(
        "AlreadyExistsException",
        () -> kms.createAlias(b -> b.aliasName("alias/app").targetKeyId(b2)));
    SdkBytes blob = encrypt("alias/app", "via alias", Map.of());
    assertEquals(a, BlobLayout.keyId(blob.asByteArray()));

    kms.updateAlias(b -> b.aliasName("alias/app").targetKeyId(b2));
    assertEquals(
        arn("us-east-1", b2), kms.encrypt(b -> b.keyId("alias/app").plaintext(utf8("x"))).keyId());
    List<AliasListEntry> forB = kms.listAliases(b -> b.keyId(b2)).aliases();
    assertEquals(
        List.of("alias/app", "alias/other"), forB.stream().map(AliasListEntry::aliasName).toList());
    AliasListEntry e = forB.get(0);
    assertEquals("arn:aws:kms:us-east-1:" + ACCOUNT + ":alias/app", e.aliasArn());
    assertEquals(b2, e.targetKeyId());
    assertEquals(START, e.creationDate());
    assertTrue(kms.listAliases(b -> b.keyId(a)).aliases().isEmpty());
    var page = kms.listAliases(b -> b.limit(1));
    assertTrue(page.truncated());
    assertEquals(1, kms.listAliases(b -> b.marker(page.nextMarker())).aliases().size());

    kms.deleteAlias(b -> b.aliasName("alias/app"));
    assertKmsError("NotFoundException", () -> encrypt("alias/app", "x", Map.of()));
    assertKmsError("NotFoundException", () -> kms.deleteAlias(b -> b.aliasName("alias/app")));
    assertKmsError(
        "NotFoundException", () -> kms.updateAlias(b -> b.aliasName("alias/app").targetKeyId(a)));
    assertEquals("via alias", kms.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asUtf8String());
  }

  @Test
  void createAlias_badNamesAndAliasTargets_fail() {
    String id = newKey();
    kms.createAlias(b -> b.aliasName("alias/first").targetKeyId(id));
    assertKmsError(
        "ValidationException", () -> kms.createAlias(b -> b.aliasName("noprefix").targetKeyId(id)));
    assertKmsError(
        "ValidationException",
        () -> kms.createAlias(b -> b.aliasName("alias/sp ace").targetKeyId(id)));
    assertKmsError(
        "InvalidAliasNameException",
        () -> kms.createAlias(b -> b.aliasName("alias/aws/s3").targetKeyId(id)));
    assertKmsError(
        "NotFoundException",
        () -> kms.createAlias(b -> b.aliasName("alias/second").targetKeyId("alias/first")));
    assertKmsError(
        "NotFoundException",
        () ->
            kms.createAlias(
                b ->
                    b.aliasName("alias/second")
                        .targetKeyId("arn:aws:kms:us-east-1:" + ACCOUNT + ":alias/first")));
    assertKmsError("ValidationException", () -> kms.createAlias(b -> b.aliasName("alias/x")));
  }

  // Encrypt, Decrypt, ReEncrypt.

  @Test
  void decrypt_withAndWithoutKeyId_returnsPlaintextAndKeyArn() {
    String id = newKey();
    kms.createAlias(b -> b.aliasName("alias/d").targetKeyId(id));
    SdkBytes blob = encrypt(id, "secret", Map.of("purpose", "test"));
    for (String keyId : new String[] {null, id, arn("us-east-1", id), "alias/d"}) {
      var r =
          kms.decrypt(
              b ->
                  b.ciphertextBlob(blob).keyId(keyId).encryptionContext(Map.of("purpose", "test")));
      assertEquals("secret", r.plaintext().asUtf8String());
      assertEquals(arn("us-east-1", id), r.keyId());
      assertEquals(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT, r.encryptionAlgorithm());
    }
  }

  @Test
  void decrypt_withAnotherKeyId_isIncorrectKey() {
    String id = newKey();
    String other = newKey();
    SdkBytes blob = encrypt(id, "secret", Map.of());
    assertKmsError(
        "IncorrectKeyException", () -> kms.decrypt(b -> b.ciphertextBlob(blob).keyId(other)));
    assertKmsError(
        "NotFoundException", () -> kms.decrypt(b -> b.ciphertextBlob(blob).keyId("alias/nothing")));
  }

  @Test
  void decrypt_tamperedBlobOrWrongContext_isInvalidCiphertext() {
    String id = newKey();
    SdkBytes blob = encrypt(id, "secret", Map.of("a", "1"));
    byte[] bytes = blob.asByteArray();
    for (int i = 0; i < bytes.length; i++) {
      byte[] t = bytes.clone();
      t[i] ^= 0x01;
      int at = i;
      var e =
          org.junit.jupiter.api.Assertions.assertThrows(
              software.amazon.awssdk.services.kms.model.KmsException.class,
              () ->
                  kms.decrypt(
                      b ->
                          b.ciphertextBlob(SdkBytes.fromByteArray(t))
                              .encryptionContext(Map.of("a", "1"))));
      assertTrue(
          Set.of("InvalidCiphertextException").contains(e.awsErrorDetails().errorCode()),
          "flip at " + at + ": " + e.awsErrorDetails().errorCode());
    }
    assertKmsError("InvalidCiphertextException", () -> kms.decrypt(b -> b.ciphertextBlob(blob)));
    assertKmsError(
        "InvalidCiphertextException",
        () -> kms.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(Map.of("a", "2"))));
    assertKmsError(
        "InvalidCiphertextException",
        () ->
            kms.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(Map.of("a", "1", "b", "2"))));
    byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 1);
    assertKmsError(
        "InvalidCiphertextException",
        () -> kms.decrypt(b -> b.ciphertextBlob(SdkBytes.fromByteArray(truncated))));
    assertKmsError(
        "InvalidCiphertextException",
        () -> kms.decrypt(b -> b.ciphertextBlob(SdkBytes.fromByteArray(new byte[] {1, 2, 3}))));
  }

  @Test
  void encryptionContext_boundarySplits_doNotCollide() {
    String id = newKey();
    SdkBytes blob = encrypt(id, "secret", Map.of("ab", "c"));
    for (Map<String, String> other :
        List.of(
            Map.of("a", "bc"),
            Map.of("abc", ""),
            Map.of("a", "b", "c", ""),
            Map.<String, String>of())) {
      assertKmsError(
          "InvalidCiphertextException",
          () -> kms.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(other)));
    }
    assertEquals(
        "secret",
        kms.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(Map.of("ab", "c")))
            .plaintext()
            .asUtf8String());
  }

  @Test
  void encrypt_plaintextLengthBounds() {
    String id = newKey();
    byte[] max = new byte[4096];
    SdkBytes blob =
        kms.encrypt(b -> b.keyId(id).plaintext(SdkBytes.fromByteArray(max))).ciphertextBlob();
    assertArrayEquals(max, kms.decrypt(b -> b.ciphertextBlob(blob)).plaintext().asByteArray());
    assertKmsError(
        "ValidationException",
        () -> kms.encrypt(b -> b.keyId(id).plaintext(SdkBytes.fromByteArray(new byte[4097]))));
    assertKmsError(
        "ValidationException",
        () -> kms.encrypt(b -> b.keyId(id).plaintext(SdkBytes.fromByteArray(new byte[0]))));
    assertKmsError("ValidationException", () -> kms.encrypt(b -> b.keyId(id)));
    assertKmsError("ValidationException", () -> kms.encrypt(b -> b.plaintext(utf8("x"))));
    assertKmsError(
        "ValidationException",
        () -> kms.decrypt(b -> b.ciphertextBlob(SdkBytes.fromByteArray(new byte[6145]))));
  }

  @Test
  void encrypt_asymmetricAlgorithm_isInvalidKeyUsage() {
    String id = newKey();
    assertKmsError(
        "InvalidKeyUsageException",
        () ->
            kms.encrypt(
                b ->
                    b.keyId(id)
                        .plaintext(utf8("x"))
                        .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256)));
    assertKmsError(
        "ValidationException",
        () -> kms.encrypt(b -> b.keyId(id).plaintext(utf8("x")).encryptionAlgorithm("ROT13")));
  }

  @Test
  void grantTokens_overTen_isValidationError() {
    String id = newKey();
    kms.encrypt(b -> b.keyId(id).plaintext(utf8("x")).grantTokens("t1", "t2"));
    List<String> eleven = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      eleven.add("token" + i);
    }
    assertKmsError(
        "ValidationException",
        () -> kms.encrypt(b -> b.keyId(id).plaintext(utf8("x")).grantTokens(eleven)));
  }

  @Test
  void dryRun_answersDryRunOperation_andChangesNothing() {
    String id = newKey();
    assertKmsError(
        "DryRunOperationException",
        () -> kms.encrypt(b -> b.keyId(id).plaintext(utf8("x")).dryRun(true)));
    assertKmsError(
        "DryRunOperationException",
        () -> kms.generateDataKey(b -> b.keyId(id).numberOfBytes(8).dryRun(true)));
  }

  @Test
  void reEncrypt_movesCiphertextToAnotherKeyAndContext() {
    String source = newKey();
    String destination = newKey();
    SdkBytes blob = encrypt(source, "moving", Map.of("from", "a"));
    var r =
        kms.reEncrypt(
            b ->
                b.ciphertextBlob(blob)
                    .sourceEncryptionContext(Map.of("from", "a"))
                    .destinationKeyId(destination)
                    .destinationEncryptionContext(Map.of("to", "b")));
    assertEquals(arn("us-east-1", source), r.sourceKeyId());
    assertEquals(arn("us-east-1", destination), r.keyId());
    assertEquals(
        "moving",
        kms.decrypt(b -> b.ciphertextBlob(r.ciphertextBlob()).encryptionContext(Map.of("to", "b")))
            .plaintext()
            .asUtf8String());
    assertKmsError(
        "IncorrectKeyException",
        () ->
            kms.reEncrypt(
                b ->
                    b.ciphertextBlob(blob)
                        .sourceEncryptionContext(Map.of("from", "a"))
                        .sourceKeyId(destination)
                        .destinationKeyId(destination)));
    assertKmsError(
        "InvalidCiphertextException",
        () -> kms.reEncrypt(b -> b.ciphertextBlob(blob).destinationKeyId(destination)));
    assertKmsError("ValidationException", () -> kms.reEncrypt(b -> b.ciphertextBlob(blob)));
  }

  // GenerateDataKey, GenerateDataKeyWithoutPlaintext, GenerateRandom.

  @Test
  void generateDataKey_specsAndLengths() {
    String id = newKey();
    assertEquals(
        16,
        kms.generateDataKey(b -> b.keyId(id).keySpec(DataKeySpec.AES_128))
            .plaintext()
            .asByteArray()
            .length);
    for (int n : new int[] {1, 1024}) {
      GenerateDataKeyResponse r = kms.generateDataKey(b -> b.keyId(id).numberOfBytes(n));
      assertEquals(n, r.plaintext().asByteArray().length);
      assertArrayEquals(
          r.plaintext().asByteArray(),
          kms.decrypt(b -> b.ciphertextBlob(r.ciphertextBlob())).plaintext().asByteArray());
      assertEquals(arn("us-east-1", id), r.keyId());
    }
    assertKmsError(
        "ValidationException", () -> kms.generateDataKey(b -> b.keyId(id).numberOfBytes(0)));
    assertKmsError(
        "ValidationException", () -> kms.generateDataKey(b -> b.keyId(id).numberOfBytes(1025)));
    assertKmsError(
        "ValidationException",
        () -> kms.generateDataKey(b -> b.keyId(id).numberOfBytes(32).keySpec(DataKeySpec.AES_256)));
    assertKmsError("ValidationException", () -> kms.generateDataKey(b -> b.keyId(id)));
    assertKmsError(
        "ValidationException", () -> kms.generateDataKey(b -> b.keyId(id).keySpec("AES_512")));
  }

  @Test
  void generateDataKey_contextBindsCiphertext() {
    String id = newKey();
    var r =
        kms.generateDataKey(
            b -> b.keyId(id).keySpec(DataKeySpec.AES_256).encryptionContext(Map.of("m", "1")));
    assertKmsError(
        "InvalidCiphertextException", () -> kms.decrypt(b -> b.ciphertextBlob(r.ciphertextBlob())));
  }

  @Test
  void generateDataKeyWithoutPlaintext_returnsOnlyCiphertext() {
    String id = newKey();
    var r = kms.generateDataKeyWithoutPlaintext(b -> b.keyId(id).keySpec(DataKeySpec.AES_256));
    assertEquals(arn("us-east-1", id), r.keyId());
    assertEquals(
        32,
        kms.decrypt(b -> b.ciphertextBlob(r.ciphertextBlob())).plaintext().asByteArray().length);
    assertKmsError(
        "ValidationException",
        () -> kms.generateDataKeyWithoutPlaintext(b -> b.keyId(id).numberOfBytes(2000)));
  }

  @Test
  void generateRandom_lengthBounds() {
    List<byte[]> seen = new ArrayList<>();
    for (int n : new int[] {1, 32, 1024}) {
      byte[] r = kms.generateRandom(b -> b.numberOfBytes(n)).plaintext().asByteArray();
      assertEquals(n, r.length);
      seen.add(r);
    }
    assertNotEquals(
        java.util.HexFormat.of()
            .formatHex(kms.generateRandom(b -> b.numberOfBytes(32)).plaintext().asByteArray()),
        java.util.HexFormat.of().formatHex(seen.get(1)));
    assertKmsError("ValidationException", () -> kms.generateRandom(b -> b.numberOfBytes(0)));
    assertKmsError("ValidationException", () -> kms.generateRandom(b -> b.numberOfBytes(1025)));
    assertKmsError("ValidationException", () -> kms.generateRandom(b -> {}));
  }

  // Accounts and Regions.

  @Test
  void regionsAndAccounts_areSeparateKeySpaces() throws Exception {
    String id = newKey();
    try (KmsClient west =
        Clients.kms(server.endpoint(), http(), Region.EU_WEST_1, Clients.ACCESS_KEY)) {
      assertKmsError("NotFoundException", () -> west.describeKey(b -> b.keyId(id)));
      assertTrue(west.listKeys().keys().isEmpty());
      String westKey = west.createKey(b -> {}).keyMetadata().arn();
      assertTrue(westKey.startsWith("arn:aws:kms:eu-west-1:" + ACCOUNT + ":key/"), westKey);
    }
  }
}
