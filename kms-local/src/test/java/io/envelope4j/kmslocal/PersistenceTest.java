package io.envelope4j.kmslocal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.Tag;

/** The data directory: durability across restarts, modes, the exclusive lock. */
class PersistenceTest {
  @TempDir Path tmp;

  KmsLocal config(Path dir, TestClock clock) {
    return KmsLocal.builder().dataDirectory(dir).clock(clock).build();
  }

  @Test
  void restart_keepsKeysAliasesRotationsTagsPoliciesAndStates() throws Exception {
    Path dir = tmp.resolve("store");
    TestClock clock = new TestClock(KmsContract.START);
    String rotated;
    String disabled;
    String pending;
    String replicated;
    SdkBytes oldBlob;
    SdkBytes newBlob;
    try (KmsLocalServer s = config(dir, clock).start();
        KmsClient kms = Clients.kms(s.endpoint(), Clients.Http.URL_CONNECTION)) {
      rotated =
          kms.createKey(b -> b.tags(Tag.builder().tagKey("t").tagValue("v").build()))
              .keyMetadata()
              .keyId();
      String id = rotated;
      kms.createAlias(b -> b.aliasName("alias/kept").targetKeyId(id));
      oldBlob =
          kms.encrypt(b -> b.keyId(id).plaintext(SdkBytes.fromUtf8String("old"))).ciphertextBlob();
      kms.rotateKeyOnDemand(b -> b.keyId(id));
      kms.enableKeyRotation(b -> b.keyId(id).rotationPeriodInDays(100));
      kms.putKeyPolicy(b -> b.keyId(id).policy("{\"Statement\":[]}"));
      newBlob =
          kms.encrypt(b -> b.keyId(id).plaintext(SdkBytes.fromUtf8String("new"))).ciphertextBlob();
      disabled = kms.createKey(b -> {}).keyMetadata().keyId();
      kms.disableKey(b -> b.keyId(disabled));
      pending = kms.createKey(b -> {}).keyMetadata().keyId();
      kms.scheduleKeyDeletion(b -> b.keyId(pending).pendingWindowInDays(10));
      replicated = kms.createKey(b -> b.multiRegion(true)).keyMetadata().keyId();
      kms.replicateKey(b -> b.keyId(replicated).replicaRegion("eu-west-1"));
    }

    try (KmsLocalServer s = config(dir, clock).start();
        KmsClient kms = Clients.kms(s.endpoint(), Clients.Http.URL_CONNECTION)) {
      SdkBytes o = oldBlob;
      SdkBytes n = newBlob;
      assertEquals("old", kms.decrypt(b -> b.ciphertextBlob(o)).plaintext().asUtf8String());
      assertEquals("new", kms.decrypt(b -> b.ciphertextBlob(n)).plaintext().asUtf8String());
      assertEquals(
          1,
          BlobLayout.materialVersion(
              kms.encrypt(b -> b.keyId("alias/kept").plaintext(SdkBytes.fromUtf8String("x")))
                  .ciphertextBlob()
                  .asByteArray()));
      assertEquals("{\"Statement\":[]}", kms.getKeyPolicy(b -> b.keyId(rotated)).policy());
      assertEquals("v", kms.listResourceTags(b -> b.keyId(rotated)).tags().get(0).tagValue());
      var status = kms.getKeyRotationStatus(b -> b.keyId(rotated));
      assertTrue(status.keyRotationEnabled());
      assertEquals(100, status.rotationPeriodInDays());
      assertEquals(
          KeyState.DISABLED, kms.describeKey(b -> b.keyId(disabled)).keyMetadata().keyState());
      assertEquals(
          KeyState.PENDING_DELETION,
          kms.describeKey(b -> b.keyId(pending)).keyMetadata().keyState());
      assertEquals(
          1,
          kms.describeKey(b -> b.keyId(replicated))
              .keyMetadata()
              .multiRegionConfiguration()
              .replicaKeys()
              .size());
      clock.advance(Duration.ofDays(10));
      Errors.assertKmsError("NotFoundException", () -> kms.describeKey(b -> b.keyId(pending)));
    }

    try (KmsLocalServer s = config(dir, clock).start();
        KmsClient kms = Clients.kms(s.endpoint(), Clients.Http.URL_CONNECTION)) {
      Errors.assertKmsError("NotFoundException", () -> kms.describeKey(b -> b.keyId(pending)));
      assertEquals(3, kms.listKeys().keys().size());
    }
  }

  @Test
  void dataDirectory_isMode0700_andItsFiles0600() throws Exception {
    Path dir = tmp.resolve("modes");
    Path audit = tmp.resolve("audit.jsonl");
    try (KmsLocalServer s = KmsLocal.builder().dataDirectory(dir).auditLog(audit).build().start();
        KmsClient kms = Clients.kms(s.endpoint(), Clients.Http.URL_CONNECTION)) {
      kms.createKey(b -> {});
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          assertEquals(
              "rw-------",
              PosixFilePermissions.toString(Files.getPosixFilePermissions(f)),
              f.toString());
        }
      }
      assertEquals(
          "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(audit)));
      assertTrue(Files.exists(dir.resolve("store.json")));
      assertTrue(Files.exists(dir.resolve("owner.json")));
    }
  }

  @Test
  void secondServer_onOwnedDirectory_failsNamingTheOwner() throws Exception {
    Path dir = tmp.resolve("owned");
    try (KmsLocalServer first = KmsLocal.builder().dataDirectory(dir).build().start()) {
      DataDirectoryInUseException e =
          assertThrows(
              DataDirectoryInUseException.class,
              () -> KmsLocal.builder().dataDirectory(dir).build().start());
      DataDirectoryOwner owner = e.owner().orElseThrow();
      assertEquals(first.endpoint(), owner.endpoint());
      assertEquals(ProcessHandle.current().pid(), owner.pid());
      assertTrue(e.getMessage().contains(first.endpoint().toString()), e.getMessage());
      assertTrue(e.getMessage().contains("process " + owner.pid()), e.getMessage());
      assertEquals(dir.toAbsolutePath(), e.dataDirectory());
    }
    try (KmsLocalServer again = KmsLocal.builder().dataDirectory(dir).build().start()) {
      assertFalse(again.endpoint().toString().isEmpty());
    }
  }

  @Test
  void corruptStore_failsStartWithTheFileName() throws Exception {
    Path dir = tmp.resolve("corrupt");
    try (KmsLocalServer s = KmsLocal.builder().dataDirectory(dir).build().start()) {
      Clients.noRetries(s.endpoint()).createKey(b -> {});
    }
    Files.writeString(dir.resolve("store.json"), "{\"format\":1,\"keys\":[{}]}");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> KmsLocal.builder().dataDirectory(dir).build().start());
    assertTrue(e.getMessage().contains("store.json"), e.getMessage());
    Files.writeString(dir.resolve("store.json"), "{\"format\":99,\"keys\":[],\"aliases\":[]}");
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> KmsLocal.builder().dataDirectory(dir).build().start());
    assertTrue(e.getMessage().contains("format 99"), e.getMessage());
    try (KmsLocalServer s =
        KmsLocal.builder().dataDirectory(tmp.resolve("fresh")).build().start()) {
      assertEquals(Map.of(), s.counters().snapshot());
    }
  }

  @Test
  void failedSnapshotWrite_failsTheRequest_andEveryLaterOne_untilRestart() throws Exception {
    Path dir = tmp.resolve("failing");
    String kept;
    try (KmsLocalServer s = KmsLocal.builder().dataDirectory(dir).build().start();
        KmsClient kms = Clients.noRetries(s.endpoint())) {
      kept = kms.createKey(b -> {}).keyMetadata().keyId();
      // A non-empty directory where the temporary snapshot goes: the next write fails.
      Files.createDirectories(dir.resolve("store.json.tmp").resolve("blocker"));
      Errors.assertKmsError("KMSInternalException", 500, () -> kms.createKey(b -> {}));
      var e = Errors.assertKmsError("KMSInternalException", 500, () -> kms.listKeys());
      assertTrue(e.getMessage().contains("restart"), e.getMessage());
    }
    Files.delete(dir.resolve("store.json.tmp").resolve("blocker"));
    Files.delete(dir.resolve("store.json.tmp"));
    try (KmsLocalServer s = KmsLocal.builder().dataDirectory(dir).build().start();
        KmsClient kms = Clients.noRetries(s.endpoint())) {
      var keys = kms.listKeys().keys();
      assertEquals(1, keys.size());
      assertEquals(kept, keys.get(0).keyId());
    }
  }

  @Test
  void dataDirectoryThatIsAFile_failsWithClearMessage() throws Exception {
    Path file = Files.writeString(tmp.resolve("plain-file"), "x");
    java.io.IOException e =
        assertThrows(
            java.io.IOException.class,
            () -> KmsLocal.builder().dataDirectory(file).build().start());
    assertTrue(e.getMessage().contains("is a file"), e.getMessage());
  }

  @Test
  void inMemoryServer_forgetsOnClose() throws Exception {
    try (KmsLocalServer s = KmsLocal.builder().build().start();
        KmsClient kms = Clients.noRetries(s.endpoint())) {
      kms.createKey(b -> {});
    }
    try (KmsLocalServer s = KmsLocal.builder().build().start();
        KmsClient kms = Clients.noRetries(s.endpoint())) {
      assertTrue(kms.listKeys().keys().isEmpty());
    }
  }
}
