package io.envelope4j.materials;

import io.envelope4j.AlgorithmSuite;
import io.envelope4j.CommitmentPolicy;
import io.envelope4j.keyring.EncryptedDataKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a materials manager is asked for when a message is decrypted. The suite has already passed
 * the commitment policy check.
 *
 * @param suite the suite parsed from the header
 * @param encryptedDataKeys the header's encrypted data keys, in header order
 * @param encryptionContext the encryption context parsed from the header
 * @param reproducedEncryptionContext the context the caller reproduced: entries stored in the
 *     header already matched its values (checked before this call); entries the header does not
 *     store are the message's authenticated-only part, verified by the header tag after this call
 * @param commitmentPolicy the policy in force
 */
public record DecryptionMaterialsRequest(
    AlgorithmSuite suite,
    List<EncryptedDataKey> encryptedDataKeys,
    Map<String, String> encryptionContext,
    Map<String, String> reproducedEncryptionContext,
    CommitmentPolicy commitmentPolicy) {

  /** Validates and copies the fields. */
  public DecryptionMaterialsRequest {
    Objects.requireNonNull(suite, "suite");
    encryptedDataKeys = List.copyOf(encryptedDataKeys);
    encryptionContext = Collections.unmodifiableMap(new LinkedHashMap<>(encryptionContext));
    reproducedEncryptionContext =
        Collections.unmodifiableMap(new LinkedHashMap<>(reproducedEncryptionContext));
    Objects.requireNonNull(commitmentPolicy, "commitmentPolicy");
  }
}
