package io.envelope4j.interop;

import java.util.HexFormat;

/**
 * What a reader parsed from one encrypted data key in a message header: the provider id and the
 * provider info (for a raw AES keyring: key name, tag length in bits, IV length, IV).
 */
record DataKeyInfo(String providerId, byte[] providerInfo) {
  DataKeyInfo {
    providerInfo = providerInfo.clone();
  }

  @Override
  public byte[] providerInfo() {
    return providerInfo.clone();
  }

  @Override
  public String toString() {
    return providerId + " " + HexFormat.of().formatHex(providerInfo);
  }
}
