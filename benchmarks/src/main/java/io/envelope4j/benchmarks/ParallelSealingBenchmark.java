package io.envelope4j.benchmarks;

import io.envelope4j.AlgorithmSuite;
import io.envelope4j.DecryptRequest;
import io.envelope4j.EncryptRequest;
import io.envelope4j.Envelope;
import io.envelope4j.keyring.Keyring;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Opt-in parallel sealing ({@link Envelope.Builder#parallelSealing}): one 64 MiB message per
 * operation, encrypted or decrypted in one shot with a raw AES-256 keyring, on one thread or two.
 *
 * <p>Workload: the one-shot calls of {@link BulkEncryptionBenchmark}, for a service that wants one
 * large blob done sooner and has a spare core for it. {@code threads=1} is the default
 * single-thread path; {@code threads=2} gives the client a fixed pool of one helper thread, created
 * once per trial, so the calling thread and the helper share the frames. The score that matters is
 * wall-clock throughput (ops/s), since this mode spends more CPU time to finish sooner; the {@code
 * cpuNanos} counter ({@link CpuTime}) counts the calling thread only, not the helper. For 0x0578
 * the calling thread runs the SHA-384 digest of the signature, which is slower than AES-GCM and so
 * bounds the speed-up.
 *
 * <p>Needs two free cores to show a speed-up. Run it with {@code java -jar
 * benchmarks/target/benchmarks.jar ParallelSealingBenchmark -f 1 -wi 3 -i 5} and compare the {@code
 * threads} rows of each suite and frame length.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class ParallelSealingBenchmark {
  @Param({"0x0478", "0x0578"})
  String suite;

  @Param({"4096", "65536"})
  int frameLengthBytes;

  @Param({"1", "2"})
  int threads;

  private ExecutorService helpers;
  private Envelope envelope;
  private EncryptRequest encrypt;
  private DecryptRequest decrypt;

  @Setup(Level.Trial)
  public void setUp() {
    Envelope.Builder builder = Envelope.builder();
    if (threads > 1) {
      helpers =
          Executors.newFixedThreadPool(
              threads - 1,
              task -> {
                Thread t = new Thread(task, "parallel-sealing-helper");
                t.setDaemon(true);
                return t;
              });
      builder.parallelSealing(helpers, threads);
    }
    envelope = builder.build();
    Keyring keyring = BulkWorkload.keyring();
    AlgorithmSuite algorithmSuite =
        AlgorithmSuite.findById(Integer.decode(suite))
            .orElseThrow(() -> new IllegalArgumentException("unknown suite " + suite));
    encrypt =
        EncryptRequest.builder()
            .keyring(keyring)
            .suite(algorithmSuite)
            .frameLengthBytes(frameLengthBytes)
            .encryptionContext(Map.of("purpose", "benchmark"))
            .plaintext(BulkWorkload.payload())
            .build();
    byte[] message = envelope.encrypt(encrypt).ciphertext();
    decrypt = DecryptRequest.builder().keyring(keyring).ciphertext(message).build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (helpers != null) {
      helpers.shutdownNow();
    }
  }

  @Benchmark
  public byte[] encryptOneShot(CpuTime cpu) {
    long start = CpuTime.start();
    byte[] message = envelope.encrypt(encrypt).ciphertext();
    cpu.record(start);
    return message;
  }

  @Benchmark
  public byte[] decryptOneShot(CpuTime cpu) {
    long start = CpuTime.start();
    byte[] plaintext = envelope.decrypt(decrypt).plaintext();
    cpu.record(start);
    return plaintext;
  }
}
