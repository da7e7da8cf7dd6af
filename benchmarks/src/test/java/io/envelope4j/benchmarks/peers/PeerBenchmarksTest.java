package io.envelope4j.benchmarks.peers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.envelope4j.DecryptRequest;
import io.envelope4j.Envelope;
import io.envelope4j.benchmarks.BulkWorkload;
import io.envelope4j.benchmarks.CpuTime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks that the peer benchmarks do the work they claim: every ESDK operation writes or reads the
 * 64 MiB payload in a message envelope4j reads too, and Tink's streams round-trip it. Measures
 * nothing: speed is JMH's job.
 */
class PeerBenchmarksTest {
  private static final byte[] PAYLOAD = BulkWorkload.payload();

  @ParameterizedTest
  @CsvSource({"0x0478, 4096", "0x0578, 65536"})
  void esdkBulk_everyOperation_roundTripsThePayloadAndEnvelope4jReadsIt(String suite, int frame)
      throws IOException {
    EsdkBulkBenchmark benchmark = new EsdkBulkBenchmark();
    benchmark.suite = suite;
    benchmark.frameLengthBytes = frame;
    benchmark.setUp();

    assertArrayEquals(PAYLOAD, benchmark.decryptOneShot(new CpuTime()), "decryptOneShot");
    assertArrayEquals(PAYLOAD, benchmark.decryptStream(new CpuTime()).clone(), "decryptStream");
    byte[] oneShot = benchmark.encryptOneShot(new CpuTime());
    byte[] streamed = benchmark.encryptStream(new CpuTime()).toByteArray();
    assertEquals(Integer.decode(suite), suiteId(oneShot));
    assertEquals(Integer.decode(suite), suiteId(streamed));
    assertArrayEquals(PAYLOAD, envelope4jDecrypt(oneShot), "encryptOneShot");
    assertArrayEquals(PAYLOAD, envelope4jDecrypt(streamed), "encryptStream");
  }

  @ParameterizedTest
  @ValueSource(ints = {4096, 1048576})
  void tinkStreaming_bothOperations_roundTripThePayload(int segment)
      throws GeneralSecurityException, IOException {
    TinkStreamingBenchmark benchmark = new TinkStreamingBenchmark();
    benchmark.segmentBytes = segment;
    benchmark.setUp();

    assertArrayEquals(PAYLOAD, benchmark.decryptStream(new CpuTime()).clone(), "decryptStream");
    byte[] ciphertext = benchmark.encryptStream(new CpuTime()).toByteArray();
    ByteArrayOutputStream opened = new ByteArrayOutputStream(PAYLOAD.length);
    try (InputStream in =
        benchmark.streamingAead.newDecryptingStream(
            new java.io.ByteArrayInputStream(ciphertext), benchmark.associatedData)) {
      in.transferTo(opened);
    }
    assertArrayEquals(PAYLOAD, opened.toByteArray(), "encryptStream");
  }

  private static int suiteId(byte[] message) {
    return ((message[1] & 0xFF) << 8) | (message[2] & 0xFF);
  }

  private static byte[] envelope4jDecrypt(byte[] message) {
    DecryptRequest request =
        DecryptRequest.builder().keyring(BulkWorkload.keyring()).ciphertext(message).build();
    return Envelope.defaults().decrypt(request).plaintext();
  }
}
