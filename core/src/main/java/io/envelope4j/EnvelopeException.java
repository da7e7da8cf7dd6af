package io.envelope4j;

/**
 * The base of envelope4j's exception family: something about a message, a key or a policy is wrong
 * (API misuse gets the JDK's own exceptions instead). Inside streams these arrive wrapped in an
 * {@link java.io.IOException} whose cause is the envelope exception.
 *
 * <p>Messages never contain key material or plaintext.
 */
public class EnvelopeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that says what is wrong. */
  public EnvelopeException(String message) {
    super(message);
  }

  /** Creates an exception with a message and the underlying cause. */
  public EnvelopeException(String message, Throwable cause) {
    super(message, cause);
  }
}
