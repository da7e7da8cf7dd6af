package io.envelope4j.internal;

import io.envelope4j.AlgorithmSuite;
import io.envelope4j.CommitmentPolicyException;
import io.envelope4j.EncryptRequest;
import io.envelope4j.EnvelopeException;
import io.envelope4j.MessageInfo;
import io.envelope4j.internal.crypto.KeyDerivation;
import io.envelope4j.internal.crypto.TrailingSignature;
import io.envelope4j.internal.format.EncryptionContextCodec;
import io.envelope4j.internal.format.FrameCipher;
import io.envelope4j.internal.format.HeaderCodec;
import io.envelope4j.materials.DataKey;
import io.envelope4j.materials.DefaultMaterialsManager;
import io.envelope4j.materials.EncryptionMaterials;
import io.envelope4j.materials.EncryptionMaterialsRequest;
import io.envelope4j.materials.MaterialsManager;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Writes one message: obtains and checks the materials, builds the header, then seals frames in
 * order and finally the footer. Shared by the one-shot call and both encrypting streams, which only
 * decide where bytes come from and go to.
 *
 * <p>Design note: the data key is revealed once, to derive the message keys, and destroyed with its
 * copy as soon as the header is sealed; from then on only the derived JCA key exists. Frames are
 * sealed straight into the caller's array. Entries under the materials' required encryption context
 * keys are left out of the header and authenticated by appending their serialization to the header
 * tag's AAD, as the specification says. Not thread-safe; one instance per message.
 */
public final class MessageEncryptor {
  private static final String RESERVED_PREFIX = "aws-crypto-";

  private final EncryptionMaterials materials;
  private final AlgorithmSuite suite;
  private final int frameLength;
  private final FrameCipher frames;
  private final TrailingSignature signer;
  private final byte[] header;
  private final Map<String, String> storedContext;
  private int nextSequence = 1;
  private int heldSequence;
  private long bytesWritten;

  /** Messages above this size re-sign for a fixed-length signature; see {@link #footer()}. */
  private static final int RESIGN_THRESHOLD_BYTES = 1 << 20;

  private MessageEncryptor(Limits limits, EncryptRequest request, OptionalLong plaintextLength) {
    checkCallerContext(request.encryptionContext());
    this.materials =
        materialsManager(limits, request)
            .encryptionMaterials(
                new EncryptionMaterialsRequest(
                    request.encryptionContext(),
                    request.suite(),
                    limits.commitmentPolicy(),
                    plaintextLength));
    this.suite = materials.suite();
    checkMaterials(limits, request);
    this.frameLength = request.frameLengthBytes();

    this.storedContext = storedContext(materials);
    byte[] serializedContext = EncryptionContextCodec.serialize(storedContext);
    EncryptionContextCodec.checkWritable(storedContext, serializedContext.length);
    byte[] messageId = new byte[suite.messageIdLengthBytes()];
    limits.random().nextBytes(messageId);

    DataKey dataKey = materials.dataKey().orElseThrow();
    byte[] keyBytes = dataKey.revealCopy();
    KeyDerivation.DerivedKeys keys;
    try {
      keys = KeyDerivation.derive(suite, keyBytes, messageId);
    } finally {
      Arrays.fill(keyBytes, (byte) 0);
      dataKey.destroy();
    }
    this.frames = new FrameCipher(suite, keys.encryptionKey(), messageId);
    byte[] body =
        HeaderCodec.writeBody(
            suite,
            messageId,
            serializedContext,
            materials.encryptedDataKeys(),
            frameLength,
            keys.commitmentOrNull());
    byte[] authenticatedOnly = authenticatedOnlyContext(materials);
    byte[] tag =
        frames.headerTag(authenticatedOnly.length == 0 ? body : concat(body, authenticatedOnly));
    // A v1 header carries its (all-zero) IV between the body and the tag.
    int ivLength = suite.messageFormatVersion() == 1 ? suite.ivLengthBytes() : 0;
    this.header = Arrays.copyOf(body, body.length + ivLength + tag.length);
    System.arraycopy(tag, 0, header, body.length + ivLength, tag.length);

    this.signer =
        suite.isSigned()
            ? TrailingSignature.forSigning(
                suite.signature(), materials.signingKey().orElseThrow(), limits.random())
            : null;
    if (signer != null) {
      signer.update(header, 0, header.length);
    }
    this.bytesWritten = header.length;
  }

  /**
   * Starts a message: calls the materials manager and builds the header.
   *
   * @param plaintextLength the plaintext length if known, passed to the materials manager
   */
  public static MessageEncryptor start(
      Limits limits, EncryptRequest request, OptionalLong plaintextLength) {
    return new MessageEncryptor(limits, request, plaintextLength);
  }

  /** The materials' context minus its required keys: what the header stores. */
  private static Map<String, String> storedContext(EncryptionMaterials materials) {
    Map<String, String> stored = new LinkedHashMap<>(materials.encryptionContext());
    stored.keySet().removeAll(materials.requiredEncryptionContextKeys());
    return stored;
  }

  /**
   * The serialized required entries, appended to the header body as the header tag's AAD (the
   * specification's "encryption context to only authenticate"); empty when nothing is required.
   */
  private static byte[] authenticatedOnlyContext(EncryptionMaterials materials) {
    if (materials.requiredEncryptionContextKeys().isEmpty()) {
      return new byte[0];
    }
    Map<String, String> required = new LinkedHashMap<>(materials.encryptionContext());
    required.keySet().retainAll(materials.requiredEncryptionContextKeys());
    return EncryptionContextCodec.serialize(required);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static void checkCallerContext(Map<String, String> context) {
    for (Map.Entry<String, String> e : context.entrySet()) {
      if (e.getKey().startsWith(RESERVED_PREFIX)) {
        throw new IllegalArgumentException(
            "encryption context key "
                + e.getKey()
                + " uses the reserved prefix "
                + RESERVED_PREFIX
                + "; rename it");
      }
    }
    EncryptionContextCodec.checkWritable(context, EncryptionContextCodec.serialize(context).length);
  }

  private void checkMaterials(Limits limits, EncryptRequest request) {
    if (!limits.commitmentPolicy().permitsEncrypt(suite)) {
      throw new CommitmentPolicyException(
          "materials manager chose suite "
              + suite.hexId()
              + ", which commitment policy "
              + limits.commitmentPolicy()
              + " does not allow");
    }
    if (request.suite().isPresent() && request.suite().get() != suite) {
      throw new EnvelopeException(
          "materials manager chose suite "
              + suite.hexId()
              + " although "
              + request.suite().get().hexId()
              + " was requested");
    }
    int count = materials.encryptedDataKeys().size();
    if (materials.dataKey().isEmpty() || count == 0) {
      throw new EnvelopeException("materials have no data key or no encrypted data key");
    }
    if (count > limits.maxEncryptedDataKeys()) {
      throw new EnvelopeException(
          "materials carry "
              + count
              + " encrypted data keys, over the limit "
              + limits.maxEncryptedDataKeys()
              + "; use fewer keyrings or raise maxEncryptedDataKeys");
    }
    if (suite.isSigned() != materials.signingKey().isPresent()) {
      throw new EnvelopeException(
          "materials for suite " + suite.hexId() + " have a signing key exactly when unsigned");
    }
    for (Map.Entry<String, String> e : request.encryptionContext().entrySet()) {
      if (!e.getValue().equals(materials.encryptionContext().get(e.getKey()))) {
        throw new EnvelopeException(
            "materials manager changed or dropped encryption context key " + e.getKey());
      }
    }
  }

  private static MaterialsManager materialsManager(Limits limits, EncryptRequest request) {
    return request
        .keyring()
        .<MaterialsManager>map(k -> DefaultMaterialsManager.of(k, limits.random()))
        .orElse(request.materialsManager());
  }

  /** The complete header, authentication tag included; do not modify. */
  public byte[] header() {
    return header;
  }

  /** The frame length. */
  public int frameLengthBytes() {
    return frameLength;
  }

  /** Header facts of the message being written. */
  public MessageInfo info() {
    return new MessageInfo(suite, storedContext, materials.encryptedDataKeys(), frameLength);
  }

  /** Whether the message ends with a signature footer. */
  public boolean isSigned() {
    return signer != null;
  }

  /**
   * Seals the next regular frame (exactly one frame length of content) into {@code out}.
   *
   * @return the bytes written
   */
  public int sealRegular(byte[] in, int inOff, byte[] out, int outOff) {
    checkNotHolding();
    int sequence = nextSequence();
    int n = frames.sealRegular(sequence, in, inOff, frameLength, out, outOff);
    bytesWritten += n;
    if (signer != null) {
      signer.update(out, outOff, n);
    }
    return n;
  }

  /**
   * Seals the final frame (0 to one frame length of content) into {@code out}.
   *
   * @return the bytes written
   */
  public int sealFinal(byte[] in, int inOff, int len, byte[] out, int outOff) {
    checkNotHolding();
    int sequence = nextSequence();
    int n = frames.sealFinal(sequence, in, inOff, len, out, outOff);
    bytesWritten += n;
    if (signer != null) {
      signer.update(out, outOff, n);
    }
    return n;
  }

  /**
   * A new frame cipher of this message, for another thread: regular frame {@code i} (from 0) has
   * sequence number {@code i + 1}. Frames sealed with it join the message through {@link
   * #appendRegular}.
   */
  public FrameCipher frameCipherCopy() {
    return frames.copy();
  }

  /**
   * Takes {@code frameCount} regular frames, sealed elsewhere with the next sequence numbers and
   * laid out back to back at {@code out[off]}, into the message (and its signature). Call it in
   * message order.
   */
  public void appendRegular(byte[] out, int off, int frameCount) {
    checkNotHolding();
    if ((nextSequence & 0xFFFFFFFFL) + frameCount > 0xFFFFFFFFL) {
      throw new EnvelopeException(
          "message needs more than 4294967294 frames; use a larger frame length");
    }
    nextSequence += frameCount;
    int n = frameCount * (frameLength + FrameCipher.REGULAR_OVERHEAD);
    bytesWritten += n;
    if (signer != null) {
      signer.update(out, off, n);
    }
  }

  /**
   * Seals the next frame (exactly one frame length of content) into {@code out} as a regular frame
   * but holds it back: it is not yet part of the message, and the caller must not release its bytes
   * until {@link #releaseHeld} says it stays a regular frame. If the message ends instead, {@link
   * #reopenHeld} turns it back into plaintext, so that it can be sealed again as the final frame.
   * AES-GCM ciphertext depends only on the key and IV (here the sequence number, equal in both
   * layouts), so only the tag differs between the two; holding back lets a stream seal a
   * frame-length write straight from the caller's array instead of buffering it.
   *
   * @return the bytes written, one frame length plus {@link FrameCipher#REGULAR_OVERHEAD}
   */
  public int sealHeld(byte[] in, int inOff, byte[] out, int outOff) {
    checkNotHolding();
    heldSequence = nextSequence();
    return frames.sealRegular(heldSequence, in, inOff, frameLength, out, outOff);
  }

  /** Makes the held frame at {@code frame[off]} a regular frame of the message. */
  public void releaseHeld(byte[] frame, int off) {
    int n = frameLength + FrameCipher.REGULAR_OVERHEAD;
    heldSequence = 0;
    bytesWritten += n;
    if (signer != null) {
      signer.update(frame, off, n);
    }
  }

  /**
   * Opens the held frame at {@code frame[off]} into {@code plain} at {@code plainOff} and gives its
   * sequence number back, so that the next seal, normally {@link #sealFinal}, takes its place. The
   * caller drops the held frame's bytes and wipes {@code plain} when done.
   */
  public void reopenHeld(byte[] frame, int off, byte[] plain, int plainOff) {
    frames.reopenRegular(heldSequence, frame, off, frameLength, plain, plainOff);
    nextSequence = heldSequence;
    heldSequence = 0;
  }

  private void checkNotHolding() {
    if (heldSequence != 0) {
      throw new IllegalStateException("a held frame must be released or reopened first");
    }
  }

  private int nextSequence() {
    if (nextSequence == FrameCipher.SEQUENCE_END) {
      throw new EnvelopeException(
          "message needs more than 4294967294 frames; use a larger frame length");
    }
    return nextSequence++;
  }

  /**
   * The footer (signature length and DER signature), or an empty array when unsigned. Messages over
   * 1 MiB re-sign until the footer has {@link #expectedFooterLength()}, which spares the one-shot
   * writer a copy of its sized output; smaller ones sign once. The rule depends only on the message
   * length, so every API writes the same bytes for the same input and randomness.
   */
  public byte[] footer() {
    checkNotHolding();
    if (signer == null) {
      return new byte[0];
    }
    byte[] signature = signer.sign(bytesWritten + expectedFooterLength() > RESIGN_THRESHOLD_BYTES);
    byte[] footer = new byte[2 + signature.length];
    footer[0] = (byte) (signature.length >>> 8);
    footer[1] = (byte) signature.length;
    System.arraycopy(signature, 0, footer, 2, signature.length);
    return footer;
  }

  /** The footer length of a fixed-length signature; see {@link #footer()}. */
  public int expectedFooterLength() {
    return signer == null ? 0 : 2 + TrailingSignature.fixedSignatureLength(suite.signature());
  }
}
