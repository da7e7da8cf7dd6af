package io.envelope4j;

import io.envelope4j.internal.Encrypted;
import io.envelope4j.internal.Limits;
import io.envelope4j.internal.OneShot;
import io.envelope4j.internal.Parallelism;
import io.envelope4j.internal.Plaintext;
import io.envelope4j.internal.format.HeaderCodec;
import io.envelope4j.internal.format.StreamSource;
import io.envelope4j.internal.stream.DecryptionStream;
import io.envelope4j.internal.stream.EncryptingInputStream;
import io.envelope4j.internal.stream.EncryptingOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The envelope4j client: encrypts and decrypts messages in the AWS Encryption SDK message format,
 * in one shot ({@code byte[]} in and out) or as streams.
 *
 * <p>An {@code Envelope} holds only configuration: the {@link CommitmentPolicy} and the bounds a
 * reader enforces before it allocates anything for an untrusted message. It is immutable and
 * thread-safe; share one instance. Keys come with each request (a keyring or a materials manager).
 *
 * <p>Decryption bounds and their defaults:
 *
 * <ul>
 *   <li>encrypted data keys per message: {@value #DEFAULT_MAX_ENCRYPTED_DATA_KEYS} (also enforced
 *       on encrypt, and as soon as the count is parsed on decrypt);
 *   <li>frame length a reader accepts: {@value #DEFAULT_MAX_FRAME_LENGTH_BYTES} bytes (4 MiB); a
 *       decrypting stream buffers about two frames;
 *   <li>header size: {@value #DEFAULT_MAX_HEADER_BYTES} bytes (256 KiB);
 *   <li>content of a non-framed body (written by old SDKs, never by envelope4j), which every API
 *       holds whole until its single tag verifies: {@value #DEFAULT_MAX_NON_FRAMED_BODY_BYTES}
 *       bytes (64 MiB).
 * </ul>
 *
 * <p>A message over a bound fails with a {@link BadCiphertextException} naming the bound; raise the
 * bound in {@link Builder} only for trusted senders.
 *
 * <p>By default every call runs on the calling thread alone and no thread is ever created. With
 * {@link Builder#parallelSealing} the one-shot {@link #encrypt} and {@link #decrypt} work the
 * frames of a large message on several threads, through the caller's executor; see there.
 */
public final class Envelope {
  /** Default bound on encrypted data keys per message. */
  public static final int DEFAULT_MAX_ENCRYPTED_DATA_KEYS = 16;

  /** Default bound on the frame length a reader accepts, in bytes (4 MiB). */
  public static final int DEFAULT_MAX_FRAME_LENGTH_BYTES = 4 * 1024 * 1024;

  /** Default bound on the header size a reader accepts, in bytes (256 KiB). */
  public static final int DEFAULT_MAX_HEADER_BYTES = 256 * 1024;

  /** Default bound on the content of a non-framed body a reader buffers, in bytes (64 MiB). */
  public static final int DEFAULT_MAX_NON_FRAMED_BODY_BYTES =
      Limits.DEFAULT_MAX_NON_FRAMED_BODY_BYTES;

  private static final Envelope DEFAULTS = builder().build();

  private final Limits limits;
  private final Parallelism parallelismOrNull;

  private Envelope(Builder b) {
    this.parallelismOrNull =
        b.executor == null ? null : new Parallelism(b.executor, b.maxSealingThreads);
    this.limits =
        new Limits(
            b.commitmentPolicy,
            b.maxEncryptedDataKeys,
            b.maxFrameLengthBytes,
            b.maxHeaderBytes,
            b.maxNonFramedBodyBytes,
            b.random == null ? new SecureRandom() : b.random);
  }

  /** A builder, starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The client with every default: {@code REQUIRE_ENCRYPT_REQUIRE_DECRYPT} and the bounds. */
  public static Envelope defaults() {
    return DEFAULTS;
  }

  /** The commitment policy. */
  public CommitmentPolicy commitmentPolicy() {
    return limits.commitmentPolicy();
  }

  /** The bound on encrypted data keys per message. */
  public int maxEncryptedDataKeys() {
    return limits.maxEncryptedDataKeys();
  }

  /** The largest frame length a reader accepts, in bytes. */
  public int maxFrameLengthBytes() {
    return limits.maxFrameLengthBytes();
  }

  /** The largest header a reader accepts, in bytes. */
  public int maxHeaderBytes() {
    return limits.maxHeaderBytes();
  }

  /** The largest non-framed body content a reader buffers, in bytes. */
  public int maxNonFramedBodyBytes() {
    return limits.maxNonFramedBodyBytes();
  }

  /**
   * The most threads that work one one-shot message at a time, the calling thread included; 1
   * unless {@link Builder#parallelSealing} raised it.
   */
  public int maxSealingThreads() {
    return parallelismOrNull == null ? 1 : parallelismOrNull.maxThreads();
  }

  /**
   * Encrypts the request's plaintext into one message. With {@link Builder#parallelSealing} a large
   * message is sealed on several threads; the bytes are the same as on one thread.
   *
   * @throws IllegalArgumentException if the request has no plaintext, or its encryption context is
   *     refused (reserved {@code aws-crypto-} key, empty key or value, too large)
   * @throws CommitmentPolicyException if the requested suite violates the policy
   * @throws KeyProviderException if a key provider fails
   * @throws EnvelopeException if the materials are unusable (for example too many encrypted data
   *     keys), or the calling thread was interrupted before or while waiting for parallel sealing
   *     (its interrupt status is kept)
   * @throws java.util.concurrent.RejectedExecutionException if the executor given to {@link
   *     Builder#parallelSealing} refuses a task (for example because it was shut down)
   */
  public EncryptResult encrypt(EncryptRequest request) {
    byte[] plaintext = request.plaintextOrNull();
    if (plaintext == null) {
      throw new IllegalArgumentException("encrypt request has no plaintext; set plaintext(..)");
    }
    Encrypted encrypted = OneShot.encrypt(limits, request, plaintext, parallelismOrNull);
    return new EncryptResult(encrypted.ciphertext(), encrypted.info());
  }

  /**
   * Decrypts one message. The whole message is authenticated before any plaintext is returned. With
   * {@link Builder#parallelSealing} the frames of a large message are opened on several threads
   * while the calling thread digests it for the signature; on any failure the plaintext is wiped.
   *
   * @throws IllegalArgumentException if the request has no ciphertext
   * @throws BadCiphertextException if the message is malformed, truncated, tampered with, over a
   *     bound, followed by extra bytes, or lacks an expected encryption context entry
   * @throws CommitmentPolicyException if the message's suite violates the policy
   * @throws NoDecryptionKeyException if no keyring could decrypt a data key
   * @throws KeyProviderException if a key provider fails
   * @throws EnvelopeException if the calling thread was interrupted before or while waiting for
   *     parallel opening (its interrupt status is kept)
   * @throws java.util.concurrent.RejectedExecutionException if the executor given to {@link
   *     Builder#parallelSealing} refuses a task
   */
  public DecryptResult decrypt(DecryptRequest request) {
    byte[] ciphertext = request.ciphertextOrNull();
    if (ciphertext == null) {
      throw new IllegalArgumentException("decrypt request has no ciphertext; set ciphertext(..)");
    }
    Plaintext plaintext = OneShot.decrypt(limits, request, ciphertext, parallelismOrNull);
    return new DecryptResult(
        plaintext.plaintext(), plaintext.info(), plaintext.messageLengthBytes());
  }

  /**
   * An {@code OutputStream} that encrypts what is written to it into {@code sink}. The materials
   * manager runs and the header is written on the first write, flush or close; {@code flush()}
   * writes every complete frame and flushes the sink without ending the message; {@code close()}
   * writes the final frame and the signature, then closes the sink. Memory: about two frames.
   *
   * <p>Failures arrive as {@link java.io.IOException}s whose cause is the envelope exception; after
   * one, writes and flushes fail and {@code close()} only closes the sink. Not thread-safe. Typical
   * use, as in {@code io.envelope4j.examples.StreamFileExample}:
   *
   * <pre>{@code
   * EncryptRequest request =
   *     EncryptRequest.builder().keyring(keyring).encryptionContext(context).build();
   * try (InputStream in = Files.newInputStream(input);
   *     OutputStream out =
   *         Envelope.defaults().encryptingStream(Files.newOutputStream(output), request)) {
   *   in.transferTo(out);
   * }
   * }</pre>
   */
  public OutputStream encryptingStream(OutputStream sink, EncryptRequest request) {
    return new EncryptingOutputStream(limits, request, Objects.requireNonNull(sink, "sink"));
  }

  /**
   * An {@code InputStream} whose bytes are the message encrypting everything read from {@code
   * source}. Closing it closes the source. Memory: about two frames. Not thread-safe.
   */
  public InputStream encryptingInputStream(InputStream source, EncryptRequest request) {
    return new EncryptingInputStream(limits, request, Objects.requireNonNull(source, "source"));
  }

  /**
   * An {@code InputStream} that decrypts the message read from {@code source}. Each frame's
   * plaintext is released only after its tag verifies, and the final frame of a signed message only
   * after the signature verifies. A truncated or tampered message ends in an {@link
   * java.io.IOException} (never in end of data) whose cause is the envelope exception; after one,
   * every call fails. End of data is reported only after the source is exhausted, unless the
   * request asks to {@link DecryptRequest#stopAtMessageEnd() stop at the message end}. Closing it
   * closes the source. Memory: about two frames. Not thread-safe.
   */
  public DecryptingInputStream decryptingStream(InputStream source, DecryptRequest request) {
    return new DecryptingInputStream(
        new DecryptionStream(limits, request, Objects.requireNonNull(source, "source")));
  }

  /**
   * Parses the header of the message at the start of {@code source} without decrypting anything: no
   * key is used, so nothing in the result is authenticated (hence its name). Reads exactly the
   * header's bytes and leaves {@code source} open, positioned at the body. The header bounds of
   * this client apply (encrypted data keys, frame length, header size); the commitment policy does
   * not, so a legacy message can be inspected under any policy.
   *
   * @throws BadCiphertextException if the header is malformed, truncated or over a bound
   * @throws IOException if the source fails
   */
  public UnauthenticatedHeader inspectHeader(InputStream source) throws IOException {
    Limits anySuite =
        new Limits(
            CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT,
            limits.maxEncryptedDataKeys(),
            limits.maxFrameLengthBytes(),
            limits.maxHeaderBytes(),
            limits.maxNonFramedBodyBytes(),
            limits.random());
    return UnauthenticatedHeader.of(
        HeaderCodec.parse(new StreamSource(Objects.requireNonNull(source, "source")), anySuite));
  }

  @Override
  public String toString() {
    return "Envelope["
        + limits
        + (parallelismOrNull == null ? "" : ", parallelSealing: " + parallelismOrNull)
        + "]";
  }

  /** Builds an {@link Envelope}; not thread-safe. */
  public static final class Builder {
    private CommitmentPolicy commitmentPolicy = CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT;
    private int maxEncryptedDataKeys = DEFAULT_MAX_ENCRYPTED_DATA_KEYS;
    private int maxFrameLengthBytes = DEFAULT_MAX_FRAME_LENGTH_BYTES;
    private int maxHeaderBytes = DEFAULT_MAX_HEADER_BYTES;
    private int maxNonFramedBodyBytes = DEFAULT_MAX_NON_FRAMED_BODY_BYTES;
    private SecureRandom random;
    private Executor executor;
    private int maxSealingThreads = 1;

    private Builder() {}

    /** The commitment policy; default {@code REQUIRE_ENCRYPT_REQUIRE_DECRYPT}. */
    public Builder commitmentPolicy(CommitmentPolicy policy) {
      this.commitmentPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Bound on encrypted data keys per message, 1 to 65,535; default 16. */
    public Builder maxEncryptedDataKeys(int max) {
      this.maxEncryptedDataKeys = checkRange("maxEncryptedDataKeys", max, 1, 0xFFFF);
      return this;
    }

    /** Largest frame length a reader accepts, 1 to 2,147,483,647 bytes; default 4 MiB. */
    public Builder maxFrameLengthBytes(int max) {
      this.maxFrameLengthBytes = checkRange("maxFrameLengthBytes", max, 1, Integer.MAX_VALUE);
      return this;
    }

    /** Largest header a reader accepts, at least 64 bytes; default 256 KiB. */
    public Builder maxHeaderBytes(int max) {
      this.maxHeaderBytes = checkRange("maxHeaderBytes", max, 64, Integer.MAX_VALUE);
      return this;
    }

    /**
     * Largest non-framed body content a reader accepts, 0 to 2,147,483,583 bytes; default 64 MiB. A
     * non-framed body is released only after its single tag verifies, so every API (streams
     * included) holds it whole; a larger one fails before anything of it is buffered.
     */
    public Builder maxNonFramedBodyBytes(int max) {
      this.maxNonFramedBodyBytes =
          checkRange("maxNonFramedBodyBytes", max, 0, Integer.MAX_VALUE - 64);
      return this;
    }

    /**
     * The source of message ids and (through the default materials manager of one-shot and stream
     * calls) signing keys. Production code leaves the default, a strong {@link SecureRandom}; tests
     * inject a seeded one for known-answer checks.
     */
    public Builder secureRandom(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Lets one-shot calls work the frames of one large message on up to {@code maxThreads} threads
     * at once, the calling thread included: each {@link Envelope#encrypt} or {@link
     * Envelope#decrypt} of a large message submits up to {@code maxThreads - 1} short tasks to
     * {@code executor} and works beside them. This spends more CPU time in total to finish sooner;
     * by default (and with {@code maxThreads} 1) everything runs on the calling thread and
     * envelope4j never creates or borrows a thread.
     *
     * <p>The output is byte for byte what one thread writes. A message takes this path only if its
     * regular frames fill at least four chunks of about 256 KiB (or four frames, when frames are
     * larger); smaller ones stay on the calling thread. Streams are not affected. In a signed suite
     * the SHA-384 digest runs on the calling thread, pipelined behind the helpers' AES-GCM, which
     * makes it the bound on speed.
     *
     * <p>The calling thread works chunks itself whenever it would otherwise wait, so an executor
     * that runs the tasks late, or never (a saturated pool, or the pool the caller runs in), slows
     * a call down but cannot deadlock it. When a call returns or throws, no task of it is still
     * working, and a task that starts later returns at once; the executor's threads are the
     * caller's to manage and shut down. A task the executor refuses fails the call with its {@link
     * java.util.concurrent.RejectedExecutionException}; a caller interrupted when the parallel work
     * starts or while it waits fails with an {@link EnvelopeException} and keeps its interrupt
     * status.
     *
     * @param executor runs the helper tasks, for example a {@code ForkJoinPool} or a fixed pool
     *     shared by the application; it must run tasks on threads other than the caller's to help
     * @param maxThreads 1 to 256; 1 turns parallel work off
     */
    public Builder parallelSealing(Executor executor, int maxThreads) {
      Objects.requireNonNull(executor, "executor");
      int threads = checkRange("maxThreads", maxThreads, 1, 256);
      this.executor = threads == 1 ? null : executor;
      this.maxSealingThreads = threads;
      return this;
    }

    /** Builds the client. */
    public Envelope build() {
      return new Envelope(this);
    }

    private static int checkRange(String name, int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            name + " " + value + " is outside the range " + min + " to " + max);
      }
      return value;
    }
  }
}
