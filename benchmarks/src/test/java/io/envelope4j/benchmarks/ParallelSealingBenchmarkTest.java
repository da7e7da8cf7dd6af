package io.envelope4j.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.envelope4j.DecryptRequest;
import io.envelope4j.Envelope;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Checks that every {@link ParallelSealingBenchmark} operation round-trips the payload. */
class ParallelSealingBenchmarkTest {
  private static final byte[] PAYLOAD = BulkWorkload.payload();

  @ParameterizedTest
  @CsvSource({"0x0478, 4096, 1", "0x0478, 65536, 2", "0x0578, 4096, 2"})
  void parallelSealingBenchmark_everyOperation_roundTripsThePayload(
      String suite, int frame, int threads) {
    ParallelSealingBenchmark benchmark = new ParallelSealingBenchmark();
    benchmark.suite = suite;
    benchmark.frameLengthBytes = frame;
    benchmark.threads = threads;
    benchmark.setUp();
    try {
      assertArrayEquals(PAYLOAD, benchmark.decryptOneShot(new CpuTime()), "decryptOneShot");
      byte[] message = benchmark.encryptOneShot(new CpuTime());
      byte[] back =
          Envelope.defaults()
              .decrypt(
                  DecryptRequest.builder()
                      .keyring(BulkWorkload.keyring())
                      .ciphertext(message)
                      .build())
              .plaintext();
      assertArrayEquals(PAYLOAD, back, "encryptOneShot");
    } finally {
      benchmark.tearDown();
    }
  }
}
