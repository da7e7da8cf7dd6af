package io.envelope4j;

/**
 * A key provider (a keyring or the service behind it, such as KMS) failed: it could not generate,
 * wrap or unwrap a data key for a reason other than the message itself, for example a disabled key,
 * a denied permission or an unreachable endpoint. Keyrings outside core throw this type (or a
 * subclass) for such failures.
 */
public class KeyProviderException extends EnvelopeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that names the key and, where one exists, the fix. */
  public KeyProviderException(String message) {
    super(message);
  }

  /** Creates an exception with a message and the underlying cause. */
  public KeyProviderException(String message, Throwable cause) {
    super(message, cause);
  }
}
