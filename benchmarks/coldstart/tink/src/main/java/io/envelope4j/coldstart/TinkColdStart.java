package io.envelope4j.coldstart;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.util.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * Cold-start program for Google Tink 1.18.0: imports a raw AES-256 key as an AES-GCM key (no output
 * prefix) into a keyset, gets the {@link Aead} primitive, seals one 1 KiB message with associated
 * data, opens it, and exits 0 only if the plaintext came back. Tink has no signed equivalent of
 * suite 0x0578, so this program has one variant.
 */
public final class TinkColdStart {
  private TinkColdStart() {}

  /** Runs the program; arguments are ignored. */
  public static void main(String[] args) throws GeneralSecurityException {
    byte[] keyBytes = new byte[32];
    Arrays.fill(keyBytes, (byte) 7);
    byte[] plaintext = new byte[1024];
    Arrays.fill(plaintext, (byte) 'a');
    byte[] associatedData = "purpose=cold-start".getBytes(StandardCharsets.UTF_8);

    AeadConfig.register();
    AesGcmParameters parameters =
        AesGcmParameters.builder()
            .setKeySizeBytes(32)
            .setIvSizeBytes(12)
            .setTagSizeBytes(16)
            .setVariant(AesGcmParameters.Variant.NO_PREFIX)
            .build();
    AesGcmKey key =
        AesGcmKey.builder()
            .setParameters(parameters)
            .setKeyBytes(SecretBytes.copyFrom(keyBytes, InsecureSecretKeyAccess.get()))
            .build();
    KeysetHandle keyset =
        KeysetHandle.newBuilder()
            .addEntry(KeysetHandle.importKey(key).withRandomId().makePrimary())
            .build();
    Aead aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);

    byte[] sealed = aead.encrypt(plaintext, associatedData);
    byte[] opened = aead.decrypt(sealed, associatedData);

    if (!Arrays.equals(plaintext, opened)) {
      System.err.println("Tink: the ciphertext did not decrypt to its plaintext");
      System.exit(1);
    }
    System.out.println("Tink AES-256-GCM: " + sealed.length + "-byte ciphertext");
  }
}
