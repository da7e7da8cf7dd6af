package io.envelope4j.benchmarks.cache;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoAlgorithm;
import com.amazonaws.encryptionsdk.caching.CachingCryptoMaterialsManager;
import com.amazonaws.encryptionsdk.caching.LocalCryptoMaterialsCache;
import com.amazonaws.encryptionsdk.jce.JceMasterKey;
import io.envelope4j.AlgorithmSuite;
import io.envelope4j.DecryptRequest;
import io.envelope4j.EncryptRequest;
import io.envelope4j.Envelope;
import io.envelope4j.cache.CachingMaterialsManager;
import io.envelope4j.keyring.RawAesKeyring;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Many small messages through a warm data-key cache: each operation encrypts one 1 KiB message with
 * suite 0x0478, getting its materials from a caching materials manager whose entry is already
 * loaded, so no operation calls the key provider. One manager per library is shared by all threads,
 * as a service's producer threads would share it.
 *
 * <p>Workload: a service publishing small events at a high rate. Peers, in the same run:
 *
 * <ul>
 *   <li>{@code envelope4j*}: {@link Envelope#encrypt} with an envelope4j {@link
 *       CachingMaterialsManager} over a {@link RawAesKeyring} (AES-256 wrapping key).
 *   <li>{@code esdk*}: the AWS Encryption SDK for Java 3.0.2, {@code AwsCrypto.encryptData} with
 *       its {@code CachingCryptoMaterialsManager} and {@code LocalCryptoMaterialsCache} over a
 *       {@code JceMasterKey} (raw AES-256, {@code AES/GCM/NoPadding}), the ESDK's own caching path.
 * </ul>
 *
 * <p>Both managers: maximum age 5 minutes, the default message limit (2<sup>32</sup>), capacity
 * 1000, one encryption context of two entries; both libraries write the default 4096-byte frames,
 * so each message is one final frame. A new request is built for every envelope4j message, as a
 * caller would. {@code _1thread} and {@code _2threads} run the same operation on one and two JMH
 * threads. {@link CacheReport} prints envelope4j's throughput over the ESDK's.
 *
 * <p>Warm-up is eight 3-second iterations per fork: the ESDK's path takes several seconds of JIT
 * compilation to reach its steady state, more on a loaded machine, and a shorter warm-up would
 * measure it while it still climbs.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * io.envelope4j.benchmarks.cache.CacheReport} (or {@code java -jar benchmarks/target/benchmarks.jar
 * CachedEncryptBenchmark}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 8, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CachedEncryptBenchmark {
  static final int MESSAGE_BYTES = 1024;
  static final Map<String, String> CONTEXT = Map.of("stream", "orders", "tenant", "blue");

  byte[] plaintext;
  Envelope envelope;
  RawAesKeyring keyring;
  CachingMaterialsManager ours;
  AwsCrypto esdk;
  CachingCryptoMaterialsManager theirs;
  JceMasterKey masterKey;

  @Setup(Level.Trial)
  public void setUp() {
    plaintext = new byte[MESSAGE_BYTES];
    new Random(1).nextBytes(plaintext);
    byte[] wrapping = new byte[32];
    new Random(2).nextBytes(wrapping);

    envelope = Envelope.defaults();
    keyring =
        RawAesKeyring.builder()
            .keyNamespace("bench")
            .keyName("cache-key")
            .wrappingKey(wrapping)
            .build();
    ours = CachingMaterialsManager.builder().keyring(keyring).maxAge(Duration.ofMinutes(5)).build();

    masterKey =
        JceMasterKey.getInstance(
            new SecretKeySpec(wrapping, "AES"), "bench", "cache-key", "AES/GCM/NoPadding");
    Arrays.fill(wrapping, (byte) 0);
    esdk =
        AwsCrypto.builder()
            .withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt)
            .withEncryptionAlgorithm(CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY)
            .build();
    theirs =
        CachingCryptoMaterialsManager.newBuilder()
            .withMasterKeyProvider(masterKey)
            .withCache(new LocalCryptoMaterialsCache(1000))
            .withMaxAge(5, TimeUnit.MINUTES)
            .build();

    // Warm both caches and prove each path writes a message its own library reads back.
    check(envelope4j(), "envelope4j");
    check(esdk(), "ESDK");
  }

  /** One envelope4j message through the warm cache. */
  byte[] envelope4j() {
    return envelope
        .encrypt(
            EncryptRequest.builder()
                .materialsManager(ours)
                .suite(AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY)
                .encryptionContext(CONTEXT)
                .plaintext(plaintext)
                .build())
        .ciphertext();
  }

  /** One ESDK message through the warm cache. */
  byte[] esdk() {
    return esdk.encryptData(theirs, plaintext, CONTEXT).getResult();
  }

  /** Decrypts with envelope4j and a plain keyring (either library's message). */
  byte[] open(byte[] message) {
    return envelope
        .decrypt(DecryptRequest.builder().keyring(keyring).ciphertext(message).build())
        .plaintext();
  }

  private void check(byte[] message, String who) {
    if (!Arrays.equals(plaintext, open(message))) {
      throw new IllegalStateException(who + " message did not round-trip");
    }
  }

  @Benchmark
  @Threads(1)
  public byte[] envelope4j_1thread() {
    return envelope4j();
  }

  @Benchmark
  @Threads(2)
  public byte[] envelope4j_2threads() {
    return envelope4j();
  }

  @Benchmark
  @Threads(1)
  public byte[] esdk_1thread() {
    return esdk();
  }

  @Benchmark
  @Threads(2)
  public byte[] esdk_2threads() {
    return esdk();
  }
}
