package io.envelope4j.benchmarks;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
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
 * The floor the bulk benchmarks are judged against: raw JDK {@code AES/GCM/NoPadding} over the same
 * 64 MiB payload, framed the way an ESDK v2 body is, with nothing else.
 *
 * <p>Workload: per frame, one {@link Cipher#init} with a fresh 12-byte IV (a counter, as ESDK
 * frames use their sequence number), one {@code updateAAD} of {@link BulkWorkload#FRAME_AAD_BYTES}
 * (the length of a v2 body AAD), one {@code doFinal} from the {@code byte[]} payload into a
 * preallocated {@code byte[]} that holds IV, ciphertext and tag per frame. Decrypt reverses it from
 * the IVs stored in that buffer. No key derivation, header, commitment or signature: those are the
 * price of the message format that {@link BulkEncryptionBenchmark} measures.
 *
 * <p>Run it next to {@link BulkEncryptionBenchmark} with {@code benchmarks/run}, which prints the
 * ratios; on its own: {@code java -jar benchmarks/target/benchmarks.jar JdkAesGcmBaseline}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class JdkAesGcmBaseline {
  @Param({"4096", "65536"})
  int frameLengthBytes;

  private final byte[] key = new byte[32];
  private final byte[] aad = new byte[BulkWorkload.FRAME_AAD_BYTES];
  private final byte[] iv = new byte[BulkWorkload.IV_BYTES];
  private SecretKeySpec keySpec;
  private Cipher cipher;
  private byte[] plaintext;
  private byte[] sealed;
  private byte[] sealedForDecrypt;
  private byte[] opened;
  private long ivCounter;

  @Setup(Level.Trial)
  public void setUp() throws GeneralSecurityException {
    keySpec = new SecretKeySpec(key, "AES");
    cipher = Cipher.getInstance("AES/GCM/NoPadding");
    plaintext = BulkWorkload.payload();
    int frames = BulkWorkload.frameCount(frameLengthBytes);
    int overhead = BulkWorkload.IV_BYTES + BulkWorkload.TAG_BYTES;
    sealed = new byte[plaintext.length + frames * overhead];
    sealedForDecrypt = new byte[sealed.length];
    opened = new byte[plaintext.length];
    seal(plaintext, sealedForDecrypt);
  }

  /** Encrypts the payload frame by frame; answers the sealed buffer so JMH consumes it. */
  @Benchmark
  public byte[] encrypt(CpuTime cpu) throws GeneralSecurityException {
    long start = CpuTime.start();
    seal(plaintext, sealed);
    cpu.record(start);
    return sealed;
  }

  /** Decrypts and verifies every frame sealed in setup. */
  @Benchmark
  public byte[] decrypt(CpuTime cpu) throws GeneralSecurityException {
    long start = CpuTime.start();
    int in = 0;
    int out = 0;
    while (out < opened.length) {
      int length = Math.min(frameLengthBytes, opened.length - out);
      cipher.init(
          Cipher.DECRYPT_MODE,
          keySpec,
          new GCMParameterSpec(128, sealedForDecrypt, in, BulkWorkload.IV_BYTES));
      cipher.updateAAD(aad);
      in += BulkWorkload.IV_BYTES;
      out += cipher.doFinal(sealedForDecrypt, in, length + BulkWorkload.TAG_BYTES, opened, out);
      in += length + BulkWorkload.TAG_BYTES;
    }
    cpu.record(start);
    return opened;
  }

  private void seal(byte[] source, byte[] target) throws GeneralSecurityException {
    int in = 0;
    int out = 0;
    while (in < source.length) {
      int length = Math.min(frameLengthBytes, source.length - in);
      ByteBuffer.wrap(iv, 4, 8).putLong(++ivCounter);
      cipher.init(Cipher.ENCRYPT_MODE, keySpec, new GCMParameterSpec(128, iv));
      cipher.updateAAD(aad);
      System.arraycopy(iv, 0, target, out, BulkWorkload.IV_BYTES);
      out += BulkWorkload.IV_BYTES;
      out += cipher.doFinal(source, in, length, target, out);
      in += length;
    }
  }
}
