package io.envelope4j.benchmarks.peers;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoAlgorithm;
import io.envelope4j.benchmarks.ArraySink;
import io.envelope4j.benchmarks.BulkEncryptionBenchmark;
import io.envelope4j.benchmarks.BulkWorkload;
import io.envelope4j.benchmarks.CpuTime;
import io.envelope4j.benchmarks.ThreadCpu;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
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
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.AesWrappingAlg;
import software.amazon.cryptography.materialproviders.model.CreateRawAesKeyringInput;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

/**
 * The AWS Encryption SDK for Java 3.0.2 doing {@link BulkEncryptionBenchmark}'s workload: one 64
 * MiB message per operation, encrypted or decrypted, for both committing suites and frame lengths
 * of 4 KiB and 64 KiB, so the two libraries can be compared operation by operation.
 *
 * <ul>
 *   <li>{@code encryptOneShot}, {@code decryptOneShot}: {@code AwsCrypto.encryptData} and {@code
 *       decryptData}, {@code byte[]} in and out.
 *   <li>{@code encryptStream}: the plaintext written in 64 KiB chunks to {@code
 *       AwsCrypto.createEncryptingStream} over a preallocated in-memory sink.
 *   <li>{@code decryptStream}: {@code AwsCrypto.createDecryptingStream} over the message in memory,
 *       read in 64 KiB chunks into a preallocated buffer. This is the ESDK stream that also reads
 *       signed messages (0x0578); it verifies the signature when it reaches the end.
 * </ul>
 *
 * <p>Key: the raw AES keyring of the ESDK's Material Providers Library ({@code
 * CreateRawAesKeyring}, AES-256-GCM wrapping), with the same namespace, name and key as {@link
 * BulkWorkload#keyring()}. That is the keyring API the 3.x line introduced and its documentation
 * leads new code to; the older {@code JceMasterKey} would do as well here, since one key wrap per
 * 64 MiB message is noise. Commitment policy {@code RequireEncryptRequireDecrypt}, the same
 * one-entry encryption context as the envelope4j benchmark.
 *
 * <p>Run on its own: {@code java -jar benchmarks/target/benchmarks.jar EsdkBulkBenchmark}. Same
 * forks, heap and iterations as {@link BulkEncryptionBenchmark}; {@link CpuTime} reports the CPU
 * time of each operation beside the wall-clock score.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class EsdkBulkBenchmark {
  private static final int CHUNK = BulkWorkload.STREAM_CHUNK_BYTES;

  @Param({"0x0478", "0x0578"})
  String suite;

  @Param({"4096", "65536"})
  int frameLengthBytes;

  private AwsCrypto crypto;
  private IKeyring keyring;
  private final Map<String, String> context = Map.of("purpose", "benchmark");
  byte[] plaintext;
  private byte[] message;
  private ArraySink sink;
  private byte[] opened;

  @Setup(Level.Trial)
  public void setUp() {
    crypto =
        AwsCrypto.builder()
            .withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt)
            .withEncryptionAlgorithm(algorithm(suite))
            .withEncryptionFrameSize(frameLengthBytes)
            .build();
    keyring = keyring();
    plaintext = BulkWorkload.payload();
    message = crypto.encryptData(keyring, plaintext, context).getResult();
    sink = new ArraySink(message.length + (1 << 20));
    opened = new byte[plaintext.length];
  }

  /** The ESDK algorithm of a suite id this benchmark takes. */
  static CryptoAlgorithm algorithm(String suite) {
    return switch (suite) {
      case "0x0478" -> CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY;
      case "0x0578" -> CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384;
      default -> throw new IllegalArgumentException("suite " + suite + " is not 0x0478 or 0x0578");
    };
  }

  /** A Material Providers raw AES-256 keyring holding {@link BulkWorkload#keyring()}'s key. */
  static IKeyring keyring() {
    MaterialProviders providers =
        MaterialProviders.builder()
            .MaterialProvidersConfig(MaterialProvidersConfig.builder().build())
            .build();
    return providers.CreateRawAesKeyring(
        CreateRawAesKeyringInput.builder()
            .keyNamespace("benchmarks")
            .keyName("aes-256")
            .wrappingKey(ByteBuffer.wrap(new byte[32]))
            .wrappingAlg(AesWrappingAlg.ALG_AES256_GCM_IV12_TAG16)
            .build());
  }

  @Benchmark
  public byte[] encryptOneShot(CpuTime cpu) {
    long start = ThreadCpu.nanos();
    byte[] message = crypto.encryptData(keyring, plaintext, context).getResult();
    cpu.record(start);
    return message;
  }

  @Benchmark
  public byte[] decryptOneShot(CpuTime cpu) {
    long start = ThreadCpu.nanos();
    byte[] plaintext = crypto.decryptData(keyring, message).getResult();
    cpu.record(start);
    return plaintext;
  }

  @Benchmark
  public ArraySink encryptStream(CpuTime cpu) throws IOException {
    long start = ThreadCpu.nanos();
    sink.reset();
    try (OutputStream out = crypto.createEncryptingStream(keyring, sink, context)) {
      for (int offset = 0; offset < plaintext.length; offset += CHUNK) {
        out.write(plaintext, offset, Math.min(CHUNK, plaintext.length - offset));
      }
    }
    cpu.record(start);
    return sink;
  }

  @Benchmark
  public byte[] decryptStream(CpuTime cpu) throws IOException {
    long start = ThreadCpu.nanos();
    try (InputStream in =
        crypto.createDecryptingStream(keyring, new ByteArrayInputStream(message))) {
      ArraySink.readFully(in, opened, CHUNK);
    }
    cpu.record(start);
    return opened;
  }
}
