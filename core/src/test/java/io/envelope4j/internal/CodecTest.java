package io.envelope4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.envelope4j.BadCiphertextException;
import io.envelope4j.internal.crypto.Hkdf;
import io.envelope4j.internal.format.EncryptionContextCodec;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** HKDF known answers and the encryption context serialization. */
class CodecTest {
  private static final HexFormat HEX = HexFormat.of();

  private static byte[] range(int from, int toInclusive) {
    byte[] b = new byte[toInclusive - from + 1];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (from + i);
    }
    return b;
  }

  private static byte[] hkdf(String mac, byte[] salt, byte[] ikm, byte[] info, int length) {
    return Hkdf.expand(mac, Hkdf.extract(mac, salt, ikm), info, length);
  }

  @Test
  void hkdf_rfc5869Sha256Vectors_match() {
    byte[] ikm = new byte[22];
    java.util.Arrays.fill(ikm, (byte) 0x0b);
    assertArrayEquals(
        HEX.parseHex("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5"),
        Hkdf.extract("HmacSHA256", range(0x00, 0x0c), ikm));
    assertArrayEquals(
        HEX.parseHex(
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"),
        hkdf("HmacSHA256", range(0x00, 0x0c), ikm, range(0xf0, 0xf9), 42));
    assertArrayEquals(
        HEX.parseHex(
            "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
                + "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
                + "cc30c58179ec3e87c14c01d5c1f3434f1d87"),
        hkdf("HmacSHA256", range(0x60, 0xaf), range(0x00, 0x4f), range(0xb0, 0xff), 82));
    assertArrayEquals(
        HEX.parseHex("19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04"),
        Hkdf.extract("HmacSHA256", new byte[0], ikm));
    assertArrayEquals(
        HEX.parseHex(
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"),
        hkdf("HmacSHA256", null, ikm, new byte[0], 42));
  }

  @Test
  void hkdf_sha384AndSha512_matchDotNetVectorsForRfcCase3() {
    byte[] ikm = new byte[22];
    java.util.Arrays.fill(ikm, (byte) 0x0b);
    assertArrayEquals(
        HEX.parseHex(
            "c8c96e710f89b0d7990bca68bcdec8cf854062e54c73a7abc743fade9b242daacc1cea5670415b52849c"),
        hkdf("HmacSHA384", new byte[0], ikm, new byte[0], 42));
    assertArrayEquals(
        HEX.parseHex(
            "f5fa02b18298a72a8c23898a8703472c6eb179dc204c03425c970e3b164bf90fff22d04836d0e2343bac"),
        hkdf("HmacSHA512", new byte[0], ikm, new byte[0], 42));
  }

  @Test
  void hkdf_outputTooLong_refused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Hkdf.expand("HmacSHA256", new byte[32], new byte[0], 255 * 32 + 1));
  }

  @Test
  void context_sortedByUnsignedUtf8Bytes_notByUtf16() {
    Map<String, String> context = new LinkedHashMap<>();
    context.put("\uD83D\uDE00", "emoji");
    context.put("\uFF61", "half-width");
    context.put("a", "b");
    byte[] s = EncryptionContextCodec.serialize(context);
    assertEquals(3, ((s[0] & 0xFF) << 8) | (s[1] & 0xFF));
    assertEquals('a', s[4]);
    int second = 2 + 2 + 1 + 2 + 1;
    assertArrayEquals(
        new byte[] {0, 3, (byte) 0xEF, (byte) 0xBD, (byte) 0xA1},
        java.util.Arrays.copyOfRange(s, second, second + 5));
    assertTrue("\uD83D\uDE00".compareTo("\uFF61") < 0, "UTF-16 order would differ");
    assertEquals(context, EncryptionContextCodec.parse(s, 0, s.length));
  }

  @Test
  void context_exactBytesAndEmpty() {
    assertArrayEquals(
        new byte[] {0, 1, 0, 1, 'a', 0, 1, 'b'},
        EncryptionContextCodec.serialize(Map.of("a", "b")));
    assertEquals(0, EncryptionContextCodec.serialize(Map.of()).length);
    assertEquals(Map.of(), EncryptionContextCodec.parse(new byte[0], 0, 0));
    assertEquals(Map.of("", ""), EncryptionContextCodec.parse(new byte[] {0, 1, 0, 0, 0, 0}, 0, 6));
  }

  @Test
  void context_malformed_refusedWithReason() {
    byte[][] bad = {
      {0, 0},
      {0, 2, 0, 1, 'a', 0, 1, 'b', 0, 1, 'a', 0, 1, 'c'},
      {0, 1, 0, 1, 'a', 0, 1, 'b', 9},
      {0, 1, 0, 1, (byte) 0xC3, 0, 0},
      {0, 1, 0, 5, 'a'},
      {0},
    };
    String[] reasons = {
      "count is 0", "repeats key a", "after its last entry", "UTF-8", "exceeds", "ends inside"
    };
    for (int i = 0; i < bad.length; i++) {
      byte[] b = bad[i];
      BadCiphertextException e =
          assertThrows(
              BadCiphertextException.class, () -> EncryptionContextCodec.parse(b, 0, b.length));
      assertTrue(e.getMessage().contains(reasons[i]), e.getMessage());
    }
  }
}
