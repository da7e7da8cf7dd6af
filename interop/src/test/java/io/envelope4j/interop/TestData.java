package io.envelope4j.interop;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/** Plaintexts and encryption contexts shared by the interop tests. */
final class TestData {
  /** U+FF61 HALFWIDTH IDEOGRAPHIC FULL STOP: UTF-8 EF BD A1, one UTF-16 unit 0xFF61. */
  static final String HALFWIDTH_STOP = "\uFF61";

  /** U+1F600 GRINNING FACE: UTF-8 F0 9F 98 80, UTF-16 surrogates 0xD83D 0xDE00. */
  static final String GRINNING_FACE = "\uD83D\uDE00";

  private TestData() {}

  /** The encryption contexts of the grid. */
  enum Context {
    EMPTY(Map.of()),
    ASCII(ordered("purpose", "interop", "tenant", "acme-42", "a", "1")),
    /**
     * Keys whose UTF-8 byte order (U+FF61 first) differs from their UTF-16 order ({@link
     * String#compareTo} puts the emoji first), beside an ASCII key and non-ASCII values.
     */
    NON_ASCII(
        ordered(
            GRINNING_FACE,
            "emoji key",
            HALFWIDTH_STOP,
            "halfwidth key",
            "z",
            "caf\u00e9 \u00fcber \u4e2d\u6587",
            GRINNING_FACE + "2",
            "second emoji"));

    private final Map<String, String> entries;

    Context(Map<String, String> entries) {
      this.entries = entries;
    }

    Map<String, String> entries() {
      return entries;
    }

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-') + " context";
    }
  }

  /** {@code length} bytes that depend on {@code seed} only: reproducible, not compressible. */
  static byte[] plaintext(int length, long seed) {
    byte[] bytes = new byte[length];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < length; i += 8) {
      long word = random.nextLong();
      for (int j = 0; j < 8 && i + j < length; j++) {
        bytes[i + j] = (byte) (word >>> (8 * j));
      }
    }
    return bytes;
  }

  private static Map<String, String> ordered(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return Collections.unmodifiableMap(map);
  }
}
