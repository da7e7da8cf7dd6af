package io.envelope4j.benchmarks.primitives;

import io.envelope4j.AlgorithmSuite;
import io.envelope4j.EncryptRequest;
import io.envelope4j.Envelope;
import io.envelope4j.benchmarks.BulkWorkload;
import io.envelope4j.benchmarks.CpuTime;
import io.envelope4j.benchmarks.IterationCpuTime;
import io.envelope4j.benchmarks.ThreadCpu;
import io.envelope4j.benchmarks.small.SmallWorkload;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The ceilings: the JDK primitives an ESDK message is made of, each alone, with every JCA object
 * created once in setup and reused, so no library built on them can beat these numbers.
 *
 * <ul>
 *   <li>{@code sha384_64MiB}: one SHA-384 digest of the 64 MiB bulk payload, the hashing a 0x0578
 *       message of that size pays for its signature.
 *   <li>{@code hkdfSha512}: the per-message key schedule of suite 0x0478 with one JDK {@link Mac}
 *       (HmacSHA512): HKDF-extract salted with the 32-byte message id, then two expands of 32
 *       bytes, the content key (info = suite id | "DERIVEKEY") and the commitment ("COMMITKEY").
 *   <li>{@code ecdsaP384Sign}, {@code ecdsaP384Verify}: {@code NONEwithECDSA} on P-384 over a
 *       48-byte digest, as envelope4j signs the SHA-384 of a 0x0578 message (the hashing is {@code
 *       sha384_64MiB}'s business); one key pair made in setup.
 *   <li>{@code aesGcm1KiB}, {@code aesGcm100B}: one AES-256-GCM {@code init}, {@code updateAAD} of
 *       a final frame's 78-byte AAD and {@code doFinal} of 1 KiB or 100 bytes into a preallocated
 *       array; the IV is a counter.
 *   <li>{@code randomMessageId}: 32 bytes from a default {@code new SecureRandom()}, as {@link
 *       Envelope} draws its message ids.
 *   <li>{@code aesGcmWrap32}: AES-256-GCM of a 32-byte data key with the serialized two-entry
 *       context as AAD, the raw AES keyring's wrap (IV a counter here; the keyring draws it at
 *       random, which {@code randomMessageId} prices).
 *   <li>{@code smallMessageFloor1KiB}, {@code smallMessageFloor100B}: everything a 0x0478 message
 *       of that size needs, in order: a 32-byte data key and a 12-byte wrapping IV from {@code
 *       SecureRandom}, the wrap, a 32-byte message id, the HKDF extract and two expands, the header
 *       tag (AES-GCM of no plaintext with the header as AAD, {@link #headerBytes} long, measured in
 *       setup from an envelope4j message with the same keyring and context: 196 bytes), and the
 *       body frame's AES-GCM. No serialization, no allocation beyond what the JCA calls make: the
 *       floor {@code SmallMessageBenchmark}'s encrypts are judged against.
 * </ul>
 *
 * <p>CPU time: {@code sha384_64MiB} times each operation with {@link CpuTime}; the others are too
 * short for that and report through {@link IterationCpuTime} ({@code cpuNanos / calls}).
 *
 * <p>Run on its own: {@code java -jar benchmarks/target/benchmarks.jar PrimitivesBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PrimitivesBenchmark {
  private static final String HMAC = "HmacSHA512";
  private static final byte[] EMPTY = new byte[0];
  private static final byte[] DERIVE_INFO = info(new byte[] {0x04, 0x78}, "DERIVEKEY");
  private static final byte[] COMMIT_INFO = info(new byte[0], "COMMITKEY");

  /** AAD of a final frame: message id, "AWSKMSEncryptionClient Final Frame", sequence, length. */
  static final int FINAL_FRAME_AAD_BYTES =
      32 + "AWSKMSEncryptionClient Final Frame".getBytes(StandardCharsets.US_ASCII).length + 4 + 8;

  private byte[] payload;
  private MessageDigest sha384;
  private Mac hmac;
  private Cipher gcm;
  private Signature signer;
  private Signature verifier;
  private SecureRandom random;
  private SecretKeySpec aesKey;
  private SecretKeySpec wrappingKey;

  private final byte[] dataKey = new byte[32];
  private final byte[] messageId = new byte[32];
  private final byte[] iv = new byte[12];
  private final byte[] wrapIv = new byte[12];
  private final byte[] frameAad = new byte[FINAL_FRAME_AAD_BYTES];
  private final byte[] digest = new byte[48];
  private byte[] signature;
  private byte[] contextAad;
  private byte[] plaintext1KiB;
  private byte[] plaintext100B;
  private final byte[] out = new byte[2048];
  byte[] header1KiB;
  byte[] header100B;
  private long ivCounter;

  @Setup(Level.Trial)
  public void setUp() throws GeneralSecurityException {
    payload = BulkWorkload.payload();
    sha384 = MessageDigest.getInstance("SHA-384");
    hmac = Mac.getInstance(HMAC);
    gcm = Cipher.getInstance("AES/GCM/NoPadding");
    random = new SecureRandom();
    aesKey = new SecretKeySpec(new byte[32], "AES");
    wrappingKey = new SecretKeySpec(SmallWorkload.wrappingKey(), "AES");
    contextAad = SmallWorkload.serializedContext();
    plaintext1KiB = SmallWorkload.plaintext(1024);
    plaintext100B = SmallWorkload.plaintext(100);
    random.nextBytes(dataKey);
    random.nextBytes(messageId);
    random.nextBytes(digest);

    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp384r1"));
    KeyPair pair = generator.generateKeyPair();
    signer = Signature.getInstance("NONEwithECDSA");
    signer.initSign(pair.getPrivate());
    verifier = Signature.getInstance("NONEwithECDSA");
    verifier.initVerify(pair.getPublic());
    signer.update(digest);
    signature = signer.sign();

    header1KiB = new byte[headerBytes(1024)];
    header100B = new byte[headerBytes(100)];
  }

  /**
   * The header length (its tag excluded) of an envelope4j 0x0478 message of {@code plaintextBytes}
   * with the small-message keyring and context.
   */
  static int headerBytes(int plaintextBytes) {
    byte[] message =
        Envelope.defaults()
            .encrypt(
                EncryptRequest.builder()
                    .keyring(SmallWorkload.keyring())
                    .suite(AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY)
                    .encryptionContext(SmallWorkload.CONTEXT)
                    .plaintext(SmallWorkload.plaintext(plaintextBytes))
                    .build())
            .ciphertext();
    return SmallWorkload.headerBytes(message, plaintextBytes);
  }

  @Benchmark
  public byte[] sha384_64MiB(CpuTime cpu) {
    long start = ThreadCpu.nanos();
    byte[] hash = sha384.digest(payload);
    cpu.record(start);
    return hash;
  }

  @Benchmark
  public void hkdfSha512(IterationCpuTime cpu, Blackhole sink) throws GeneralSecurityException {
    cpu.count();
    byte[] prk = extract(messageId, dataKey);
    sink.consume(expand32(prk, DERIVE_INFO));
    sink.consume(expand32(prk, COMMIT_INFO));
  }

  @Benchmark
  public byte[] ecdsaP384Sign(IterationCpuTime cpu) throws GeneralSecurityException {
    cpu.count();
    signer.update(digest);
    return signer.sign();
  }

  @Benchmark
  public boolean ecdsaP384Verify(IterationCpuTime cpu) throws GeneralSecurityException {
    cpu.count();
    verifier.update(digest);
    return verifier.verify(signature);
  }

  @Benchmark
  public byte[] aesGcm1KiB(IterationCpuTime cpu) throws GeneralSecurityException {
    cpu.count();
    seal(aesKey, counterIv(), frameAad, plaintext1KiB);
    return out;
  }

  @Benchmark
  public byte[] aesGcm100B(IterationCpuTime cpu) throws GeneralSecurityException {
    cpu.count();
    seal(aesKey, counterIv(), frameAad, plaintext100B);
    return out;
  }

  @Benchmark
  public byte[] randomMessageId(IterationCpuTime cpu) {
    cpu.count();
    random.nextBytes(messageId);
    return messageId;
  }

  @Benchmark
  public byte[] aesGcmWrap32(IterationCpuTime cpu) throws GeneralSecurityException {
    cpu.count();
    seal(wrappingKey, counterIv(), contextAad, dataKey);
    return out;
  }

  @Benchmark
  public byte[] smallMessageFloor1KiB(IterationCpuTime cpu) throws GeneralSecurityException {
    cpu.count();
    return floor(header1KiB, plaintext1KiB);
  }

  @Benchmark
  public byte[] smallMessageFloor100B(IterationCpuTime cpu) throws GeneralSecurityException {
    cpu.count();
    return floor(header100B, plaintext100B);
  }

  /** The primitives of one 0x0478 message, in the order a writer needs them. */
  byte[] floor(byte[] header, byte[] plaintext) throws GeneralSecurityException {
    random.nextBytes(dataKey);
    random.nextBytes(wrapIv);
    seal(wrappingKey, wrapIv, contextAad, dataKey);

    random.nextBytes(messageId);
    byte[] prk = extract(messageId, dataKey);
    SecretKeySpec contentKey = new SecretKeySpec(expand32(prk, DERIVE_INFO), "AES");
    byte[] commitment = expand32(prk, COMMIT_INFO);

    Arrays.fill(iv, (byte) 0);
    seal(contentKey, iv, header, EMPTY);
    iv[11] = 1;
    seal(contentKey, iv, frameAad, plaintext);
    out[0] ^= commitment[0];
    return out;
  }

  private byte[] extract(byte[] salt, byte[] ikm) throws GeneralSecurityException {
    hmac.init(new SecretKeySpec(salt, HMAC));
    return hmac.doFinal(ikm);
  }

  /** HKDF-Expand to 32 bytes: one HMAC block (64 bytes) truncated. */
  private byte[] expand32(byte[] prk, byte[] info) throws GeneralSecurityException {
    hmac.init(new SecretKeySpec(prk, HMAC));
    hmac.update(info);
    hmac.update((byte) 1);
    return Arrays.copyOf(hmac.doFinal(), 32);
  }

  private byte[] counterIv() {
    ByteBuffer.wrap(iv, 4, 8).putLong(++ivCounter);
    return iv;
  }

  private void seal(SecretKeySpec key, byte[] nonce, byte[] aad, byte[] plaintext)
      throws GeneralSecurityException {
    gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
    gcm.updateAAD(aad);
    gcm.doFinal(plaintext, 0, plaintext.length, out, 0);
  }

  private static byte[] info(byte[] prefix, String label) {
    byte[] text = label.getBytes(StandardCharsets.US_ASCII);
    byte[] info = Arrays.copyOf(prefix, prefix.length + text.length);
    System.arraycopy(text, 0, info, prefix.length, text.length);
    return info;
  }
}
