package io.envelope4j;

import io.envelope4j.keyring.EncryptedDataKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The non-secret facts of one message, as written or as read from its header.
 *
 * @param suite the algorithm suite
 * @param encryptionContext the full encryption context stored in the header, including the reserved
 *     {@code aws-crypto-public-key} of signed suites
 * @param encryptedDataKeys the encrypted data keys, in header order (their provider ids and
 *     provider infos name the master keys)
 * @param frameLengthBytes the frame length in the header
 */
public record MessageInfo(
    AlgorithmSuite suite,
    Map<String, String> encryptionContext,
    List<EncryptedDataKey> encryptedDataKeys,
    int frameLengthBytes) {

  /** Validates and copies the fields. */
  public MessageInfo {
    Objects.requireNonNull(suite, "suite");
    encryptionContext = Collections.unmodifiableMap(new LinkedHashMap<>(encryptionContext));
    encryptedDataKeys = List.copyOf(encryptedDataKeys);
  }
}
