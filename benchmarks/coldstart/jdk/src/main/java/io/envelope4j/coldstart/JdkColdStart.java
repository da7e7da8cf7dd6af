package io.envelope4j.coldstart;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Cold-start program for the bare JDK: seals one 1 KiB message with {@code AES/GCM/NoPadding} under
 * a raw AES-256 key and a random 12-byte IV, opens it, and exits 0 only if the plaintext came back.
 * The floor under every library's cold start: no key wrapping, no format.
 */
public final class JdkColdStart {
  private JdkColdStart() {}

  /** Runs the program; arguments are ignored. */
  public static void main(String[] args) throws GeneralSecurityException {
    byte[] keyBytes = new byte[32];
    Arrays.fill(keyBytes, (byte) 7);
    SecretKeySpec key = new SecretKeySpec(keyBytes, "AES");
    byte[] plaintext = new byte[1024];
    Arrays.fill(plaintext, (byte) 'a');
    byte[] aad = "purpose=cold-start".getBytes(StandardCharsets.UTF_8);
    byte[] iv = new byte[12];
    new SecureRandom().nextBytes(iv);

    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
    cipher.updateAAD(aad);
    byte[] sealed = cipher.doFinal(plaintext);
    cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
    cipher.updateAAD(aad);
    byte[] opened = cipher.doFinal(sealed);

    if (!Arrays.equals(plaintext, opened)) {
      System.err.println("JDK: the ciphertext did not decrypt to its plaintext");
      System.exit(1);
    }
    System.out.println("JDK AES-GCM: " + sealed.length + "-byte ciphertext");
  }
}
