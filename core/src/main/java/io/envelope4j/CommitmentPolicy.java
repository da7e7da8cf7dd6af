package io.envelope4j;

/**
 * Which algorithm suites may be written and read, as the ESDK's commitment policy defines it.
 *
 * <p>The decrypting side checks the policy on the suite parsed from the header before any keyring
 * runs, so a message in a forbidden suite never reaches a key provider.
 */
public enum CommitmentPolicy {
  /** Write only non-committing suites (default 0x0378); read any suite. For migration only. */
  FORBID_ENCRYPT_ALLOW_DECRYPT(
      AlgorithmSuite.AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384, false, false),
  /** Write only committing suites (default 0x0578); read any suite. */
  REQUIRE_ENCRYPT_ALLOW_DECRYPT(
      AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384, true, false),
  /** Write and read only committing suites (default 0x0578). The default policy. */
  REQUIRE_ENCRYPT_REQUIRE_DECRYPT(
      AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384, true, true);

  private final AlgorithmSuite defaultSuite;
  private final boolean encryptRequiresCommitment;
  private final boolean decryptRequiresCommitment;

  CommitmentPolicy(
      AlgorithmSuite defaultSuite,
      boolean encryptRequiresCommitment,
      boolean decryptRequiresCommitment) {
    this.defaultSuite = defaultSuite;
    this.encryptRequiresCommitment = encryptRequiresCommitment;
    this.decryptRequiresCommitment = decryptRequiresCommitment;
  }

  /** The suite written when the request names none. */
  public AlgorithmSuite defaultSuite() {
    return defaultSuite;
  }

  /** Whether a message may be written in {@code suite} under this policy. */
  public boolean permitsEncrypt(AlgorithmSuite suite) {
    return suite.isCommitting() == encryptRequiresCommitment;
  }

  /** Whether a message in {@code suite} may be read under this policy. */
  public boolean permitsDecrypt(AlgorithmSuite suite) {
    return suite.isCommitting() || !decryptRequiresCommitment;
  }
}
