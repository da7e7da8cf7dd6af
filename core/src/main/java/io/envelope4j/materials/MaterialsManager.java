package io.envelope4j.materials;

/**
 * Turns an encrypt or decrypt request into materials, usually by calling a keyring: the ESDK's
 * cryptographic materials manager (CMM) SPI. {@link DefaultMaterialsManager} is the standard
 * implementation; a caching manager wraps another manager.
 *
 * <p>Implementations must be safe for concurrent use. envelope4j destroys the data key of the
 * materials it receives once the message is finished, so a manager that keeps keys must return
 * materials holding a {@link DataKey#copy()}.
 */
public interface MaterialsManager {
  /**
   * Materials for one message.
   *
   * @return materials with a data key of the suite's length and at least one encrypted data key
   * @throws io.envelope4j.CommitmentPolicyException if the requested suite violates the policy
   * @throws io.envelope4j.KeyProviderException if a key provider fails
   */
  EncryptionMaterials encryptionMaterials(EncryptionMaterialsRequest request);

  /**
   * Materials to decrypt one message.
   *
   * @return materials with the data key set
   * @throws io.envelope4j.NoDecryptionKeyException if no keyring could decrypt a data key
   * @throws io.envelope4j.BadCiphertextException if the header's context is inconsistent with its
   *     suite (a missing or unexpected {@code aws-crypto-public-key})
   * @throws io.envelope4j.KeyProviderException if a key provider fails
   */
  DecryptionMaterials decryptionMaterials(DecryptionMaterialsRequest request);
}
