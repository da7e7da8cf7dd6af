package io.envelope4j.benchmarks.small;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import io.envelope4j.DecryptRequest;
import io.envelope4j.Envelope;
import io.envelope4j.benchmarks.IterationCpuTime;
import java.security.GeneralSecurityException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks that every small-message operation does the work it claims: encrypts write 0x0478 messages
 * both libraries read, decrypts return the plaintext, cached operations hit a warm cache. Measures
 * nothing.
 */
class SmallMessageBenchmarkTest {
  @ParameterizedTest
  @ValueSource(ints = {100, 1024})
  void encrypts_anyLibrary_writeMessagesBothLibrariesRead(int size)
      throws GeneralSecurityException {
    SmallMessageBenchmark bench = setUp(size);
    IterationCpuTime cpu = new IterationCpuTime();

    byte[][] messages = {
      bench.envelope4jEncrypt(cpu),
      bench.envelope4jCachedEncrypt(cpu),
      bench.esdkEncrypt(cpu),
      bench.esdkCachedEncrypt(cpu)
    };

    assertEquals(4, cpu.calls);
    for (byte[] message : messages) {
      assertEquals(0x0478, ((message[1] & 0xFF) << 8) | (message[2] & 0xFF));
      assertArrayEquals(bench.plaintext, envelope4jDecrypt(message));
      assertArrayEquals(bench.plaintext, esdkDecrypt(bench, message));
    }
    assertArrayEquals(
        bench.plaintext, bench.tink.decrypt(bench.tinkEncrypt(cpu), bench.associatedData));
  }

  @ParameterizedTest
  @ValueSource(ints = {100, 1024})
  void decrypts_setupMessages_returnThePlaintext(int size) throws GeneralSecurityException {
    SmallMessageBenchmark bench = setUp(size);
    IterationCpuTime cpu = new IterationCpuTime();

    assertArrayEquals(bench.plaintext, bench.envelope4jDecrypt(cpu), "envelope4j");
    assertArrayEquals(bench.plaintext, bench.envelope4jCachedDecrypt(cpu), "envelope4j cached");
    assertArrayEquals(bench.plaintext, bench.esdkDecrypt(cpu), "ESDK");
    assertArrayEquals(bench.plaintext, bench.esdkCachedDecrypt(cpu), "ESDK cached");
    assertArrayEquals(bench.plaintext, bench.tinkDecrypt(cpu), "Tink");
    assertEquals(5, cpu.calls);
  }

  @ParameterizedTest
  @ValueSource(ints = {1024})
  void cachedOperations_warmCache_reuseTheSetupKeys(int size) throws GeneralSecurityException {
    SmallMessageBenchmark bench = setUp(size);
    IterationCpuTime cpu = new IterationCpuTime();

    bench.envelope4jCachedEncrypt(cpu);
    bench.envelope4jCachedEncrypt(cpu);
    bench.envelope4jCachedDecrypt(cpu);
    bench.envelope4jCachedDecrypt(cpu);

    // Setup's encrypt and decrypt loaded one entry each (the two misses); the four operations
    // above were all hits.
    assertEquals(2, bench.cachingManager.stats().loads());
    assertEquals(2, bench.cachingManager.stats().misses());
    assertEquals(4, bench.cachingManager.stats().hits());
  }

  private static SmallMessageBenchmark setUp(int size) throws GeneralSecurityException {
    SmallMessageBenchmark bench = new SmallMessageBenchmark();
    bench.messageBytes = size;
    bench.setUp();
    return bench;
  }

  private static byte[] envelope4jDecrypt(byte[] message) {
    return Envelope.defaults()
        .decrypt(
            DecryptRequest.builder().keyring(SmallWorkload.keyring()).ciphertext(message).build())
        .plaintext();
  }

  private static byte[] esdkDecrypt(SmallMessageBenchmark bench, byte[] message) {
    AwsCrypto esdk =
        AwsCrypto.builder()
            .withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt)
            .build();
    return esdk.decryptData(SmallWorkload.masterKey(), message).getResult();
  }
}
