package io.envelope4j.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.envelope4j.AlgorithmSuite;
import io.envelope4j.CommitmentPolicy;
import io.envelope4j.keyring.EncryptedDataKey;
import io.envelope4j.materials.DecryptionMaterialsRequest;
import io.envelope4j.materials.EncryptionMaterialsRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Cache entry identifiers against the known answers of the AWS Encryption SDK for Python's cache
 * tests (test/unit/caches/test_caches.py), which implement the specification's appendix A.
 */
class CacheIdTest {
  private static final byte[] PARTITION =
      CacheId.partitionDigest("c15b9079-6d0e-42b6-8784-5e804b025692");
  private static final Map<String, String> FULL =
      Map.of("this", "is", "a", "non-empty", "encryption", "context");
  private static final AlgorithmSuite P384 = AlgorithmSuite.findById(0x0378).orElseThrow();
  private static final AlgorithmSuite AES128 = AlgorithmSuite.findById(0x0114).orElseThrow();
  private static final EncryptedDataKey KEY_1 =
      EncryptedDataKey.of(
          "this is a provider ID",
          ascii("this is some key info"),
          ascii("super secret key, now with encryption!"));
  private static final EncryptedDataKey KEY_2 =
      EncryptedDataKey.of(
          "another provider ID!",
          ascii("this is some different key info"),
          ascii("better super secret key, now with encryption!"));

  @Test
  void forEncrypt_noSuiteEmptyContext_matchesEsdkPython() {
    assertId(
        "rkrFAso1YyPbOJbmwVMjrPw+wwLJT7xusn8tA8zMe9e3+OqbtfDueB7bvoKLU3fsmdUvZ6eMt7mBp1ThMMB25Q==",
        CacheId.forEncrypt(PARTITION, encryptRequest(null, Map.of())));
  }

  @Test
  void forEncrypt_suiteEmptyContext_matchesEsdkPython() {
    assertId(
        "3icBIkLK4V3fVwbm3zSxUdUQV6ZvZYUOLl8buN36g6gDMqAkghcGryxX7QiVABkW1JhB6GRp5z+bzbiuciBcKQ==",
        CacheId.forEncrypt(PARTITION, encryptRequest(P384, Map.of())));
  }

  @Test
  void forEncrypt_noSuiteFullContext_matchesEsdkPython() {
    assertId(
        "IHiUHYOUVUEFTc3BcZPJDlsWct2Qy1A7JdfQl9sQoV/ILIbRpoz9q7RtGd/MlibaGl5ihE66cN8ygM8A5rtYbg==",
        CacheId.forEncrypt(PARTITION, encryptRequest(null, FULL)));
  }

  @Test
  void forEncrypt_suiteFullContext_matchesEsdkPython() {
    assertId(
        "mRNK7qhTb/kJiiyGPgAevp0gwFRcET4KeeNYwZHhoEDvSUzQiDgl8Of+YRDaVzKxAqpNBgcAuFXde9JlaRRsmw==",
        CacheId.forEncrypt(PARTITION, encryptRequest(P384, FULL)));
  }

  @Test
  void forDecrypt_oneKeyEmptyContext_matchesEsdkPython() {
    assertId(
        "n0zVzk9QIVxhz6ET+aJIKKOJNxtpGtSe1yAbu7WU5l272Iw/jmhlER4psDHJs9Mr8KYiIvLGSXzggNDCc23+9w==",
        CacheId.forDecrypt(PARTITION, decryptRequest(AES128, List.of(KEY_1), Map.of(), Map.of())));
  }

  @Test
  void forDecrypt_twoKeysFullContext_matchesEsdkPythonInEitherOrder() {
    String expected =
        "+rtwUe38CGnczGmYu12iqGWHIyDyZ44EvYQ4S6ACmsgS8VaEpiw0RTGpDk6Z/7YYN/jVHOAcNKDyCNP8EmstFg==";
    assertId(
        expected,
        CacheId.forDecrypt(PARTITION, decryptRequest(P384, List.of(KEY_1, KEY_2), FULL, Map.of())));
    assertId(
        expected,
        CacheId.forDecrypt(PARTITION, decryptRequest(P384, List.of(KEY_2, KEY_1), FULL, Map.of())));
  }

  @Test
  void forEncrypt_contextInsertionOrder_doesNotMatter() {
    Map<String, String> forward = new LinkedHashMap<>();
    forward.put("a", "1");
    forward.put("b", "2");
    Map<String, String> backward = new LinkedHashMap<>();
    backward.put("b", "2");
    backward.put("a", "1");
    assertEquals(
        CacheId.forEncrypt(PARTITION, encryptRequest(null, forward)),
        CacheId.forEncrypt(PARTITION, encryptRequest(null, backward)));
  }

  @Test
  void forEncrypt_differentPartitionOrContextOrSuite_differs() {
    CacheId base = CacheId.forEncrypt(PARTITION, encryptRequest(null, FULL));
    assertNotEquals(
        base, CacheId.forEncrypt(CacheId.partitionDigest("other"), encryptRequest(null, FULL)));
    assertNotEquals(base, CacheId.forEncrypt(PARTITION, encryptRequest(null, Map.of("a", "b"))));
    assertNotEquals(base, CacheId.forEncrypt(PARTITION, encryptRequest(P384, FULL)));
  }

  @Test
  void forDecrypt_reproducedContext_isPartOfTheId() {
    CacheId without =
        CacheId.forDecrypt(PARTITION, decryptRequest(P384, List.of(KEY_1), FULL, Map.of()));
    CacheId with =
        CacheId.forDecrypt(
            PARTITION, decryptRequest(P384, List.of(KEY_1), FULL, Map.of("this", "is")));
    assertNotEquals(without, with);
  }

  @Test
  void forEncrypt_contextValueOverFormatLimit_throwsNamingTheLimit() {
    String huge = "x".repeat(70_000);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CacheId.forEncrypt(PARTITION, encryptRequest(null, Map.of("k", huge))));
    assertEquals(
        "encryption context entry of 70000 bytes exceeds the message format's maximum 65535",
        e.getMessage());
  }

  @Test
  void forEncrypt_unpairedSurrogate_isRefusedNotReplaced() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CacheId.forEncrypt(PARTITION, encryptRequest(null, Map.of("k", "\uD800"))));
    assertEquals(
        "encryption context value is not valid Unicode; it cannot be written", e.getMessage());
    // "?" is what a replacing encoder would have produced; it stays a valid, distinct context.
    CacheId.forEncrypt(PARTITION, encryptRequest(null, Map.of("k", "?")));
  }

  private static void assertId(String base64, CacheId id) {
    assertArrayEquals(Base64.getDecoder().decode(base64), id.digest());
  }

  private static EncryptionMaterialsRequest encryptRequest(
      AlgorithmSuite suite, Map<String, String> context) {
    return new EncryptionMaterialsRequest(
        context,
        Optional.ofNullable(suite),
        CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT,
        OptionalLong.of(10));
  }

  private static DecryptionMaterialsRequest decryptRequest(
      AlgorithmSuite suite,
      List<EncryptedDataKey> keys,
      Map<String, String> context,
      Map<String, String> reproduced) {
    return new DecryptionMaterialsRequest(
        suite, keys, context, reproduced, CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
