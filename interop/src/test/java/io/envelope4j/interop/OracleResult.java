package io.envelope4j.interop;

import java.util.List;
import java.util.Map;

/**
 * An oracle's answer to one {@link OracleCase}: the output bytes (a message for encrypt, the
 * plaintext for decrypt) or the error the oracle reported. A decrypt answer also carries what the
 * oracle parsed from the header: suite id, frame length, encryption context (reserved keys
 * included) and the provider ids and infos of the encrypted data keys.
 */
record OracleResult(
    String id,
    byte[] output,
    String error,
    int suiteId,
    int frameLength,
    Map<String, String> context,
    List<DataKeyInfo> dataKeys) {

  static OracleResult encrypted(String id, byte[] message) {
    return new OracleResult(id, message, null, 0, 0, Map.of(), List.of());
  }

  static OracleResult failed(String id, String error) {
    return new OracleResult(id, null, error, 0, 0, Map.of(), List.of());
  }

  boolean ok() {
    return error == null;
  }

  /** The output, or an assertion failure naming the oracle's error. */
  byte[] outputOrFail(String oracle) {
    if (!ok()) {
      throw new AssertionError(oracle + " failed case " + id + ": " + error);
    }
    return output;
  }

  @Override
  public String toString() {
    return ok() ? id + ": " + output.length + " bytes" : id + ": " + error;
  }
}
