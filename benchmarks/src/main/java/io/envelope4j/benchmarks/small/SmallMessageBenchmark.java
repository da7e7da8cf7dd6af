package io.envelope4j.benchmarks.small;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoAlgorithm;
import com.amazonaws.encryptionsdk.caching.CachingCryptoMaterialsManager;
import com.amazonaws.encryptionsdk.caching.LocalCryptoMaterialsCache;
import com.amazonaws.encryptionsdk.jce.JceMasterKey;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.envelope4j.AlgorithmSuite;
import io.envelope4j.DecryptRequest;
import io.envelope4j.EncryptRequest;
import io.envelope4j.Envelope;
import io.envelope4j.benchmarks.IterationCpuTime;
import io.envelope4j.cache.CachingMaterialsManager;
import io.envelope4j.cache.DataKeyCache;
import io.envelope4j.keyring.RawAesKeyring;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
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
 * Many small messages: each operation encrypts or decrypts one message of {@code messageBytes} (100
 * B or 1 KiB), suite 0x0478, the two-entry context of {@link SmallWorkload#CONTEXT}, the default
 * 4096-byte frame (so the body is one final frame), under a raw AES-256 wrapping key.
 *
 * <p>Workload: a service sealing and opening small events or records at a high rate, where the
 * per-message costs (data key, key wrap, HKDF, commitment, header) are most of the work.
 *
 * <ul>
 *   <li>{@code envelope4jEncrypt}, {@code envelope4jDecrypt}: {@link Envelope} with a {@link
 *       RawAesKeyring}, no cache: every message gets a fresh data key and a key wrap (decrypt: an
 *       unwrap).
 *   <li>{@code envelope4jCachedEncrypt}, {@code envelope4jCachedDecrypt}: envelope4j's {@link
 *       CachingMaterialsManager} over the same keyring, maximum age 5 minutes, a cache of 1000
 *       entries (the default capacity), warm: no operation calls the keyring.
 *   <li>{@code esdkEncrypt}, {@code esdkDecrypt}: the AWS Encryption SDK for Java 3.0.2, {@code
 *       AwsCrypto.encryptData} and {@code decryptData} with a {@code JceMasterKey} (raw AES-256,
 *       {@code AES/GCM/NoPadding}), policy {@code RequireEncryptRequireDecrypt}.
 *   <li>{@code esdkCachedEncrypt}, {@code esdkCachedDecrypt}: the same through the ESDK's {@code
 *       CachingCryptoMaterialsManager} and a {@code LocalCryptoMaterialsCache} of 1000 entries over
 *       that master key, maximum age 5 minutes, warm. Its legacy caching manager takes master key
 *       providers, not keyrings, which is why the ESDK side uses {@code JceMasterKey} throughout.
 *   <li>{@code tinkEncrypt}, {@code tinkDecrypt}: Google Tink's AES-256-GCM {@link Aead} from a
 *       keyset ({@code PredefinedAeadParameters.AES256_GCM}, 5-byte key-id prefix), with the
 *       serialized context as associated data: no envelope, no data key, no key wrap, the nearest
 *       Tink equivalent and a floor for what a message costs without a message format.
 * </ul>
 *
 * <p>Each encrypt builds its request (envelope4j) or passes its context (ESDK) per message, as a
 * caller would. Each decrypt opens one message prepared in setup by the same library and
 * configuration; the cached decrypts run with the decryption entry already loaded. One state is
 * shared by all threads, as a service's worker threads share one client and one cache: run with
 * JMH's {@code -t 1} and {@code -t 2} to see how each library scales.
 *
 * <p>Warm-up: five 1-second iterations for envelope4j and Tink, eight 2-second iterations for the
 * ESDK methods (annotated on each). The ESDK's deeper call graph takes many more JIT compilations
 * to reach its steady state: on the shared 2-core machine at a load average of 9, its cached and
 * uncached encrypts were still climbing after 12 one-second iterations and settled by about 16,
 * when the benchmark thread got a fifth to a third of a core (see {@code cpuNanos}); on a quieter
 * machine the same 16 seconds buy several times the CPU. The old cache benchmark used 8 x 3
 * seconds. Measurement: five 1-second iterations, tens of thousands of operations each.
 *
 * <p>Run on its own: {@code java -jar benchmarks/target/benchmarks.jar SmallMessageBenchmark -t 1}
 * (then {@code -t 2}). {@link IterationCpuTime} reports CPU nanoseconds per operation as {@code
 * cpuNanos / calls}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SmallMessageBenchmark {
  private static final AlgorithmSuite SUITE = AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY;
  private static final Duration MAX_AGE = Duration.ofMinutes(5);
  private static final int CACHE_CAPACITY = 1000;
  private static final int ESDK_WARMUP_ITERATIONS = 8;
  private static final int ESDK_WARMUP_SECONDS = 2;

  @Param({"100", "1024"})
  int messageBytes;

  byte[] plaintext;
  Envelope envelope;
  RawAesKeyring keyring;
  CachingMaterialsManager cachingManager;
  AwsCrypto esdk;
  JceMasterKey masterKey;
  CachingCryptoMaterialsManager esdkCachingManager;
  Aead tink;
  byte[] associatedData;

  private DecryptRequest decrypt;
  private DecryptRequest cachedDecrypt;
  byte[] esdkMessage;
  byte[] esdkCachedMessage;
  byte[] tinkCiphertext;

  @Setup(Level.Trial)
  public void setUp() throws GeneralSecurityException {
    plaintext = SmallWorkload.plaintext(messageBytes);
    envelope = Envelope.defaults();
    keyring = SmallWorkload.keyring();
    cachingManager =
        CachingMaterialsManager.builder()
            .keyring(keyring)
            .cache(DataKeyCache.builder().capacity(CACHE_CAPACITY).build())
            .maxAge(MAX_AGE)
            .build();
    setUpEsdk();
    setUpTink();

    IterationCpuTime setupCounter = new IterationCpuTime();
    // One message of each kind, opened in the decrypt benchmarks; encrypting the cached one and
    // decrypting it once loads both caches.
    decrypt =
        DecryptRequest.builder()
            .keyring(keyring)
            .ciphertext(envelope4jEncrypt(setupCounter))
            .build();
    cachedDecrypt =
        DecryptRequest.builder()
            .materialsManager(cachingManager)
            .ciphertext(envelope4jCachedEncrypt(setupCounter))
            .build();
    esdkMessage = esdkEncrypt(setupCounter);
    esdkCachedMessage = esdkCachedEncrypt(setupCounter);
    tinkCiphertext = tinkEncrypt(setupCounter);
    check(envelope4jDecrypt(setupCounter), "envelope4j");
    check(envelope4jCachedDecrypt(setupCounter), "envelope4j cached");
    check(esdkDecrypt(setupCounter), "ESDK");
    check(esdkCachedDecrypt(setupCounter), "ESDK cached");
    check(tinkDecrypt(setupCounter), "Tink");
  }

  private void setUpEsdk() {
    masterKey = SmallWorkload.masterKey();
    esdk =
        AwsCrypto.builder()
            .withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt)
            .withEncryptionAlgorithm(CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY)
            .build();
    esdkCachingManager =
        CachingCryptoMaterialsManager.newBuilder()
            .withMasterKeyProvider(masterKey)
            .withCache(new LocalCryptoMaterialsCache(CACHE_CAPACITY))
            .withMaxAge(MAX_AGE.toMinutes(), TimeUnit.MINUTES)
            .build();
  }

  private void setUpTink() throws GeneralSecurityException {
    AeadConfig.register();
    tink =
        KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)
            .getPrimitive(RegistryConfiguration.get(), Aead.class);
    associatedData = SmallWorkload.serializedContext();
  }

  private void check(byte[] opened, String who) {
    if (!Arrays.equals(plaintext, opened)) {
      throw new IllegalStateException(who + " message did not round-trip");
    }
  }

  @Benchmark
  public byte[] envelope4jEncrypt(IterationCpuTime cpu) {
    cpu.count();
    return envelope
        .encrypt(
            EncryptRequest.builder()
                .keyring(keyring)
                .suite(SUITE)
                .encryptionContext(SmallWorkload.CONTEXT)
                .plaintext(plaintext)
                .build())
        .ciphertext();
  }

  @Benchmark
  public byte[] envelope4jDecrypt(IterationCpuTime cpu) {
    cpu.count();
    return envelope.decrypt(decrypt).plaintext();
  }

  @Benchmark
  public byte[] envelope4jCachedEncrypt(IterationCpuTime cpu) {
    cpu.count();
    return envelope
        .encrypt(
            EncryptRequest.builder()
                .materialsManager(cachingManager)
                .suite(SUITE)
                .encryptionContext(SmallWorkload.CONTEXT)
                .plaintext(plaintext)
                .build())
        .ciphertext();
  }

  @Benchmark
  public byte[] envelope4jCachedDecrypt(IterationCpuTime cpu) {
    cpu.count();
    return envelope.decrypt(cachedDecrypt).plaintext();
  }

  @Benchmark
  @Warmup(iterations = ESDK_WARMUP_ITERATIONS, time = ESDK_WARMUP_SECONDS)
  public byte[] esdkEncrypt(IterationCpuTime cpu) {
    cpu.count();
    return esdk.encryptData(masterKey, plaintext, SmallWorkload.CONTEXT).getResult();
  }

  @Benchmark
  @Warmup(iterations = ESDK_WARMUP_ITERATIONS, time = ESDK_WARMUP_SECONDS)
  public byte[] esdkDecrypt(IterationCpuTime cpu) {
    cpu.count();
    return esdk.decryptData(masterKey, esdkMessage).getResult();
  }

  @Benchmark
  @Warmup(iterations = ESDK_WARMUP_ITERATIONS, time = ESDK_WARMUP_SECONDS)
  public byte[] esdkCachedEncrypt(IterationCpuTime cpu) {
    cpu.count();
    return esdk.encryptData(esdkCachingManager, plaintext, SmallWorkload.CONTEXT).getResult();
  }

  @Benchmark
  @Warmup(iterations = ESDK_WARMUP_ITERATIONS, time = ESDK_WARMUP_SECONDS)
  public byte[] esdkCachedDecrypt(IterationCpuTime cpu) {
    cpu.count();
    return esdk.decryptData(esdkCachingManager, esdkCachedMessage).getResult();
  }

  @Benchmark
  public byte[] tinkEncrypt(IterationCpuTime cpu) throws GeneralSecurityException {
    cpu.count();
    return tink.encrypt(plaintext, associatedData);
  }

  @Benchmark
  public byte[] tinkDecrypt(IterationCpuTime cpu) throws GeneralSecurityException {
    cpu.count();
    return tink.decrypt(tinkCiphertext, associatedData);
  }
}
