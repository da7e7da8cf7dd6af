package io.envelope4j.cache;

import io.envelope4j.AlgorithmSuite;
import io.envelope4j.DecryptRequest;
import io.envelope4j.EncryptRequest;
import io.envelope4j.Envelope;
import io.envelope4j.keyring.Keyring;
import io.envelope4j.materials.MaterialsManager;
import java.util.Map;

/** Shared helpers: real envelope4j messages through a manager, decrypted with a plain keyring. */
final class CacheFixture {
  static final AlgorithmSuite SUITE = AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY;
  static final Map<String, String> CONTEXT = Map.of("tenant", "blue");
  static final Envelope ENVELOPE = Envelope.defaults();

  private CacheFixture() {}

  static byte[] encrypt(MaterialsManager manager, byte[] plaintext) {
    return encrypt(manager, plaintext, CONTEXT);
  }

  static byte[] encrypt(MaterialsManager manager, byte[] plaintext, Map<String, String> context) {
    return ENVELOPE
        .encrypt(
            EncryptRequest.builder()
                .materialsManager(manager)
                .encryptionContext(context)
                .suite(SUITE)
                .plaintext(plaintext)
                .build())
        .ciphertext();
  }

  static byte[] decrypt(Keyring keyring, byte[] message) {
    return ENVELOPE
        .decrypt(DecryptRequest.builder().keyring(keyring).ciphertext(message).build())
        .plaintext();
  }

  static byte[] decrypt(MaterialsManager manager, byte[] message) {
    return ENVELOPE
        .decrypt(DecryptRequest.builder().materialsManager(manager).ciphertext(message).build())
        .plaintext();
  }
}
