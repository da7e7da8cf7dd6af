package io.envelope4j.interop;

import com.amazonaws.encryptionsdk.CryptoAlgorithm;

/** The two committing ESDK algorithm suites of message format v2 that the interop grid covers. */
enum Suite {
  /** 0x0478: AES-256-GCM, HKDF-SHA512, key commitment, no signature. */
  COMMIT_KEY(0x0478, CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY),
  /** 0x0578: as 0x0478 plus an ECDSA P-384 signature; the ESDK default. */
  COMMIT_KEY_ECDSA_P384(0x0578, CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384);

  private final int id;
  private final CryptoAlgorithm esdkJava;

  Suite(int id, CryptoAlgorithm esdkJava) {
    this.id = id;
    this.esdkJava = esdkJava;
  }

  /** The two-byte suite id as written in the message header. */
  int id() {
    return id;
  }

  /** The same suite in ESDK Java 3.0.2's terms. */
  CryptoAlgorithm esdkJava() {
    return esdkJava;
  }

  static Suite ofId(int id) {
    for (Suite suite : values()) {
      if (suite.id == id) {
        return suite;
      }
    }
    throw new IllegalArgumentException(String.format("suite 0x%04x is not in the grid", id));
  }

  @Override
  public String toString() {
    return String.format("0x%04x", id);
  }
}
