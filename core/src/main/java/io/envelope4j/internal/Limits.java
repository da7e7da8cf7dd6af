package io.envelope4j.internal;

import io.envelope4j.CommitmentPolicy;
import java.security.SecureRandom;

/**
 * The configuration of one {@link io.envelope4j.Envelope}: policy, reader bounds and the source of
 * randomness.
 */
public record Limits(
    CommitmentPolicy commitmentPolicy,
    int maxEncryptedDataKeys,
    int maxFrameLengthBytes,
    int maxHeaderBytes,
    SecureRandom random) {

  /** Shows the policy and bounds; the random source only by class. */
  @Override
  public String toString() {
    return "policy="
        + commitmentPolicy
        + ", maxEncryptedDataKeys="
        + maxEncryptedDataKeys
        + ", maxFrameLengthBytes="
        + maxFrameLengthBytes
        + ", maxHeaderBytes="
        + maxHeaderBytes;
  }
}
