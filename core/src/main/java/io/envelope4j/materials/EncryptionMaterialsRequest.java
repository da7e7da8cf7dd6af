package io.envelope4j.materials;

import io.envelope4j.AlgorithmSuite;
import io.envelope4j.CommitmentPolicy;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a materials manager is asked for when a message is encrypted.
 *
 * @param encryptionContext the caller's encryption context (no reserved keys); copied
 * @param requestedSuite the suite the caller asked for, or empty for the policy's default
 * @param commitmentPolicy the policy the materials must satisfy
 * @param plaintextLengthBytes the plaintext length if known (one-shot calls, or a stream whose
 *     caller declared it)
 */
public record EncryptionMaterialsRequest(
    Map<String, String> encryptionContext,
    Optional<AlgorithmSuite> requestedSuite,
    CommitmentPolicy commitmentPolicy,
    OptionalLong plaintextLengthBytes) {

  /** Validates and copies the fields. */
  public EncryptionMaterialsRequest {
    encryptionContext = Collections.unmodifiableMap(new LinkedHashMap<>(encryptionContext));
    Objects.requireNonNull(requestedSuite, "requestedSuite");
    Objects.requireNonNull(commitmentPolicy, "commitmentPolicy");
    Objects.requireNonNull(plaintextLengthBytes, "plaintextLengthBytes");
  }
}
