package io.envelope4j.benchmarks.primitives;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.encryptionsdk.ParsedCiphertext;
import io.envelope4j.AlgorithmSuite;
import io.envelope4j.EncryptRequest;
import io.envelope4j.Envelope;
import io.envelope4j.benchmarks.BulkWorkload;
import io.envelope4j.benchmarks.CpuTime;
import io.envelope4j.benchmarks.IterationCpuTime;
import io.envelope4j.benchmarks.small.SmallWorkload;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checks that the primitives do what their names say and that the floor's sizes are real. */
class PrimitivesBenchmarkTest {
  @ParameterizedTest
  @ValueSource(ints = {100, 1024})
  void headerBytes_envelope4jMessage_matchesTheEsdkParser(int size) {
    byte[] message =
        Envelope.defaults()
            .encrypt(
                EncryptRequest.builder()
                    .keyring(SmallWorkload.keyring())
                    .suite(AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY)
                    .encryptionContext(SmallWorkload.CONTEXT)
                    .plaintext(SmallWorkload.plaintext(size))
                    .build())
            .ciphertext();

    int headerWithTag = new ParsedCiphertext(message).getOffset();

    assertEquals(
        headerWithTag - SmallWorkload.HEADER_TAG_BYTES, PrimitivesBenchmark.headerBytes(size));
    assertEquals(196, PrimitivesBenchmark.headerBytes(size));
  }

  @Test
  void operations_afterSetUp_produceWhatTheyClaim() throws GeneralSecurityException {
    PrimitivesBenchmark bench = new PrimitivesBenchmark();
    bench.setUp();
    IterationCpuTime cpu = new IterationCpuTime();

    assertArrayEquals(
        MessageDigest.getInstance("SHA-384").digest(BulkWorkload.payload()),
        bench.sha384_64MiB(new CpuTime()));
    assertTrue(bench.ecdsaP384Verify(cpu), "setup signature verifies");
    assertEquals(32, bench.randomMessageId(cpu).length);
    assertEquals(196, bench.header1KiB.length);
    assertEquals(196, bench.header100B.length);
    bench.ecdsaP384Sign(cpu);
    bench.aesGcm1KiB(cpu);
    bench.aesGcm100B(cpu);
    bench.aesGcmWrap32(cpu);
    bench.smallMessageFloor1KiB(cpu);
    bench.smallMessageFloor100B(cpu);
    assertEquals(8, cpu.calls);
  }
}
