package io.envelope4j.materials;

import io.envelope4j.AlgorithmSuite;
import io.envelope4j.BadCiphertextException;
import io.envelope4j.CommitmentPolicyException;
import io.envelope4j.NoDecryptionKeyException;
import io.envelope4j.internal.crypto.EcKeys;
import io.envelope4j.keyring.EncryptedDataKey;
import io.envelope4j.keyring.Keyring;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The standard materials manager: picks the suite (the request's, or the policy's default), creates
 * the signing key pair for signed suites and stores its public half under {@code
 * aws-crypto-public-key}, then asks its keyring for the data key.
 *
 * <p>On decrypt it reads the verification key back from the context (a signed suite without one, or
 * an unsigned suite with one, is a bad message) and asks the keyring to unwrap a data key.
 * Immutable and thread-safe when its keyring is.
 */
public final class DefaultMaterialsManager implements MaterialsManager {
  /** The reserved encryption context key holding the signature verification key. */
  public static final String PUBLIC_KEY_CONTEXT_KEY = "aws-crypto-public-key";

  /** Provider ids of the ESDK keyrings envelope4j does not implement, with their names. */
  private static final Map<String, String> UNIMPLEMENTED_PROVIDERS =
      Map.of(
          "aws-kms-hierarchy", "AWS KMS hierarchical keyring",
          "raw-ecdh", "raw ECDH keyring",
          "aws-kms-ecdh", "AWS KMS ECDH keyring",
          "aws-kms-rsa", "AWS KMS RSA keyring");

  private final Keyring keyring;
  private final SecureRandom random;

  private DefaultMaterialsManager(Keyring keyring, SecureRandom random) {
    this.keyring = Objects.requireNonNull(keyring, "keyring");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** A manager over {@code keyring}, drawing signing keys from a strong {@link SecureRandom}. */
  public static DefaultMaterialsManager of(Keyring keyring) {
    return new DefaultMaterialsManager(keyring, new SecureRandom());
  }

  /** A manager over {@code keyring} drawing signing keys from {@code random} (for tests). */
  public static DefaultMaterialsManager of(Keyring keyring, SecureRandom random) {
    return new DefaultMaterialsManager(keyring, random);
  }

  /** The keyring this manager calls. */
  public Keyring keyring() {
    return keyring;
  }

  @Override
  public EncryptionMaterials encryptionMaterials(EncryptionMaterialsRequest request) {
    AlgorithmSuite suite =
        request.requestedSuite().orElse(request.commitmentPolicy().defaultSuite());
    if (!request.commitmentPolicy().permitsEncrypt(suite)) {
      throw new CommitmentPolicyException(
          "suite "
              + suite.hexId()
              + " cannot be written under commitment policy "
              + request.commitmentPolicy()
              + "; pick a suite the policy allows");
    }
    if (request.encryptionContext().containsKey(PUBLIC_KEY_CONTEXT_KEY)) {
      throw new IllegalArgumentException(
          "encryption context key " + PUBLIC_KEY_CONTEXT_KEY + " is reserved");
    }

    Map<String, String> context = new LinkedHashMap<>(request.encryptionContext());
    EncryptionMaterials.Builder materials = EncryptionMaterials.builder(suite);
    if (suite.isSigned()) {
      KeyPair pair = EcKeys.generate(suite.signature(), random);
      context.put(
          PUBLIC_KEY_CONTEXT_KEY,
          EcKeys.encodeCompressed((ECPublicKey) pair.getPublic(), suite.signature()));
      materials.signingKey(pair.getPrivate());
    }

    EncryptionMaterials result = keyring.onEncrypt(materials.encryptionContext(context).build());
    if (result.dataKey().isEmpty() || result.encryptedDataKeys().isEmpty()) {
      throw new IllegalStateException(
          "keyring " + keyring + " returned materials without a data key or encrypted data key");
    }
    return result;
  }

  @Override
  public DecryptionMaterials decryptionMaterials(DecryptionMaterialsRequest request) {
    AlgorithmSuite suite = request.suite();
    if (!request.commitmentPolicy().permitsDecrypt(suite)) {
      throw new CommitmentPolicyException(
          "suite " + suite.hexId() + " cannot be read under " + request.commitmentPolicy());
    }
    String encodedKey = request.encryptionContext().get(PUBLIC_KEY_CONTEXT_KEY);
    PublicKey verificationKey = null;
    if (suite.isSigned()) {
      if (encodedKey == null) {
        throw new BadCiphertextException(
            "message in signed suite " + suite.hexId() + " has no " + PUBLIC_KEY_CONTEXT_KEY);
      }
      verificationKey = EcKeys.decodeCompressed(encodedKey, suite.signature());
    } else if (encodedKey != null) {
      throw new BadCiphertextException(
          "message in unsigned suite " + suite.hexId() + " carries " + PUBLIC_KEY_CONTEXT_KEY);
    }

    // Reproduced entries the header does not store were authenticated-only at encryption; the
    // keyrings bound the data key to them, so they join the context the keyrings see.
    Map<String, String> context = new LinkedHashMap<>(request.encryptionContext());
    request.reproducedEncryptionContext().forEach(context::putIfAbsent);
    DecryptionMaterials materials = DecryptionMaterials.of(suite, context, verificationKey);
    DecryptionMaterials result;
    try {
      result = keyring.onDecrypt(materials, request.encryptedDataKeys());
    } catch (NoDecryptionKeyException e) {
      throw new NoDecryptionKeyException(
          e.getMessage() + describeProviders(request.encryptedDataKeys()),
          e.failures().isEmpty() ? List.of(e) : e.failures());
    }
    if (result.dataKey().isEmpty()) {
      throw new NoDecryptionKeyException(
          "keyring "
              + keyring
              + " decrypted none of the "
              + request.encryptedDataKeys().size()
              + " encrypted data keys"
              + describeProviders(request.encryptedDataKeys()));
    }
    return result;
  }

  /**
   * The message's provider ids, naming those whose keyrings envelope4j does not implement, so a
   * caller holding such a message learns why no keyring of ours can read it.
   */
  private static String describeProviders(List<EncryptedDataKey> keys) {
    Set<String> ids = new TreeSet<>();
    Set<String> unsupported = new TreeSet<>();
    for (EncryptedDataKey key : keys) {
      String id = key.providerId();
      // Untrusted text: keep the message short.
      ids.add(id.length() <= 64 ? id : id.substring(0, 64) + "...");
      String name = UNIMPLEMENTED_PROVIDERS.get(key.providerId());
      if (name != null) {
        unsupported.add(key.providerId() + " (" + name + ")");
      }
    }
    String text = " (provider ids " + ids + ")";
    if (!unsupported.isEmpty()) {
      text +=
          "; envelope4j has no keyring for provider "
              + String.join(", ", unsupported)
              + ": decrypt this message with an AWS Encryption SDK that has one";
    }
    return text;
  }

  @Override
  public String toString() {
    return "DefaultMaterialsManager[" + keyring + "]";
  }
}
