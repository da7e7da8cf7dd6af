package io.envelope4j.fuzz;

import io.envelope4j.BadCiphertextException;
import io.envelope4j.internal.format.EncryptionContextCodec;
import java.util.Arrays;
import java.util.Map;

/**
 * Fuzz target for the encryption context codec. The input is a serialized context. Parsing either
 * fails with a {@link BadCiphertextException} or yields a map that serializes and parses back to
 * itself; when the input is already in canonical order its serialization is the input itself. Any
 * other exception, or a broken round trip, is a finding.
 */
public final class EncryptionContextFuzzTarget {
  private EncryptionContextFuzzTarget() {}

  /** Jazzer entry point. */
  public static void fuzzerTestOneInput(byte[] data) {
    Map<String, String> parsed;
    try {
      parsed = EncryptionContextCodec.parse(data, 0, data.length);
    } catch (BadCiphertextException expected) {
      return;
    }
    byte[] again = EncryptionContextCodec.serialize(parsed);
    Map<String, String> reparsed = EncryptionContextCodec.parse(again, 0, again.length);
    if (!reparsed.equals(parsed)) {
      throw new IllegalStateException("context does not survive a round trip");
    }
    if (again.length != data.length) {
      throw new IllegalStateException(
          "re-serialized context has " + again.length + " bytes, not " + data.length);
    }
    if (isCanonical(parsed) && !Arrays.equals(again, data)) {
      throw new IllegalStateException("canonical context serializes to other bytes");
    }
  }

  private static boolean isCanonical(Map<String, String> parsed) {
    byte[] previous = null;
    for (String key : parsed.keySet()) {
      byte[] k = key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      if (previous != null && Arrays.compareUnsigned(previous, k) >= 0) {
        return false;
      }
      previous = k;
    }
    return true;
  }
}
