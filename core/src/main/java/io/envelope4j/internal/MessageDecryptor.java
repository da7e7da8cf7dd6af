package io.envelope4j.internal;

import io.envelope4j.BadCiphertextException;
import io.envelope4j.DecryptRequest;
import io.envelope4j.EnvelopeException;
import io.envelope4j.MessageInfo;
import io.envelope4j.internal.crypto.KeyDerivation;
import io.envelope4j.internal.crypto.TrailingSignature;
import io.envelope4j.internal.format.EncryptionContextCodec;
import io.envelope4j.internal.format.FrameCipher;
import io.envelope4j.internal.format.MessageHeader;
import io.envelope4j.materials.DataKey;
import io.envelope4j.materials.DecryptionMaterials;
import io.envelope4j.materials.DecryptionMaterialsRequest;
import io.envelope4j.materials.DefaultMaterialsManager;
import io.envelope4j.materials.MaterialsManager;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one message once its header is parsed: checks the request's options and expected context,
 * obtains the data key, verifies the key commitment and the header tag, and prepares the frame
 * cipher and signature verifier. Shared by the one-shot call and the decrypting stream, which own
 * the body's byte flow.
 *
 * <p>Design note: the steps run in the order that keeps keys and plaintext away from bad input: the
 * policy was already checked by the parser on the suite id; options and expected context are
 * checked before the materials manager is called; the commitment value is compared in constant time
 * before the header tag is even computed. Reproduced context entries that the header does not store
 * are the message's required (authenticated-only) part: their serialization is appended to the
 * header tag's AAD, so a wrong or missing one fails header authentication. The data key is
 * destroyed once the message keys are derived. Not thread-safe; one instance per message.
 */
public final class MessageDecryptor {
  private final MessageHeader header;
  private final FrameCipher frames;
  private final TrailingSignature verifier;

  private MessageDecryptor(Limits limits, DecryptRequest request, MessageHeader header) {
    this.header = header;
    checkSupported(header, request);
    Map<String, String> authenticatedOnly =
        checkReproducedContext(header.encryptionContext(), request.encryptionContext());

    DecryptionMaterials materials =
        materialsManager(limits, request)
            .decryptionMaterials(
                new DecryptionMaterialsRequest(
                    header.suite(),
                    header.encryptedDataKeys(),
                    header.encryptionContext(),
                    request.encryptionContext(),
                    limits.commitmentPolicy()));
    DataKey dataKey =
        materials
            .dataKey()
            .orElseThrow(() -> new EnvelopeException("materials manager returned no data key"));
    byte[] keyBytes = dataKey.revealCopy();
    KeyDerivation.DerivedKeys keys;
    try {
      keys = KeyDerivation.derive(header.suite(), keyBytes, header.messageId());
    } finally {
      Arrays.fill(keyBytes, (byte) 0);
      dataKey.destroy();
    }
    if (header.suite().isCommitting()
        && !FrameCipher.constantTimeEquals(keys.commitmentOrNull(), header.suiteData())) {
      throw new BadCiphertextException("key commitment does not match the data key");
    }
    this.frames = new FrameCipher(header.suite(), keys.encryptionKey(), header.messageId());
    verifyHeader(header, authenticatedOnly);

    if (header.suite().isSigned()) {
      this.verifier =
          TrailingSignature.forVerifying(
              header.suite().signature(),
              materials
                  .verificationKey()
                  .orElseThrow(() -> new EnvelopeException("materials lack the verification key")));
      verifier.update(header.body(), 0, header.body().length);
      if (header.headerIvOrNull() != null) {
        verifier.update(header.headerIvOrNull(), 0, header.headerIvOrNull().length);
      }
      verifier.update(header.headerTag(), 0, header.headerTag().length);
    } else {
      this.verifier = null;
    }
  }

  /**
   * Prepares to read the body of the message whose header is {@code header}.
   *
   * @throws BadCiphertextException if the header fails authentication or commitment, or the
   *     expected context is not in it
   * @throws EnvelopeException for unsupported messages and failing materials
   */
  public static MessageDecryptor start(
      Limits limits, DecryptRequest request, MessageHeader header) {
    return new MessageDecryptor(limits, request, header);
  }

  private static void checkSupported(MessageHeader header, DecryptRequest request) {
    if (request.refuseSignedMessages() && header.suite().isSigned()) {
      throw new EnvelopeException(
          "message is signed (suite "
              + header.suite().hexId()
              + ") and the request refuses signed messages");
    }
  }

  private void verifyHeader(MessageHeader header, Map<String, String> authenticatedOnly) {
    try {
      frames.verifyHeader(header, EncryptionContextCodec.serialize(authenticatedOnly));
    } catch (BadCiphertextException e) {
      if (authenticatedOnly.isEmpty()) {
        throw e;
      }
      throw new BadCiphertextException(
          "message header authentication failed; the reproduced encryption context keys "
              + authenticatedOnly.keySet()
              + " are not stored in the message, so they must be exactly the required entries"
              + " it was encrypted with",
          e);
    }
  }

  /**
   * Checks the reproduced context against the header: an entry the header stores must have the same
   * value; the others are returned, to be authenticated as the message's required part.
   */
  private static Map<String, String> checkReproducedContext(
      Map<String, String> actual, Map<String, String> expected) {
    Map<String, String> authenticatedOnly = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : expected.entrySet()) {
      String value = actual.get(e.getKey());
      if (value == null) {
        authenticatedOnly.put(e.getKey(), e.getValue());
        continue;
      }
      if (!value.equals(e.getValue())) {
        throw new BadCiphertextException(
            "message encryption context has another value for the expected key " + e.getKey());
      }
    }
    return authenticatedOnly;
  }

  private static MaterialsManager materialsManager(Limits limits, DecryptRequest request) {
    return request
        .keyring()
        .<MaterialsManager>map(k -> DefaultMaterialsManager.of(k, limits.random()))
        .orElse(request.materialsManager());
  }

  /** The parsed header. */
  public MessageHeader header() {
    return header;
  }

  /** The public header facts. */
  public MessageInfo info() {
    return header.info();
  }

  /** The frame cipher, keyed for this message. */
  public FrameCipher frames() {
    return frames;
  }

  /** The signature verifier already fed with the header, or null for unsigned suites. */
  public TrailingSignature verifierOrNull() {
    return verifier;
  }
}
