package io.envelope4j.examples.kms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KmsEncryptionExampleTest {
  @Test
  void runAgainstKmsLocal_roundTripsThePlaintext() throws Exception {
    byte[] plaintext = "example plaintext".getBytes(StandardCharsets.UTF_8);

    assertArrayEquals(plaintext, KmsEncryptionExample.runAgainstKmsLocal(plaintext));
  }
}
