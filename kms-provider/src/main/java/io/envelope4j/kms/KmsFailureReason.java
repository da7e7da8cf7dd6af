package io.envelope4j.kms;

/** Why one KMS call of a keyring failed; carried by {@link KmsKeyException#reason()}. */
public enum KmsFailureReason {
  /** The key is disabled ({@code DisabledException}). */
  KEY_DISABLED("the key is disabled; enable it or use another key"),
  /** The key or alias does not exist in that account and Region ({@code NotFoundException}). */
  KEY_NOT_FOUND("the key was not found; check the key id, account and Region"),
  /** The key is pending deletion or import, or otherwise unusable ({@code KMSInvalidState}). */
  KEY_INVALID_STATE("the key is pending deletion or otherwise not usable; cancel the deletion"),
  /** The caller may not use the key ({@code AccessDeniedException}, HTTP 403). */
  ACCESS_DENIED("access was denied; grant kms permissions on the key or pass a grant token"),
  /** KMS throttled the call and the retries were used up. */
  THROTTLED("KMS throttled the call through every attempt; raise maxAttempts or slow down"),
  /** The ciphertext was wrapped by another key, or KMS answered with another key id. */
  WRONG_KEY("the data key was wrapped under another key"),
  /** KMS could not decrypt: wrong encryption context or a damaged ciphertext. */
  WRONG_CONTEXT("KMS rejected the ciphertext: wrong encryption context or damaged data key"),
  /** A grant token was refused ({@code InvalidGrantTokenException}). */
  INVALID_GRANT_TOKEN("a grant token was refused; pass a current grant token"),
  /** KMS or a service behind it failed (5xx) through every attempt. */
  SERVICE_ERROR("KMS failed with a server error through every attempt"),
  /** The endpoint could not be reached. */
  UNREACHABLE("KMS could not be reached; check the endpoint and network"),
  /** The configured call or attempt timeout expired. */
  TIMEOUT("the KMS call timed out; check the endpoint or raise the timeout"),
  /** KMS answered, but the answer breaks the protocol (bad key ARN or plaintext length). */
  BAD_RESPONSE("KMS answered with an invalid response"),
  /** The encrypted data key's provider info is not a KMS key ARN. */
  BAD_PROVIDER_INFO("the encrypted data key's provider info is not a KMS key ARN"),
  /** No client is available for the key's Region. */
  NO_CLIENT("no KMS client is available for the Region"),
  /** Any other KMS or SDK error. */
  OTHER("the KMS call failed");

  private final String explanation;

  KmsFailureReason(String explanation) {
    this.explanation = explanation;
  }

  /** A short explanation with the fix, as used in exception messages. */
  public String explanation() {
    return explanation;
  }
}
