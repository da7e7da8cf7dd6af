package io.envelope4j.kmslocal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyState;

/** Seed files: given ids and material, aliases, tags, and their checks. */
class SeedTest {
  static final String ID = "0b8d6f7c-1f2e-4a5b-9c8d-7e6f5a4b3c2d";
  static final String MRK = "mrk-00112233445566778899aabbccddeeff";
  static final String MATERIAL = Base64.getEncoder().encodeToString(new byte[32]);

  @TempDir Path tmp;

  Path seed(String json) throws Exception {
    Path f = tmp.resolve("seed-" + System.nanoTime() + ".json");
    Files.writeString(f, json);
    return f;
  }

  String fixture() {
    return "{\"keys\":[{\"keyId\":\""
        + ID
        + "\",\"material\":\""
        + MATERIAL
        + "\",\"description\":\"fixture\",\"tags\":{\"team\":\"pay\"},"
        + "\"aliases\":[\"alias/app\"]},"
        + "{\"keyId\":\""
        + MRK
        + "\",\"region\":\"eu-west-1\",\"enabled\":false,"
        + "\"replicaRegions\":[\"us-east-1\"]}],"
        + "\"aliases\":[{\"aliasName\":\"alias/second\",\"targetKeyId\":\""
        + ID
        + "\"}]}";
  }

  @Test
  void seededKeys_haveGivenIdsAliasesTagsAndStates() throws Exception {
    try (KmsLocalServer s = KmsLocal.builder().seed(seed(fixture())).build().start();
        KmsClient kms = Clients.noRetries(s.endpoint());
        KmsClient west =
            Clients.kms(
                s.endpoint(), Clients.Http.URL_CONNECTION, Region.EU_WEST_1, Clients.ACCESS_KEY)) {
      var m = kms.describeKey(b -> b.keyId("alias/second")).keyMetadata();
      assertEquals(ID, m.keyId());
      assertEquals("fixture", m.description());
      assertEquals("pay", kms.listResourceTags(b -> b.keyId(ID)).tags().get(0).tagValue());
      assertEquals(ID, kms.describeKey(b -> b.keyId("alias/app")).keyMetadata().keyId());
      var mrk = west.describeKey(b -> b.keyId(MRK)).keyMetadata();
      assertEquals(KeyState.DISABLED, mrk.keyState());
      assertTrue(mrk.multiRegion());
      assertEquals(1, mrk.multiRegionConfiguration().replicaKeys().size());
      var replica = kms.describeKey(b -> b.keyId(MRK)).keyMetadata();
      assertEquals("eu-west-1", replica.multiRegionConfiguration().primaryKey().region());
      west.enableKey(b -> b.keyId(MRK));
      kms.enableKey(b -> b.keyId(MRK));
      var blob =
          west.encrypt(b -> b.keyId(MRK).plaintext(SdkBytes.fromUtf8String("mrk")))
              .ciphertextBlob();
      assertEquals("mrk", kms.decrypt(b -> b.ciphertextBlob(blob)).plaintext().asUtf8String());
    }
  }

  @Test
  void sameSeed_twoServers_decryptEachOthersCiphertexts() throws Exception {
    Path f = seed(fixture());
    SdkBytes blob;
    try (KmsLocalServer s = KmsLocal.builder().seed(f).build().start();
        KmsClient kms = Clients.noRetries(s.endpoint())) {
      blob =
          kms.encrypt(b -> b.keyId("alias/app").plaintext(SdkBytes.fromUtf8String("fixed")))
              .ciphertextBlob();
    }
    try (KmsLocalServer s = KmsLocal.builder().seed(f).build().start();
        KmsClient kms = Clients.noRetries(s.endpoint())) {
      assertEquals("fixed", kms.decrypt(b -> b.ciphertextBlob(blob)).plaintext().asUtf8String());
    }
  }

  @Test
  void seedOnPersistentStore_addsOnce_andRefusesConflictingMaterial() throws Exception {
    Path dir = tmp.resolve("data");
    Path f = seed(fixture());
    for (int i = 0; i < 2; i++) {
      try (KmsLocalServer s = KmsLocal.builder().dataDirectory(dir).seed(f).build().start();
          KmsClient kms = Clients.noRetries(s.endpoint())) {
        assertEquals(2, kms.listKeys().keys().size(), "the key and the replica");
      }
    }
    String other =
        Base64.getEncoder()
            .encodeToString(
                new byte[] {
                  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16
                });
    Path conflicting = seed(fixture().replace(MATERIAL, other));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> KmsLocal.builder().dataDirectory(dir).seed(conflicting).build().start());
    assertTrue(e.getMessage().contains(ID), e.getMessage());
  }

  @Test
  void badSeeds_failWithTheProblemNamed() throws Exception {
    String[][] cases = {
      {"[]", "top level"},
      {"{\"keys\":[{\"keyId\":\"not-a-uuid\"}]}", "not-a-uuid"},
      {"{\"keys\":[{\"material\":\"AAAA\"}]}", "3 bytes, not 32"},
      {"{\"keys\":[{\"aliases\":[\"noprefix\"]}]}", "noprefix"},
      {"{\"aliases\":[{\"aliasName\":\"alias/x\",\"targetKeyId\":\"" + ID + "\"}]}", "unknown key"},
      {"{\"keys\":[{\"account\":\"12\"}]}", "twelve digits"},
      {"{\"keys\":[{\"replicaRegions\":[\"us-west-2\"]}]}", "not an mrk- key"},
    };
    for (String[] c : cases) {
      Path f = seed(c[0]);
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> KmsLocal.builder().seed(f).build().start(),
              c[0]);
      assertTrue(e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
    }
  }
}
