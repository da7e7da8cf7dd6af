package io.envelope4j.cache;

import static io.envelope4j.cache.CacheFixture.CONTEXT;
import static io.envelope4j.cache.CacheFixture.ENVELOPE;
import static io.envelope4j.cache.CacheFixture.SUITE;
import static io.envelope4j.cache.CacheFixture.decrypt;
import static io.envelope4j.cache.CacheFixture.encrypt;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.envelope4j.AlgorithmSuite;
import io.envelope4j.CommitmentPolicy;
import io.envelope4j.EncryptRequest;
import io.envelope4j.KeyProviderException;
import io.envelope4j.NoDecryptionKeyException;
import io.envelope4j.materials.DataKey;
import io.envelope4j.materials.DecryptionMaterialsRequest;
import io.envelope4j.materials.EncryptionMaterials;
import io.envelope4j.materials.EncryptionMaterialsRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Behaviour of the caching manager on one thread, over a real raw AES keyring. */
class CachingMaterialsManagerTest {
  private final FakeTicker ticker = new FakeTicker();
  private final RecordingKeyring keyring = new RecordingKeyring();
  private final DataKeyCache cache =
      DataKeyCache.builder().capacity(100).ticker(ticker).executor(Runnable::run).build();

  private CachingMaterialsManager.Builder manager() {
    return CachingMaterialsManager.builder()
        .keyring(keyring)
        .cache(cache)
        .maxAge(Duration.ofMinutes(1));
  }

  @Test
  void encrypt_warmCache_callsKeyringOnceAndEveryMessageDecrypts() {
    CachingMaterialsManager cmm = manager().build();
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      byte[] plaintext = ("message " + i).getBytes(StandardCharsets.UTF_8);
      byte[] message = encrypt(cmm, plaintext);
      keys.add(Messages.firstWrappedKey(message));
      assertArrayEquals(plaintext, decrypt(new RecordingKeyring(), message));
    }
    assertEquals(1, keyring.encryptCalls.get());
    assertEquals(1, keys.size());
    CacheStats stats = cmm.stats();
    assertEquals(19, stats.hits());
    assertEquals(1, stats.misses());
    assertEquals(1, stats.loads());
    assertEquals(0, stats.inFlightLoads());
  }

  @Test
  void encrypt_messageDone_cachedKeyIsNotWipedButCallerCopyIs() {
    CachingMaterialsManager cmm = manager().build();
    EncryptionMaterials handedOut = cmm.encryptionMaterials(request(SUITE, 10));
    DataKey callerCopy = handedOut.dataKey().orElseThrow();
    DataKey cached = keyring.producedKeys.get(0);
    assertNotEquals(System.identityHashCode(cached), System.identityHashCode(callerCopy));
    assertTrue(cached.equalsConstantTime(callerCopy));

    encrypt(cmm, new byte[10]);
    assertFalse(cached.isDestroyed());
    assertEquals(1, keyring.encryptCalls.get());
  }

  @Test
  void maxMessagesPerKey_three_eachKeyUsedAtMostThreeTimes() {
    CachingMaterialsManager cmm = manager().maxMessagesPerKey(3).build();
    Map<String, Integer> uses = new java.util.HashMap<>();
    for (int i = 0; i < 10; i++) {
      uses.merge(Messages.firstWrappedKey(encrypt(cmm, new byte[5])), 1, Integer::sum);
    }
    assertEquals(4, keyring.encryptCalls.get());
    assertEquals(Map.of(3, 3, 1, 1), countValues(uses));
  }

  @Test
  void maxBytesPerKey_usageReachesExactlyTheLimit_keyIsReused() {
    CachingMaterialsManager cmm = manager().maxBytesPerKey(100).build();
    String first = Messages.firstWrappedKey(encrypt(cmm, new byte[60]));
    String second = Messages.firstWrappedKey(encrypt(cmm, new byte[40]));
    assertEquals(first, second);
    assertEquals(1, keyring.encryptCalls.get());

    String third = Messages.firstWrappedKey(encrypt(cmm, new byte[1]));
    assertNotEquals(first, third);
    assertEquals(2, keyring.encryptCalls.get());
  }

  @Test
  void maxBytesPerKey_usageOneByteOverTheLimit_loadsANewKey() {
    CachingMaterialsManager cmm = manager().maxBytesPerKey(100).build();
    String first = Messages.firstWrappedKey(encrypt(cmm, new byte[60]));
    String second = Messages.firstWrappedKey(encrypt(cmm, new byte[41]));
    assertNotEquals(first, second);
    assertEquals(2, keyring.encryptCalls.get());
    assertEquals(0, cmm.stats().bypasses());
  }

  @Test
  void maxBytesPerKey_messageExactlyTheLimit_bypassesTheCache() {
    CachingMaterialsManager cmm = manager().maxBytesPerKey(100).build();
    encrypt(cmm, new byte[100]);
    encrypt(cmm, new byte[100]);
    assertEquals(2, keyring.encryptCalls.get());
    assertEquals(2, cmm.stats().bypasses());
    assertEquals(0, cache.estimatedSize());
  }

  @Test
  void maxBytesPerKey_messageOneByteOverTheLimit_bypassesTheCache() {
    CachingMaterialsManager cmm = manager().maxBytesPerKey(100).build();
    encrypt(cmm, new byte[101]);
    assertEquals(1, cmm.stats().bypasses());
    assertEquals(0, cmm.stats().misses());
    assertEquals(0, cache.estimatedSize());
  }

  @Test
  void maxBytesPerKey_messageOneByteUnderTheLimit_isCachedAndSpendsTheKey() {
    CachingMaterialsManager cmm = manager().maxBytesPerKey(100).build();
    String first = Messages.firstWrappedKey(encrypt(cmm, new byte[99]));
    String second = Messages.firstWrappedKey(encrypt(cmm, new byte[1]));
    String third = Messages.firstWrappedKey(encrypt(cmm, new byte[1]));
    assertEquals(first, second);
    assertNotEquals(first, third);
    assertEquals(2, keyring.encryptCalls.get());
  }

  @Test
  void load_underlyingRequest_carriesTheByteLimitAsMaxPlaintextLength() {
    OptionalLong[] seen = new OptionalLong[1];
    io.envelope4j.materials.MaterialsManager spy =
        new io.envelope4j.materials.MaterialsManager() {
          final io.envelope4j.materials.MaterialsManager real =
              io.envelope4j.materials.DefaultMaterialsManager.of(keyring);

          @Override
          public EncryptionMaterials encryptionMaterials(EncryptionMaterialsRequest r) {
            seen[0] = r.plaintextLengthBytes();
            return real.encryptionMaterials(r);
          }

          @Override
          public io.envelope4j.materials.DecryptionMaterials decryptionMaterials(
              DecryptionMaterialsRequest r) {
            return real.decryptionMaterials(r);
          }
        };
    CachingMaterialsManager cmm =
        CachingMaterialsManager.builder()
            .materialsManager(spy)
            .cache(cache)
            .maxAge(Duration.ofMinutes(1))
            .maxBytesPerKey(5000)
            .build();
    encrypt(cmm, new byte[7]);
    assertEquals(OptionalLong.of(5000), seen[0]);
  }

  @Test
  void stream_lengthNotDeclared_bypassesTheCache() throws IOException {
    CachingMaterialsManager cmm = manager().build();
    for (int i = 0; i < 3; i++) {
      ByteArrayOutputStream sink = new ByteArrayOutputStream();
      EncryptRequest request = EncryptRequest.builder().materialsManager(cmm).suite(SUITE).build();
      try (OutputStream out = ENVELOPE.encryptingStream(sink, request)) {
        out.write(new byte[300]);
      }
      assertEquals(300, decrypt(new RecordingKeyring(), sink.toByteArray()).length);
    }
    assertEquals(3, keyring.encryptCalls.get());
    assertEquals(3, cmm.stats().bypasses());
  }

  @Test
  void stream_lengthDeclared_usesTheCacheAndIsChargedTheDeclaredLength() throws IOException {
    CachingMaterialsManager cmm = manager().maxBytesPerKey(1000).build();
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      ByteArrayOutputStream sink = new ByteArrayOutputStream();
      EncryptRequest request =
          EncryptRequest.builder()
              .materialsManager(cmm)
              .suite(SUITE)
              .plaintextLengthBytes(300)
              .build();
      try (OutputStream out = ENVELOPE.encryptingStream(sink, request)) {
        out.write(new byte[300]);
      }
      keys.add(Messages.firstWrappedKey(sink.toByteArray()));
    }
    // 300 + 300 + 300 fit in 1000 bytes, the fourth stream needs a second key.
    assertEquals(2, keys.size());
    assertEquals(2, keyring.encryptCalls.get());
  }

  @Test
  void suiteWithoutKeyDerivation_isNeverCached() {
    // core writes only format v2, so this runs at the materials level.
    AlgorithmSuite noKdf = AlgorithmSuite.AES_256_GCM_IV12_TAG16_NO_KDF;
    CachingMaterialsManager cmm = manager().build();
    EncryptionMaterialsRequest request =
        new EncryptionMaterialsRequest(
            CONTEXT,
            Optional.of(noKdf),
            CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT,
            OptionalLong.of(8));
    EncryptionMaterials a = cmm.encryptionMaterials(request);
    EncryptionMaterials b = cmm.encryptionMaterials(request);
    assertFalse(a.dataKey().orElseThrow().equalsConstantTime(b.dataKey().orElseThrow()));

    DecryptionMaterialsRequest decrypt =
        new DecryptionMaterialsRequest(
            noKdf,
            a.encryptedDataKeys(),
            CONTEXT,
            Map.of(),
            CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT);
    for (int i = 0; i < 2; i++) {
      assertTrue(
          cmm.decryptionMaterials(decrypt)
              .dataKey()
              .orElseThrow()
              .equalsConstantTime(a.dataKey().orElseThrow()));
    }
    assertEquals(2, keyring.encryptCalls.get());
    assertEquals(2, keyring.decryptCalls.get());
    assertEquals(0, cache.estimatedSize());
    assertEquals(4, cmm.stats().bypasses());
  }

  @Test
  void underlyingChoosesSuiteWithoutKeyDerivation_resultIsNotCached() {
    CachingMaterialsManager cmm = manager().build();
    EncryptionMaterialsRequest request =
        new EncryptionMaterialsRequest(
            CONTEXT,
            Optional.empty(),
            CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT,
            OptionalLong.of(10));
    // FORBID's default suite is a v1 suite with HKDF, so force the no-KDF case through a wrapper.
    io.envelope4j.materials.MaterialsManager noKdf =
        new io.envelope4j.materials.MaterialsManager() {
          @Override
          public EncryptionMaterials encryptionMaterials(EncryptionMaterialsRequest r) {
            return io.envelope4j.materials.DefaultMaterialsManager.of(keyring)
                .encryptionMaterials(
                    new EncryptionMaterialsRequest(
                        r.encryptionContext(),
                        Optional.of(AlgorithmSuite.AES_128_GCM_IV12_TAG16_NO_KDF),
                        r.commitmentPolicy(),
                        r.plaintextLengthBytes()));
          }

          @Override
          public io.envelope4j.materials.DecryptionMaterials decryptionMaterials(
              DecryptionMaterialsRequest r) {
            throw new UnsupportedOperationException();
          }
        };
    CachingMaterialsManager wrapping =
        CachingMaterialsManager.builder()
            .materialsManager(noKdf)
            .cache(cache)
            .maxAge(Duration.ofMinutes(1))
            .build();
    EncryptionMaterials a = wrapping.encryptionMaterials(request);
    EncryptionMaterials b = wrapping.encryptionMaterials(request);
    assertFalse(a.dataKey().orElseThrow().equalsConstantTime(b.dataKey().orElseThrow()));
    assertEquals(2, keyring.encryptCalls.get());
    assertEquals(0, cache.estimatedSize());
    assertEquals(0, cmm.stats().loads());
  }

  @Test
  void encryptionContext_differs_usesDifferentKeys() {
    CachingMaterialsManager cmm = manager().build();
    String blue = Messages.firstWrappedKey(encrypt(cmm, new byte[1], Map.of("tenant", "blue")));
    String red = Messages.firstWrappedKey(encrypt(cmm, new byte[1], Map.of("tenant", "red")));
    String blueAgain =
        Messages.firstWrappedKey(encrypt(cmm, new byte[1], Map.of("tenant", "blue")));
    assertNotEquals(blue, red);
    assertEquals(blue, blueAgain);
    assertEquals(2, keyring.encryptCalls.get());
  }

  @Test
  void encrypt_suiteRequestedThenNot_separateEntriesEvenWithOneContext() {
    CachingMaterialsManager cmm = manager().build();
    EncryptionMaterialsRequest withSuite = request(SUITE, 10);
    EncryptionMaterialsRequest withoutSuite =
        new EncryptionMaterialsRequest(
            CONTEXT,
            Optional.empty(),
            CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT,
            OptionalLong.of(10));
    for (int i = 0; i < 3; i++) {
      assertEquals(SUITE, cmm.encryptionMaterials(withSuite).suite());
      assertEquals(
          AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384,
          cmm.encryptionMaterials(withoutSuite).suite());
    }
    assertEquals(2, keyring.encryptCalls.get());
    assertEquals(4, cmm.stats().hits());
  }

  @Test
  void partitions_sharedCacheDifferentNames_neverShareAKey() {
    RecordingKeyring otherKeyring = new RecordingKeyring("key-b", (byte) 9);
    CachingMaterialsManager a = manager().partition("alpha").build();
    CachingMaterialsManager b =
        CachingMaterialsManager.builder()
            .keyring(otherKeyring)
            .cache(cache)
            .partition("beta")
            .maxAge(Duration.ofMinutes(1))
            .build();
    byte[] fromA = encrypt(a, new byte[3]);
    byte[] fromB = encrypt(b, new byte[3]);
    byte[] fromA2 = encrypt(a, new byte[3]);
    byte[] fromB2 = encrypt(b, new byte[3]);

    assertEquals(1, keyring.encryptCalls.get());
    assertEquals(1, otherKeyring.encryptCalls.get());
    assertEquals(Messages.firstWrappedKey(fromA), Messages.firstWrappedKey(fromA2));
    assertEquals(Messages.firstWrappedKey(fromB), Messages.firstWrappedKey(fromB2));
    assertFalse(
        keyring.producedKeys.get(0).equalsConstantTime(otherKeyring.producedKeys.get(0)),
        "the two partitions hold different data keys");
    // B's messages carry only B's wrapping: A's keyring cannot open them, and the other way round.
    assertThrows(NoDecryptionKeyException.class, () -> decrypt(keyring, fromB2));
    assertThrows(NoDecryptionKeyException.class, () -> decrypt(otherKeyring, fromA2));
    assertEquals(2, cache.estimatedSize());
  }

  @Test
  void partitions_sameName_shareEntries() {
    CachingMaterialsManager a = manager().partition("shared").build();
    CachingMaterialsManager b = manager().partition("shared").build();
    String fromA = Messages.firstWrappedKey(encrypt(a, new byte[3]));
    String fromB = Messages.firstWrappedKey(encrypt(b, new byte[3]));
    assertEquals(fromA, fromB);
    assertEquals(1, keyring.encryptCalls.get());
    assertEquals(1, b.stats().hits());
  }

  @Test
  void partitions_defaultNames_areDistinctPerManager() {
    CachingMaterialsManager a = manager().build();
    CachingMaterialsManager b = manager().build();
    assertNotEquals(a.partition(), b.partition());
    encrypt(a, new byte[3]);
    encrypt(b, new byte[3]);
    assertEquals(2, keyring.encryptCalls.get());
  }

  @Test
  void decrypt_sameMessageTwice_callsKeyringOnce() {
    CachingMaterialsManager cmm = manager().build();
    byte[] message = encrypt(new RecordingKeyringManager(keyring).manager(), new byte[40]);
    for (int i = 0; i < 5; i++) {
      assertEquals(40, decrypt(cmm, message).length);
    }
    assertEquals(1, keyring.decryptCalls.get());
    assertEquals(4, cmm.stats().hits());
  }

  @Test
  void decrypt_differentDataKeys_areSeparateEntries() {
    CachingMaterialsManager writer = manager().maxMessagesPerKey(1).build();
    CachingMaterialsManager reader = manager().build();
    byte[] first = encrypt(writer, new byte[1]);
    byte[] second = encrypt(writer, new byte[1]);
    decrypt(reader, first);
    decrypt(reader, second);
    decrypt(reader, first);
    assertEquals(2, keyring.decryptCalls.get());
  }

  @Test
  void decrypt_keyringFails_throwsItsExceptionAndNextRequestRetries() {
    CachingMaterialsManager cmm = manager().build();
    byte[] message = encrypt(cmm, new byte[4]);
    keyring.fail = true;
    KeyProviderException e =
        assertThrows(KeyProviderException.class, () -> decrypt(manager().build(), message));
    assertEquals("test keyring refuses on purpose", e.getMessage());
    keyring.fail = false;
    CachingMaterialsManager reader = manager().build();
    assertEquals(4, decrypt(reader, message).length);
    assertEquals(1, reader.stats().loads());
  }

  @Test
  void encrypt_keyringFails_countsALoadFailureAndCachesNothing() {
    CachingMaterialsManager cmm = manager().build();
    keyring.fail = true;
    assertThrows(KeyProviderException.class, () -> encrypt(cmm, new byte[4]));
    assertEquals(1, cmm.stats().loadFailures());
    assertEquals(0, cmm.stats().loads());
    assertEquals(0, cache.estimatedSize());
    assertTrue(cache.inFlight().isEmpty());
    keyring.fail = false;
    encrypt(cmm, new byte[4]);
    assertEquals(1, cmm.stats().loads());
  }

  @Test
  void signedSuite_cachedMaterialsCarryTheirSigningKey() {
    CachingMaterialsManager cmm = manager().build();
    byte[][] messages = new byte[3][];
    for (int i = 0; i < 3; i++) {
      messages[i] =
          ENVELOPE
              .encrypt(
                  EncryptRequest.builder()
                      .materialsManager(cmm)
                      .suite(AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384)
                      .plaintext(new byte[16])
                      .build())
              .ciphertext();
      assertEquals(16, decrypt(new RecordingKeyring(), messages[i]).length);
    }
    assertEquals(1, keyring.encryptCalls.get());
    Set<String> publicKeys = new HashSet<>();
    for (byte[] m : messages) {
      publicKeys.add(
          ENVELOPE
              .decrypt(
                  io.envelope4j.DecryptRequest.builder()
                      .keyring(new RecordingKeyring())
                      .ciphertext(m)
                      .build())
              .encryptionContext()
              .get("aws-crypto-public-key"));
    }
    assertEquals(1, publicKeys.size());
  }

  @Test
  void invalidateAll_wipesEveryCachedKey() {
    CachingMaterialsManager cmm = manager().build();
    encrypt(cmm, new byte[1], Map.of("n", "1"));
    encrypt(cmm, new byte[1], Map.of("n", "2"));
    decrypt(cmm, encrypt(cmm, new byte[1], Map.of("n", "3")));
    assertEquals(4, keyring.producedKeys.size());
    assertEquals(0, keyring.destroyedKeys());
    cache.invalidateAll();
    cache.cleanUp();
    assertEquals(4, keyring.destroyedKeys());
    assertEquals(0, cache.estimatedSize());
  }

  @Test
  void toString_showsNoKeyMaterial() {
    CachingMaterialsManager cmm = manager().partition("p").build();
    encrypt(cmm, new byte[1]);
    String hex = HexFormat.of().formatHex(keyring.producedKeys.get(0).revealCopy());
    String text =
        cmm + " " + cache + " " + cmm.stats() + " " + cmm.encryptionMaterials(request(SUITE, 1));
    assertFalse(text.contains(hex));
    assertFalse(text.toLowerCase().contains(hex.substring(0, 16)));
    assertTrue(text.contains("partition=p"));
  }

  @Test
  void builder_badOptions_throwNamingTheOption() {
    assertEquals(
        "caching materials manager needs a maxAge; set maxAge(..)",
        assertThrows(
                IllegalStateException.class,
                () -> CachingMaterialsManager.builder().keyring(keyring).build())
            .getMessage());
    assertThrows(
        IllegalStateException.class,
        () -> CachingMaterialsManager.builder().maxAge(Duration.ofSeconds(1)).build());
    assertEquals(
        "maxAge PT0S is not positive",
        assertThrows(
                IllegalArgumentException.class,
                () -> CachingMaterialsManager.builder().maxAge(Duration.ZERO))
            .getMessage());
    assertEquals(
        "maxMessagesPerKey 4294967297 is outside the range 1 to 4294967296 (2^32)",
        assertThrows(
                IllegalArgumentException.class,
                () -> CachingMaterialsManager.builder().maxMessagesPerKey((1L << 32) + 1))
            .getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> CachingMaterialsManager.builder().maxMessagesPerKey(0));
    assertEquals(
        "maxBytesPerKey 0 is below the minimum 1",
        assertThrows(
                IllegalArgumentException.class,
                () -> CachingMaterialsManager.builder().maxBytesPerKey(0))
            .getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> CachingMaterialsManager.builder().refreshAhead(1.0));
    assertThrows(
        IllegalArgumentException.class, () -> CachingMaterialsManager.builder().refreshAhead(0));
    assertEquals(
        "cache capacity 0 is below the minimum 1",
        assertThrows(IllegalArgumentException.class, () -> DataKeyCache.builder().capacity(0))
            .getMessage());
  }

  @Test
  void builder_defaults_areTheDocumentedOnes() {
    assertEquals(1000, DataKeyCache.builder().build().capacity());
    assertEquals(1L << 32, CachingMaterialsManager.MAX_MESSAGES_PER_KEY);
    assertEquals(Long.MAX_VALUE, CachingMaterialsManager.MAX_BYTES_PER_KEY);
    CachingMaterialsManager cmm =
        CachingMaterialsManager.builder().keyring(keyring).maxAge(Duration.ofSeconds(5)).build();
    assertTrue(cmm.toString().contains("maxMessagesPerKey=4294967296"));
    assertTrue(cmm.toString().contains("maxBytesPerKey=9223372036854775807"));
  }

  private static EncryptionMaterialsRequest request(AlgorithmSuite suite, long length) {
    return new EncryptionMaterialsRequest(
        CONTEXT,
        Optional.of(suite),
        CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT,
        OptionalLong.of(length));
  }

  private static Map<Integer, Integer> countValues(Map<String, Integer> uses) {
    Map<Integer, Integer> counts = new java.util.HashMap<>();
    for (int n : uses.values()) {
      counts.merge(n, 1, Integer::sum);
    }
    return counts;
  }

  /** A plain default manager over the recording keyring, to write messages outside the cache. */
  private record RecordingKeyringManager(RecordingKeyring keyring) {
    io.envelope4j.materials.MaterialsManager manager() {
      return io.envelope4j.materials.DefaultMaterialsManager.of(keyring);
    }
  }
}
