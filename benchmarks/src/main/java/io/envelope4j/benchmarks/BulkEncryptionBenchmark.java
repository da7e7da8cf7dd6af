package io.envelope4j.benchmarks;

import io.envelope4j.AlgorithmSuite;
import io.envelope4j.DecryptRequest;
import io.envelope4j.EncryptRequest;
import io.envelope4j.Envelope;
import io.envelope4j.keyring.Keyring;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Bulk throughput of envelope4j: one 64 MiB message per operation, encrypted or decrypted, with a
 * raw AES-256 keyring, for both committing suites and frame lengths of 4 KiB and 64 KiB.
 *
 * <p>Workload: a service sealing or opening large blobs (backups, media, exports) in one call or
 * through a stream. The per-message costs (data key, key wrap, HKDF, commitment, header and, for
 * 0x0578, an ECDSA P-384 key pair and signature) are paid on every operation, so they count but are
 * small next to 64 MiB of AES-GCM.
 *
 * <ul>
 *   <li>{@code encryptOneShot}, {@code decryptOneShot}: {@code byte[]} in, new {@code byte[]} out,
 *       through {@link Envelope#encrypt} and {@link Envelope#decrypt}.
 *   <li>{@code encryptStream}: the plaintext written in 64 KiB chunks to {@link
 *       Envelope#encryptingStream} over a preallocated in-memory sink.
 *   <li>{@code decryptStream}: {@link Envelope#decryptingStream} over the message in memory, read
 *       in 64 KiB chunks into a preallocated buffer.
 * </ul>
 *
 * <p>The floor is {@link JdkAesGcmBaseline}, raw AES-GCM over the same frames; {@code
 * benchmarks/run} runs both in one JMH run and prints our throughput as a share of it. Run on its
 * own: {@code java -jar benchmarks/target/benchmarks.jar BulkEncryptionBenchmark}. Warm-up is five
 * 2-second iterations per fork: the AES-GCM intrinsic only serves a call size once the JIT has
 * compiled its caller, which at these frame sizes happens within the first second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class BulkEncryptionBenchmark {
  private static final int CHUNK = BulkWorkload.STREAM_CHUNK_BYTES;

  @Param({"0x0478", "0x0578"})
  String suite;

  @Param({"4096", "65536"})
  int frameLengthBytes;

  private Envelope envelope;
  private Keyring keyring;
  private EncryptRequest oneShotEncrypt;
  private EncryptRequest streamEncrypt;
  private DecryptRequest oneShotDecrypt;
  private DecryptRequest streamDecrypt;
  private byte[] plaintext;
  private byte[] message;
  private ArraySink sink;
  private byte[] opened;

  @Setup(Level.Trial)
  public void setUp() {
    envelope = Envelope.builder().build();
    keyring = BulkWorkload.keyring();
    AlgorithmSuite algorithmSuite =
        AlgorithmSuite.findById(Integer.decode(suite))
            .orElseThrow(() -> new IllegalArgumentException("unknown suite " + suite));
    plaintext = BulkWorkload.payload();
    Map<String, String> context = Map.of("purpose", "benchmark");
    EncryptRequest.Builder encrypt =
        EncryptRequest.builder()
            .keyring(keyring)
            .suite(algorithmSuite)
            .frameLengthBytes(frameLengthBytes)
            .encryptionContext(context);
    streamEncrypt = encrypt.build();
    oneShotEncrypt = encrypt.plaintext(plaintext).build();
    message = envelope.encrypt(oneShotEncrypt).ciphertext();
    oneShotDecrypt = DecryptRequest.builder().keyring(keyring).ciphertext(message).build();
    streamDecrypt = DecryptRequest.builder().keyring(keyring).build();
    sink = new ArraySink(message.length + (1 << 20));
    opened = new byte[plaintext.length];
  }

  @Benchmark
  public byte[] encryptOneShot(CpuTime cpu) {
    long start = CpuTime.start();
    byte[] message = envelope.encrypt(oneShotEncrypt).ciphertext();
    cpu.record(start);
    return message;
  }

  @Benchmark
  public byte[] decryptOneShot(CpuTime cpu) {
    long start = CpuTime.start();
    byte[] plaintext = envelope.decrypt(oneShotDecrypt).plaintext();
    cpu.record(start);
    return plaintext;
  }

  @Benchmark
  public ArraySink encryptStream(CpuTime cpu) throws IOException {
    long start = CpuTime.start();
    sink.reset();
    try (OutputStream out = envelope.encryptingStream(sink, streamEncrypt)) {
      for (int offset = 0; offset < plaintext.length; offset += CHUNK) {
        out.write(plaintext, offset, Math.min(CHUNK, plaintext.length - offset));
      }
    }
    cpu.record(start);
    return sink;
  }

  @Benchmark
  public byte[] decryptStream(CpuTime cpu) throws IOException {
    long start = CpuTime.start();
    try (InputStream in =
        envelope.decryptingStream(new ByteArrayInputStream(message), streamDecrypt)) {
      ArraySink.readFully(in, opened, CHUNK);
    }
    cpu.record(start);
    return opened;
  }
}
