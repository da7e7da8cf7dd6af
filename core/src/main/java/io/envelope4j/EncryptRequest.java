package io.envelope4j;

import io.envelope4j.keyring.Keyring;
import io.envelope4j.materials.DefaultMaterialsManager;
import io.envelope4j.materials.MaterialsManager;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What to encrypt and how: a keyring or a materials manager, the encryption context, optionally a
 * suite and a frame length, and the plaintext for {@link Envelope#encrypt}. Streams ignore the
 * plaintext field.
 *
 * <p>Immutable once built, except that the plaintext array is referenced, not copied (copying would
 * double the cost of large messages): do not modify it while a call uses it.
 */
public final class EncryptRequest {
  /** The default frame length, in bytes. */
  public static final int DEFAULT_FRAME_LENGTH_BYTES = 4096;

  private final MaterialsManager materialsManager;
  private final Keyring keyring;
  private final Map<String, String> encryptionContext;
  private final AlgorithmSuite suite;
  private final int frameLengthBytes;
  private final byte[] plaintext;
  private final long plaintextLengthBytes;

  private EncryptRequest(Builder b) {
    this.materialsManager = b.materialsManager;
    this.keyring = b.keyring;
    this.encryptionContext = Collections.unmodifiableMap(new LinkedHashMap<>(b.encryptionContext));
    this.suite = b.suite;
    this.frameLengthBytes = b.frameLengthBytes;
    this.plaintext = b.plaintext;
    this.plaintextLengthBytes = b.plaintextLengthBytes;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The materials manager (a keyring given to the builder is wrapped in the default one). */
  public MaterialsManager materialsManager() {
    return materialsManager;
  }

  /**
   * The keyring, if the request was built with one instead of a materials manager. envelope4j then
   * calls a {@link DefaultMaterialsManager} over it that draws from the client's random source.
   */
  public Optional<Keyring> keyring() {
    return Optional.ofNullable(keyring);
  }

  /** The caller's encryption context; unmodifiable. */
  public Map<String, String> encryptionContext() {
    return encryptionContext;
  }

  /** The requested suite, or empty for the commitment policy's default. */
  public Optional<AlgorithmSuite> suite() {
    return Optional.ofNullable(suite);
  }

  /** The frame length in bytes. */
  public int frameLengthBytes() {
    return frameLengthBytes;
  }

  /** The plaintext for one-shot encryption, or null when the request is meant for a stream. */
  public byte[] plaintextOrNull() {
    return plaintext;
  }

  /**
   * The plaintext length if known: the plaintext array's length, or the length a stream's caller
   * declared. A declared length is passed to the materials manager; the stream then refuses more or
   * fewer bytes.
   */
  public OptionalLong plaintextLengthBytes() {
    if (plaintext != null) {
      return OptionalLong.of(plaintext.length);
    }
    return plaintextLengthBytes < 0 ? OptionalLong.empty() : OptionalLong.of(plaintextLengthBytes);
  }

  @Override
  public String toString() {
    return "EncryptRequest[materialsManager="
        + materialsManager
        + ", encryptionContext="
        + encryptionContext.keySet()
        + ", suite="
        + (suite == null ? "default" : suite.hexId())
        + ", frameLengthBytes="
        + frameLengthBytes
        + "]";
  }

  /** Builds an {@link EncryptRequest}; not thread-safe. */
  public static final class Builder {
    private MaterialsManager materialsManager;
    private Keyring keyring;
    private final Map<String, String> encryptionContext = new LinkedHashMap<>();
    private AlgorithmSuite suite;
    private int frameLengthBytes = DEFAULT_FRAME_LENGTH_BYTES;
    private byte[] plaintext;
    private long plaintextLengthBytes = -1;

    private Builder() {}

    /** Encrypts with {@code keyring} through a {@link DefaultMaterialsManager}. */
    public Builder keyring(Keyring keyring) {
      this.materialsManager = DefaultMaterialsManager.of(Objects.requireNonNull(keyring));
      this.keyring = keyring;
      return this;
    }

    /** Encrypts with materials from {@code manager}. */
    public Builder materialsManager(MaterialsManager manager) {
      this.materialsManager = Objects.requireNonNull(manager, "manager");
      this.keyring = null;
      return this;
    }

    /**
     * Replaces the encryption context. Keys starting with {@code aws-crypto-} are reserved; empty
     * keys or values and contexts serializing to more than 32,767 bytes are refused at encrypt
     * time, because the ESDK for Java could not read them.
     */
    public Builder encryptionContext(Map<String, String> context) {
      encryptionContext.clear();
      for (Map.Entry<String, String> e : context.entrySet()) {
        encryptionContext.put(
            Objects.requireNonNull(e.getKey(), "encryption context key"),
            Objects.requireNonNull(e.getValue(), "encryption context value"));
      }
      return this;
    }

    /** The suite to write; by default the commitment policy's default (0x0578). */
    public Builder suite(AlgorithmSuite suite) {
      this.suite = Objects.requireNonNull(suite, "suite");
      return this;
    }

    /**
     * The frame length: 1 to 2,147,483,647 bytes, default 4096. Streams buffer one frame, so their
     * memory grows with it, and readers refuse frames above their bound ({@link
     * Envelope#DEFAULT_MAX_FRAME_LENGTH_BYTES}, 4 MiB, unless configured otherwise), so a larger
     * frame length needs readers configured for it.
     */
    public Builder frameLengthBytes(int frameLengthBytes) {
      if (frameLengthBytes < 1) {
        throw new IllegalArgumentException(
            "frame length " + frameLengthBytes + " is below the minimum 1");
      }
      this.frameLengthBytes = frameLengthBytes;
      return this;
    }

    /** The plaintext for {@link Envelope#encrypt}; referenced, not copied. */
    public Builder plaintext(byte[] plaintext) {
      this.plaintext = Objects.requireNonNull(plaintext, "plaintext");
      return this;
    }

    /** Declares a stream's plaintext length in advance (optional). */
    public Builder plaintextLengthBytes(long lengthBytes) {
      if (lengthBytes < 0) {
        throw new IllegalArgumentException(
            "plaintext length " + lengthBytes + " is below the minimum 0");
      }
      this.plaintextLengthBytes = lengthBytes;
      return this;
    }

    /**
     * Builds the request.
     *
     * @throws IllegalStateException if neither a keyring nor a materials manager was set
     */
    public EncryptRequest build() {
      if (materialsManager == null) {
        throw new IllegalStateException("encrypt request needs a keyring or a materials manager");
      }
      return new EncryptRequest(this);
    }
  }
}
