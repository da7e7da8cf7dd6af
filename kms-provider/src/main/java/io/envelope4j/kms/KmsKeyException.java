package io.envelope4j.kms;

import io.envelope4j.KeyProviderException;
import java.util.Objects;
import java.util.Optional;

/**
 * One KMS call of a keyring failed: which operation, with which key, in which Region, and why.
 *
 * <p>The message names the operation, the key identifier as sent to KMS, the Region, the reason
 * with its fix and KMS's error code; the SDK exception, if any, is the cause. Neither contains key
 * material, plaintext or encryption context values.
 */
public final class KmsKeyException extends KeyProviderException {
  private static final long serialVersionUID = 1L;

  private final String operation;
  private final String keyId;
  private final String region;
  private final KmsFailureReason reason;
  private final String errorCode;

  KmsKeyException(
      String operation,
      String keyId,
      String region,
      KmsFailureReason reason,
      String errorCode,
      String detail,
      Throwable cause) {
    super(message(operation, keyId, region, reason, errorCode, detail), cause);
    this.operation = Objects.requireNonNull(operation);
    this.keyId = Objects.requireNonNull(keyId);
    this.region = region;
    this.reason = Objects.requireNonNull(reason);
    this.errorCode = errorCode;
  }

  private static String message(
      String operation,
      String keyId,
      String region,
      KmsFailureReason reason,
      String errorCode,
      String detail) {
    StringBuilder s =
        new StringBuilder("KMS ").append(operation).append(" with key ").append(keyId);
    if (region != null) {
      s.append(" in ").append(region);
    }
    s.append(" failed: ").append(reason.explanation());
    if (errorCode != null) {
      s.append(" (").append(errorCode).append(')');
    }
    if (detail != null) {
      s.append("; ").append(detail);
    }
    return s.toString();
  }

  /** The KMS operation: {@code GenerateDataKey}, {@code Encrypt} or {@code Decrypt}. */
  public String operation() {
    return operation;
  }

  /** The key identifier as sent to KMS (for decryption, the key ARN tried). */
  public String keyId() {
    return keyId;
  }

  /** The Region of the client used, or empty if none could be chosen. */
  public Optional<String> region() {
    return Optional.ofNullable(region);
  }

  /** Why the call failed. */
  public KmsFailureReason reason() {
    return reason;
  }

  /** KMS's error code, such as {@code DisabledException}, or empty when KMS did not answer. */
  public Optional<String> errorCode() {
    return Optional.ofNullable(errorCode);
  }
}
