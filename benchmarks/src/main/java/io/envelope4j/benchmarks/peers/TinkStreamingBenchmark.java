package io.envelope4j.benchmarks.peers;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import io.envelope4j.benchmarks.ArraySink;
import io.envelope4j.benchmarks.BulkEncryptionBenchmark;
import io.envelope4j.benchmarks.BulkWorkload;
import io.envelope4j.benchmarks.CpuTime;
import io.envelope4j.benchmarks.ThreadCpu;
import io.envelope4j.internal.format.EncryptionContextCodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
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
 * Google Tink's streaming AEAD over {@link BulkEncryptionBenchmark}'s 64 MiB payload: the nearest
 * thing Tink has to an ESDK message body, for comparing envelope4j's streams with a library that
 * has no envelope, no key wrap and no header to speak of.
 *
 * <p>Primitive: {@code AesGcmHkdfStreaming} through a keyset, as a Tink user gets it ({@code
 * KeysetHandle.generateNew} with {@link AesGcmHkdfStreamingParameters}, then {@link
 * StreamingAead}): a 32-byte key, HKDF-SHA256 deriving a 32-byte AES-GCM key per stream (envelope4j
 * derives with HKDF-SHA512), and {@code segmentBytes} as the ciphertext segment size, so a 4096
 * segment holds 4080 plaintext bytes where an ESDK 4096 frame holds 4096. The associated data is
 * the serialized encryption context of the envelope4j benchmark ({@code purpose=benchmark}).
 *
 * <ul>
 *   <li>{@code encryptStream}: the plaintext written in 64 KiB chunks to {@code
 *       newEncryptingStream} over a preallocated in-memory sink.
 *   <li>{@code decryptStream}: {@code newDecryptingStream} over the ciphertext in memory, read in
 *       64 KiB chunks into a preallocated buffer.
 * </ul>
 *
 * <p>Run on its own: {@code java -jar benchmarks/target/benchmarks.jar TinkStreamingBenchmark}.
 * Same forks, heap and iterations as {@link BulkEncryptionBenchmark}; {@link CpuTime} reports the
 * CPU time of each operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class TinkStreamingBenchmark {
  private static final int CHUNK = BulkWorkload.STREAM_CHUNK_BYTES;

  @Param({"4096", "1048576"})
  int segmentBytes;

  StreamingAead streamingAead;
  byte[] associatedData;
  byte[] plaintext;
  private byte[] ciphertext;
  private ArraySink sink;
  private byte[] opened;

  @Setup(Level.Trial)
  public void setUp() throws GeneralSecurityException, IOException {
    StreamingAeadConfig.register();
    AesGcmHkdfStreamingParameters parameters =
        AesGcmHkdfStreamingParameters.builder()
            .setKeySizeBytes(32)
            .setDerivedAesGcmKeySizeBytes(32)
            .setHkdfHashType(AesGcmHkdfStreamingParameters.HashType.SHA256)
            .setCiphertextSegmentSizeBytes(segmentBytes)
            .build();
    streamingAead =
        KeysetHandle.generateNew(parameters)
            .getPrimitive(RegistryConfiguration.get(), StreamingAead.class);
    associatedData = EncryptionContextCodec.serialize(Map.of("purpose", "benchmark"));
    plaintext = BulkWorkload.payload();
    sink = new ArraySink(plaintext.length + (4 << 20));
    ciphertext = encryptStream(new CpuTime()).toByteArray();
    opened = new byte[plaintext.length];
  }

  @Benchmark
  public ArraySink encryptStream(CpuTime cpu) throws GeneralSecurityException, IOException {
    long start = ThreadCpu.nanos();
    sink.reset();
    try (OutputStream out = streamingAead.newEncryptingStream(sink, associatedData)) {
      for (int offset = 0; offset < plaintext.length; offset += CHUNK) {
        out.write(plaintext, offset, Math.min(CHUNK, plaintext.length - offset));
      }
    }
    cpu.record(start);
    return sink;
  }

  @Benchmark
  public byte[] decryptStream(CpuTime cpu) throws GeneralSecurityException, IOException {
    long start = ThreadCpu.nanos();
    try (InputStream in =
        streamingAead.newDecryptingStream(new ByteArrayInputStream(ciphertext), associatedData)) {
      ArraySink.readFully(in, opened, CHUNK);
    }
    cpu.record(start);
    return opened;
  }
}
