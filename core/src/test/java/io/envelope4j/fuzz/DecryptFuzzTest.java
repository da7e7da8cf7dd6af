package io.envelope4j.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Replays the decrypt seed corpus and every kept finding ({@code DecryptFuzzTestInputs/decrypt/})
 * through {@link DecryptFuzzTarget}. Fuzzing mode is documented in {@code core/FUZZING.md}.
 */
class DecryptFuzzTest {
  @FuzzTest
  void decrypt(byte[] data) {
    DecryptFuzzTarget.fuzzerTestOneInput(data);
  }
}
