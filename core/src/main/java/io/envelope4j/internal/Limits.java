package io.envelope4j.internal;

import io.envelope4j.CommitmentPolicy;
import java.security.SecureRandom;

/**
 * The configuration of one {@link io.envelope4j.Envelope}: policy, reader bounds and the source of
 * randomness.
 *
 * @param maxNonFramedBodyBytes the largest non-framed body content a reader buffers, in bytes
 */
public record Limits(
    CommitmentPolicy commitmentPolicy,
    int maxEncryptedDataKeys,
    int maxFrameLengthBytes,
    int maxHeaderBytes,
    int maxNonFramedBodyBytes,
    SecureRandom random) {

  /** The default bound on a non-framed body's content, in bytes (64 MiB). */
  public static final int DEFAULT_MAX_NON_FRAMED_BODY_BYTES = 64 * 1024 * 1024;

  /** Limits with the default non-framed body bound. */
  public Limits(
      CommitmentPolicy commitmentPolicy,
      int maxEncryptedDataKeys,
      int maxFrameLengthBytes,
      int maxHeaderBytes,
      SecureRandom random) {
    this(
        commitmentPolicy,
        maxEncryptedDataKeys,
        maxFrameLengthBytes,
        maxHeaderBytes,
        DEFAULT_MAX_NON_FRAMED_BODY_BYTES,
        random);
  }

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
        + maxHeaderBytes
        + ", maxNonFramedBodyBytes="
        + maxNonFramedBodyBytes;
  }
}
