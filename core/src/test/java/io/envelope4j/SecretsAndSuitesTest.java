package io.envelope4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.envelope4j.materials.DataKey;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The secret holder's promises and the suite table from the ESDK specification. */
class SecretsAndSuitesTest {
  @Test
  void dataKey_copiesInAndOut_wipesOnDestroy_neverPrints() {
    byte[] source = {1, 2, 3, 4};
    DataKey key = DataKey.copyOf(source);
    source[0] = 9;
    byte[] out = key.revealCopy();
    assertArrayEquals(new byte[] {1, 2, 3, 4}, out);
    out[1] = 9;
    assertArrayEquals(new byte[] {1, 2, 3, 4}, key.revealCopy());
    assertNotSame(key.revealCopy(), key.revealCopy());
    assertTrue(key.equalsConstantTime(DataKey.copyOf(new byte[] {1, 2, 3, 4})));
    assertFalse(key.equalsConstantTime(DataKey.copyOf(new byte[] {1, 2, 3, 5})));
    assertEquals("DataKey[4 bytes]", key.toString());
    DataKey copy = key.copy();
    key.destroy();
    key.destroy();
    assertTrue(key.isDestroyed());
    assertThrows(IllegalStateException.class, key::revealCopy);
    assertThrows(IllegalStateException.class, key::copy);
    assertArrayEquals(new byte[] {1, 2, 3, 4}, copy.revealCopy());
    assertThrows(IllegalArgumentException.class, () -> DataKey.copyOf(new byte[0]));
  }

  @Test
  void suites_matchSpecificationTable() {
    Object[][] table = {
      {0x0014, 1, 16, AlgorithmSuite.Kdf.IDENTITY, AlgorithmSuite.Signature.NONE, false},
      {0x0046, 1, 24, AlgorithmSuite.Kdf.IDENTITY, AlgorithmSuite.Signature.NONE, false},
      {0x0078, 1, 32, AlgorithmSuite.Kdf.IDENTITY, AlgorithmSuite.Signature.NONE, false},
      {0x0114, 1, 16, AlgorithmSuite.Kdf.HKDF_SHA256, AlgorithmSuite.Signature.NONE, false},
      {0x0146, 1, 24, AlgorithmSuite.Kdf.HKDF_SHA256, AlgorithmSuite.Signature.NONE, false},
      {0x0178, 1, 32, AlgorithmSuite.Kdf.HKDF_SHA256, AlgorithmSuite.Signature.NONE, false},
      {
        0x0214,
        1,
        16,
        AlgorithmSuite.Kdf.HKDF_SHA256,
        AlgorithmSuite.Signature.ECDSA_P256_SHA256,
        false
      },
      {
        0x0346,
        1,
        24,
        AlgorithmSuite.Kdf.HKDF_SHA384,
        AlgorithmSuite.Signature.ECDSA_P384_SHA384,
        false
      },
      {
        0x0378,
        1,
        32,
        AlgorithmSuite.Kdf.HKDF_SHA384,
        AlgorithmSuite.Signature.ECDSA_P384_SHA384,
        false
      },
      {0x0478, 2, 32, AlgorithmSuite.Kdf.HKDF_SHA512, AlgorithmSuite.Signature.NONE, true},
      {
        0x0578,
        2,
        32,
        AlgorithmSuite.Kdf.HKDF_SHA512,
        AlgorithmSuite.Signature.ECDSA_P384_SHA384,
        true
      },
    };
    assertEquals(table.length, AlgorithmSuite.values().length);
    for (Object[] row : table) {
      AlgorithmSuite suite = AlgorithmSuite.findById((Integer) row[0]).orElseThrow();
      assertEquals(row[1], suite.messageFormatVersion(), suite.name());
      assertEquals(row[2], suite.encryptionKeyLengthBytes(), suite.name());
      assertEquals(row[3], suite.kdf(), suite.name());
      assertEquals(row[4], suite.signature(), suite.name());
      assertEquals(row[5], suite.isCommitting(), suite.name());
      assertEquals(suite.isCommitting() ? 32 : 0, suite.suiteDataLengthBytes());
      assertEquals(suite.messageFormatVersion() == 2 ? 32 : 16, suite.messageIdLengthBytes());
    }
    assertTrue(AlgorithmSuite.findById(0x0001).isEmpty());
    assertEquals("0x0578", Fixtures.SIGNED.hexId());
  }

  @Test
  void commitmentPolicy_permitsAsSpecified() {
    AlgorithmSuite legacy = AlgorithmSuite.AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384;
    for (CommitmentPolicy p : CommitmentPolicy.values()) {
      boolean forbid = p == CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT;
      assertEquals(!forbid, p.permitsEncrypt(Fixtures.SIGNED), p.name());
      assertEquals(forbid, p.permitsEncrypt(legacy), p.name());
      assertTrue(p.permitsDecrypt(Fixtures.UNSIGNED));
      assertEquals(p != CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT, p.permitsDecrypt(legacy));
      assertEquals(forbid ? legacy : Fixtures.SIGNED, p.defaultSuite());
    }
    assertTrue(Arrays.asList(CommitmentPolicy.values()).size() == 3);
  }
}
