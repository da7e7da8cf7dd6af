package io.envelope4j.interop.legacy;

import io.envelope4j.AlgorithmSuite;
import io.envelope4j.CommitmentPolicy;
import java.util.Map;

/**
 * One message of the legacy grid: what to encrypt, in which suite and frame length (0 writes a
 * non-framed body, which only ESDK Java can do), with which key.
 */
record LegacyCase(
    String id,
    AlgorithmSuite suite,
    int frameLength,
    LegacyKey key,
    Map<String, String> context,
    byte[] plaintext) {

  /** The policy each writer needs for this suite: FORBID for legacy suites, else the default. */
  CommitmentPolicy writePolicy() {
    return suite.isCommitting()
        ? CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT
        : CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT;
  }

  @Override
  public String toString() {
    return id;
  }
}
