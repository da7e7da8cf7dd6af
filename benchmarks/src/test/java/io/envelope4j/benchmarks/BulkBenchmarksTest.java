package io.envelope4j.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.envelope4j.DecryptRequest;
import io.envelope4j.Envelope;
import java.security.GeneralSecurityException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checks that the benchmarks do the work they claim (every operation round-trips the payload), and
 * the report's arithmetic. Measures nothing: speed is JMH's job.
 */
class BulkBenchmarksTest {
  private static final byte[] PAYLOAD = BulkWorkload.payload();

  @ParameterizedTest
  @CsvSource({"0x0478, 4096", "0x0578, 65536"})
  void bulkBenchmark_everyOperation_roundTripsThePayload(String suite, int frame) throws Exception {
    BulkEncryptionBenchmark benchmark = new BulkEncryptionBenchmark();
    benchmark.suite = suite;
    benchmark.frameLengthBytes = frame;
    benchmark.setUp();

    assertArrayEquals(PAYLOAD, benchmark.decryptOneShot(new CpuTime()), "decryptOneShot");
    assertArrayEquals(PAYLOAD, benchmark.decryptStream(new CpuTime()).clone(), "decryptStream");
    assertArrayEquals(PAYLOAD, decrypt(benchmark.encryptOneShot(new CpuTime())), "encryptOneShot");
    assertArrayEquals(
        PAYLOAD, decrypt(benchmark.encryptStream(new CpuTime()).toByteArray()), "encryptStream");
  }

  @Test
  void baseline_decrypt_returnsThePayload() throws GeneralSecurityException {
    JdkAesGcmBaseline baseline = new JdkAesGcmBaseline();
    baseline.frameLengthBytes = 4096;
    baseline.setUp();

    byte[] sealed = baseline.encrypt(new CpuTime()).clone();
    assertArrayEquals(PAYLOAD, baseline.decrypt(new CpuTime()), "decrypt of the setup buffer");
    int frames = BulkWorkload.frameCount(4096);
    assertEquals(PAYLOAD.length + frames * 28L, sealed.length, "IV and tag per frame");
  }

  @Test
  void cpuTime_afterAnOperation_countsItAndItsCpuTime() throws GeneralSecurityException {
    JdkAesGcmBaseline baseline = new JdkAesGcmBaseline();
    baseline.frameLengthBytes = 65536;
    baseline.setUp();
    CpuTime cpu = new CpuTime();

    baseline.encrypt(cpu);
    baseline.decrypt(cpu);

    assertEquals(2, cpu.calls);
    assertTrue(cpu.cpuNanos > 0, "cpu nanoseconds " + cpu.cpuNanos);
  }

  @Test
  void report_expectedCount_coversEveryMethodAndParameter() {
    assertEquals(2 * 2 * 4, BulkReport.expectedCount(BulkEncryptionBenchmark.class));
    assertEquals(2 * 2, BulkReport.expectedCount(JdkAesGcmBaseline.class));
  }

  @Test
  void workload_frameAad_isTheV2RegularFrameLength() {
    assertEquals(32 + 28 + 4 + 8, BulkWorkload.FRAME_AAD_BYTES);
  }

  @Test
  void report_smokeCheck_flagsMissingBenchmarks() {
    assertNotNull(BulkReport.smokeProblemOrNull(List.of(), 20));
    assertNull(BulkReport.smokeProblemOrNull(List.of(), -1));
  }

  private static byte[] decrypt(byte[] message) {
    DecryptRequest request =
        DecryptRequest.builder().keyring(BulkWorkload.keyring()).ciphertext(message).build();
    return Envelope.builder().build().decrypt(request).plaintext();
  }
}
