package io.envelope4j;

import io.envelope4j.keyring.Keyring;
import io.envelope4j.materials.DefaultMaterialsManager;
import io.envelope4j.materials.MaterialsManager;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to decrypt and how: a keyring or a materials manager, the entries the caller expects in the
 * encryption context, the ciphertext for {@link Envelope#decrypt}, and two reading options. Streams
 * ignore the ciphertext field.
 *
 * <p>Immutable once built, except that the ciphertext array is referenced, not copied.
 */
public final class DecryptRequest {
  private final MaterialsManager materialsManager;
  private final Keyring keyring;
  private final Map<String, String> encryptionContext;
  private final byte[] ciphertext;
  private final boolean stopAtMessageEnd;
  private final boolean refuseSignedMessages;

  private DecryptRequest(Builder b) {
    this.materialsManager = b.materialsManager;
    this.keyring = b.keyring;
    this.encryptionContext = Collections.unmodifiableMap(new LinkedHashMap<>(b.encryptionContext));
    this.ciphertext = b.ciphertext;
    this.stopAtMessageEnd = b.stopAtMessageEnd;
    this.refuseSignedMessages = b.refuseSignedMessages;
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

  /**
   * The reproduced encryption context: entries the header stores must match it; the others are
   * authenticated as the message's required part (see {@link Builder#encryptionContext(Map)}).
   */
  public Map<String, String> encryptionContext() {
    return encryptionContext;
  }

  /** The ciphertext for one-shot decryption, or null when the request is meant for a stream. */
  public byte[] ciphertextOrNull() {
    return ciphertext;
  }

  /** Whether reading stops at the end of the message, leaving any following bytes unread. */
  public boolean stopAtMessageEnd() {
    return stopAtMessageEnd;
  }

  /** Whether messages in signed suites are refused right after their header. */
  public boolean refuseSignedMessages() {
    return refuseSignedMessages;
  }

  @Override
  public String toString() {
    return "DecryptRequest[materialsManager="
        + materialsManager
        + ", encryptionContext="
        + encryptionContext.keySet()
        + ", stopAtMessageEnd="
        + stopAtMessageEnd
        + ", refuseSignedMessages="
        + refuseSignedMessages
        + "]";
  }

  /** Builds a {@link DecryptRequest}; not thread-safe. */
  public static final class Builder {
    private MaterialsManager materialsManager;
    private Keyring keyring;
    private final Map<String, String> encryptionContext = new LinkedHashMap<>();
    private byte[] ciphertext;
    private boolean stopAtMessageEnd;
    private boolean refuseSignedMessages;

    private Builder() {}

    /** Decrypts with {@code keyring} through a {@link DefaultMaterialsManager}. */
    public Builder keyring(Keyring keyring) {
      this.materialsManager = DefaultMaterialsManager.of(Objects.requireNonNull(keyring));
      this.keyring = keyring;
      return this;
    }

    /** Decrypts with materials from {@code manager}. */
    public Builder materialsManager(MaterialsManager manager) {
      this.materialsManager = Objects.requireNonNull(manager, "manager");
      this.keyring = null;
      return this;
    }

    /**
     * The reproduced encryption context. An entry whose key the message's header stores must have
     * the stored value, or decryption fails before any keyring runs. An entry the header does not
     * store is taken as part of the message's required (authenticated-only) context, written by a
     * {@link io.envelope4j.materials.RequiredEncryptionContextMaterialsManager}: it is given to the
     * keyrings and authenticated by the header tag, so a wrong, missing or extra one fails
     * decryption with a {@link BadCiphertextException} (or a {@link NoDecryptionKeyException} when
     * the keyring binds its data keys to the context). Entries of the message left out here are
     * allowed.
     */
    public Builder encryptionContext(Map<String, String> expected) {
      encryptionContext.clear();
      for (Map.Entry<String, String> e : expected.entrySet()) {
        encryptionContext.put(
            Objects.requireNonNull(e.getKey(), "encryption context key"),
            Objects.requireNonNull(e.getValue(), "encryption context value"));
      }
      return this;
    }

    /** The message for {@link Envelope#decrypt}; referenced, not copied. */
    public Builder ciphertext(byte[] ciphertext) {
      this.ciphertext = Objects.requireNonNull(ciphertext, "ciphertext");
      return this;
    }

    /**
     * By default bytes after the end of the message are an error. With this option reading stops at
     * the end of the message: a stream returns end of data there and leaves the rest of its source
     * unread (for sources carrying several messages back to back), and one-shot decryption ignores
     * the rest and reports {@link DecryptResult#messageLengthBytes()}.
     */
    public Builder stopAtMessageEnd(boolean stop) {
      this.stopAtMessageEnd = stop;
      return this;
    }

    /**
     * Refuses messages in signed suites right after their header, for callers who need every
     * released byte final: a signed message's plaintext is only verified once the whole message has
     * been read.
     */
    public Builder refuseSignedMessages(boolean refuse) {
      this.refuseSignedMessages = refuse;
      return this;
    }

    /**
     * Builds the request.
     *
     * @throws IllegalStateException if neither a keyring nor a materials manager was set
     */
    public DecryptRequest build() {
      if (materialsManager == null) {
        throw new IllegalStateException("decrypt request needs a keyring or a materials manager");
      }
      return new DecryptRequest(this);
    }
  }
}
