package io.envelope4j.keyring;

import io.envelope4j.materials.DecryptionMaterials;
import io.envelope4j.materials.EncryptionMaterials;
import java.util.List;

/**
 * Wraps and unwraps data keys with one or more master keys: the keyring SPI of the ESDK's keyring
 * interface. Core ships {@link RawAesKeyring}, {@link RawRsaKeyring} and {@link MultiKeyring};
 * other modules (KMS) implement this interface without touching core internals.
 *
 * <p>Materials are immutable: a keyring returns new materials built with {@link
 * EncryptionMaterials#withDataKey} and {@link EncryptionMaterials#withEncryptedDataKey} (or {@link
 * DecryptionMaterials#withDataKey}) and never changes the ones it was given. A keyring reaches a
 * data key's bytes only through {@link io.envelope4j.materials.DataKey#revealCopy()} and wipes the
 * copy when done.
 *
 * <p>Implementations must be safe for concurrent use: one keyring serves many messages at once.
 */
public interface Keyring {
  /**
   * Adds this keyring's encrypted data key to the materials, generating the data key first if the
   * materials have none (a generator keyring).
   *
   * @param materials the materials so far; never null
   * @return new materials with a data key and at least one more encrypted data key
   * @throws io.envelope4j.KeyProviderException if the key provider fails
   * @throws IllegalStateException if the materials have no data key and this keyring cannot
   *     generate one
   */
  EncryptionMaterials onEncrypt(EncryptionMaterials materials);

  /**
   * Decrypts one of the encrypted data keys this keyring can unwrap and returns materials with the
   * data key set. If the materials already hold a data key the keyring returns them unchanged.
   *
   * @param materials the materials so far; never null
   * @param encryptedDataKeys every encrypted data key of the message, in header order
   * @return new materials with the data key set
   * @throws io.envelope4j.NoDecryptionKeyException if none of the keys is this keyring's or none
   *     unwrapped; the message says why
   * @throws io.envelope4j.KeyProviderException if the key provider fails
   */
  DecryptionMaterials onDecrypt(
      DecryptionMaterials materials, List<EncryptedDataKey> encryptedDataKeys);
}
