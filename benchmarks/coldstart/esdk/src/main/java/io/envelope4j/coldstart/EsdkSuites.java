package io.envelope4j.coldstart;

import com.amazonaws.encryptionsdk.CryptoAlgorithm;

/** The two committing suites the cold-start programs take by their hexadecimal id. */
final class EsdkSuites {
  private EsdkSuites() {}

  static CryptoAlgorithm byId(String suiteId) {
    switch (suiteId) {
      case "0x0478":
        return CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY;
      case "0x0578":
        return CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384;
      default:
        throw new IllegalArgumentException("suite " + suiteId + " is not 0x0478 or 0x0578");
    }
  }
}
