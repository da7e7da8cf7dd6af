package io.envelope4j;

import java.util.List;

/**
 * No keyring could decrypt any of the message's encrypted data keys. Every failure met on the way
 * is kept, in the order the keyrings were tried, both in {@link #failures()} and as suppressed
 * exceptions, so the caller can see why each key provider declined.
 */
public class NoDecryptionKeyException extends EnvelopeException {
  private static final long serialVersionUID = 1L;

  private final transient List<Throwable> failures;

  /** Creates an exception with no recorded keyring failures. */
  public NoDecryptionKeyException(String message) {
    this(message, List.of());
  }

  /**
   * Creates an exception carrying every keyring failure.
   *
   * @param message what was tried, for example the number of encrypted data keys
   * @param failures each keyring's failure, in the order they were met
   */
  public NoDecryptionKeyException(String message, List<? extends Throwable> failures) {
    super(message, failures.isEmpty() ? null : failures.get(0));
    this.failures = List.copyOf(failures);
    for (Throwable failure : this.failures) {
      addSuppressed(failure);
    }
  }

  /** Every keyring failure, in the order they were met; empty if none was recorded. */
  public List<Throwable> failures() {
    return failures == null ? List.of() : failures;
  }
}
