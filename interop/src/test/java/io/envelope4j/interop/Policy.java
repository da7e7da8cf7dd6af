package io.envelope4j.interop;

import com.amazonaws.encryptionsdk.CommitmentPolicy;

/** The ESDK commitment policies, spelled the way the specification and ESDK JS spell them. */
enum Policy {
  FORBID_ENCRYPT_ALLOW_DECRYPT(CommitmentPolicy.ForbidEncryptAllowDecrypt),
  REQUIRE_ENCRYPT_ALLOW_DECRYPT(CommitmentPolicy.RequireEncryptAllowDecrypt),
  REQUIRE_ENCRYPT_REQUIRE_DECRYPT(CommitmentPolicy.RequireEncryptRequireDecrypt);

  private final CommitmentPolicy esdkJava;

  Policy(CommitmentPolicy esdkJava) {
    this.esdkJava = esdkJava;
  }

  /** The same policy in ESDK Java 3.0.2's terms. */
  CommitmentPolicy esdkJava() {
    return esdkJava;
  }
}
