package io.envelope4j.kmslocal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.services.kms.model.KmsException;

/** Assertions on the KMS error a real SDK client surfaced. */
final class Errors {
  private Errors() {}

  /** Asserts the call fails with KMS error {@code code} and HTTP {@code status}. */
  static KmsException assertKmsError(String code, int status, Executable call) {
    KmsException e = assertThrows(KmsException.class, call);
    assertEquals(code, e.awsErrorDetails().errorCode(), () -> "message: " + e.getMessage());
    assertEquals(status, e.statusCode(), () -> "status of " + code);
    return e;
  }

  /** Asserts the call fails with the 400-status KMS error {@code code}. */
  static KmsException assertKmsError(String code, Executable call) {
    return assertKmsError(code, 400, call);
  }
}
