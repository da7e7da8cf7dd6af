package io.envelope4j;

/**
 * The requested or parsed algorithm suite conflicts with the {@link CommitmentPolicy}: for example
 * a non-committing suite requested under {@code REQUIRE_ENCRYPT_*}, or a message in a
 * non-committing suite read under {@code REQUIRE_ENCRYPT_REQUIRE_DECRYPT}. On decrypt this is
 * raised before any keyring runs.
 */
public class CommitmentPolicyException extends EnvelopeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception naming the suite and the policy. */
  public CommitmentPolicyException(String message) {
    super(message);
  }
}
