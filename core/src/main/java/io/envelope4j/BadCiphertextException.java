package io.envelope4j;

/**
 * The input is not a valid message, or it failed authentication: a malformed or truncated header or
 * body, a tag or signature that does not verify, a commitment mismatch, bytes after the end of the
 * message, or a value over a configured limit.
 *
 * <p>Authentication failures carry a deliberately plain message; the detail, if any, is in the
 * cause. Nothing decrypted from a message that fails this way is ever returned.
 */
public class BadCiphertextException extends EnvelopeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that says what is wrong with the input. */
  public BadCiphertextException(String message) {
    super(message);
  }

  /** Creates an exception with a message and the underlying cause. */
  public BadCiphertextException(String message, Throwable cause) {
    super(message, cause);
  }
}
