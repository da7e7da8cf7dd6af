package io.envelope4j.materials;

import io.envelope4j.EnvelopeException;
import io.envelope4j.keyring.Keyring;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A materials manager that makes chosen encryption context keys mandatory: the ESDK specification's
 * required encryption context CMM, byte-compatible with the ESDK for Java's {@code
 * RequiredEncryptionContextCMM}.
 *
 * <p>On encrypt, the caller's context must hold every required key; the entries under those keys
 * are bound to the data key by the keyrings and authenticated by the header tag, but they are
 * <em>not stored</em> in the message. On decrypt, the caller must reproduce them: the {@link
 * io.envelope4j.DecryptRequest.Builder#encryptionContext(Map) reproduced context} must hold every
 * required key, and a message only decrypts when the reproduced values are the ones it was
 * encrypted with. Typical use:
 *
 * <pre>{@code
 * MaterialsManager manager =
 *     RequiredEncryptionContextMaterialsManager.of(Set.of("tenant"), keyring);
 * byte[] message = envelope.encrypt(EncryptRequest.builder()
 *     .materialsManager(manager).encryptionContext(Map.of("tenant", "t1", "purpose", "x"))
 *     .plaintext(plaintext).build()).ciphertext();   // the header stores only "purpose"
 * byte[] plaintext = envelope.decrypt(DecryptRequest.builder()
 *     .materialsManager(manager).encryptionContext(Map.of("tenant", "t1"))
 *     .ciphertext(message).build()).plaintext();
 * }</pre>
 *
 * <p>Design note: the manager only checks and marks; the underlying manager does the key work. On
 * encrypt it adds its keys to the materials' {@link
 * EncryptionMaterials#requiredEncryptionContextKeys()}, which makes the message writer leave those
 * entries out of the header and append them to the header tag's AAD. On decrypt the request goes to
 * the underlying manager unchanged (the reader authenticates every reproduced entry the header does
 * not store, whichever manager runs), and the returned materials must still carry every required
 * key with the reproduced value, so an underlying manager cannot silently drop one. Immutable and
 * thread-safe when the underlying manager is.
 */
public final class RequiredEncryptionContextMaterialsManager implements MaterialsManager {
  private final Set<String> requiredKeys;
  private final MaterialsManager underlying;

  private RequiredEncryptionContextMaterialsManager(
      Set<String> requiredKeys, MaterialsManager underlying) {
    if (requiredKeys.isEmpty()) {
      throw new IllegalArgumentException(
          "required encryption context keys are empty; give at least one key");
    }
    TreeSet<String> keys = new TreeSet<>();
    for (String key : requiredKeys) {
      keys.add(Objects.requireNonNull(key, "required key"));
    }
    this.requiredKeys = Collections.unmodifiableSet(keys);
    this.underlying = Objects.requireNonNull(underlying, "underlying");
  }

  /**
   * A manager requiring {@code requiredKeys} in front of {@code underlying}.
   *
   * @throws IllegalArgumentException if {@code requiredKeys} is empty
   */
  public static RequiredEncryptionContextMaterialsManager of(
      Set<String> requiredKeys, MaterialsManager underlying) {
    return new RequiredEncryptionContextMaterialsManager(requiredKeys, underlying);
  }

  /**
   * A manager requiring {@code requiredKeys} in front of a {@link DefaultMaterialsManager} over
   * {@code keyring}.
   *
   * @throws IllegalArgumentException if {@code requiredKeys} is empty
   */
  public static RequiredEncryptionContextMaterialsManager of(
      Set<String> requiredKeys, Keyring keyring) {
    return of(requiredKeys, DefaultMaterialsManager.of(keyring));
  }

  /** The required keys, sorted; unmodifiable. */
  public Set<String> requiredKeys() {
    return requiredKeys;
  }

  /** The manager that supplies the materials. */
  public MaterialsManager underlying() {
    return underlying;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the request's context lacks a required key
   * @throws EnvelopeException if the underlying manager drops a required key or changes its value
   */
  @Override
  public EncryptionMaterials encryptionMaterials(EncryptionMaterialsRequest request) {
    checkPresent(request.encryptionContext(), "encryption context");
    EncryptionMaterials materials = underlying.encryptionMaterials(request);
    checkKept(request.encryptionContext(), materials.encryptionContext());

    TreeSet<String> keys = new TreeSet<>(materials.requiredEncryptionContextKeys());
    keys.addAll(requiredKeys);
    return materials.toBuilder().requiredEncryptionContextKeys(keys).build();
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the reproduced context lacks a required key
   * @throws EnvelopeException if the underlying manager drops a required key or changes its value
   */
  @Override
  public DecryptionMaterials decryptionMaterials(DecryptionMaterialsRequest request) {
    checkPresent(request.reproducedEncryptionContext(), "reproduced encryption context");
    DecryptionMaterials materials = underlying.decryptionMaterials(request);
    checkKept(request.reproducedEncryptionContext(), materials.encryptionContext());
    return materials;
  }

  private void checkPresent(Map<String, String> context, String what) {
    for (String key : requiredKeys) {
      if (!context.containsKey(key)) {
        throw new IllegalArgumentException(
            what + " lacks the required key " + key + "; add it to the request's context");
      }
    }
  }

  private void checkKept(Map<String, String> given, Map<String, String> materials) {
    for (String key : requiredKeys) {
      if (!given.get(key).equals(materials.get(key))) {
        throw new EnvelopeException(
            "materials manager " + underlying + " dropped or changed required key " + key);
      }
    }
  }

  @Override
  public String toString() {
    return "RequiredEncryptionContextMaterialsManager[requiredKeys="
        + requiredKeys
        + ", underlying="
        + underlying
        + "]";
  }
}
