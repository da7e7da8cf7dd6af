package io.envelope4j.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Replays the encryption context seed corpus and kept findings ({@code
 * EncryptionContextFuzzTestInputs/context/}) through {@link EncryptionContextFuzzTarget}.
 */
class EncryptionContextFuzzTest {
  @FuzzTest
  void context(byte[] data) {
    EncryptionContextFuzzTarget.fuzzerTestOneInput(data);
  }
}
