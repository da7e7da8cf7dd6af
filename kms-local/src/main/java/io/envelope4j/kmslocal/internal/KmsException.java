package io.envelope4j.kmslocal.internal;

import java.util.Set;

/**
 * A KMS error answer: the {@code __type} code, the message and the HTTP status (500 for the
 * service-side codes, 400 otherwise). Thrown inside the server, turned into a response by the
 * request handler; never leaves the module.
 */
final class KmsException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private static final Set<String> SERVER_ERRORS =
      Set.of("KMSInternalException", "KeyUnavailableException", "DependencyTimeoutException");

  private final String code;
  private final int status;

  KmsException(String code, String message) {
    this(code, message, SERVER_ERRORS.contains(code) ? 500 : 400);
  }

  KmsException(String code, String message, int status) {
    super(message, null, false, false);
    this.code = code;
    this.status = status;
  }

  String code() {
    return code;
  }

  int status() {
    return status;
  }

  static KmsException validation(String message) {
    return new KmsException("ValidationException", message);
  }

  static KmsException notFound(String message) {
    return new KmsException("NotFoundException", message);
  }

  static KmsException invalidState(String message) {
    return new KmsException("KMSInvalidStateException", message);
  }

  static KmsException internal(String message) {
    return new KmsException("KMSInternalException", message);
  }
}
