package io.envelope4j.coldstart;

import io.envelope4j.AlgorithmSuite;
import io.envelope4j.DecryptRequest;
import io.envelope4j.EncryptRequest;
import io.envelope4j.Envelope;
import io.envelope4j.keyring.RawAesKeyring;
import java.util.Arrays;
import java.util.Map;

/**
 * Cold-start program for envelope4j: encrypts one 1 KiB message with a raw AES-256 keyring under
 * the suite given as the only argument (default {@code 0x0478}), decrypts it, and exits 0 only if
 * the plaintext came back. Prints the suite and the ciphertext length, nothing secret. The
 * benchmarks' cold-start driver times the whole process.
 */
public final class Envelope4jColdStart {
  private Envelope4jColdStart() {}

  /** Runs the program; see the class comment. */
  public static void main(String[] args) {
    String suiteId = args.length > 0 ? args[0] : "0x0478";
    AlgorithmSuite suite =
        AlgorithmSuite.findById(Integer.decode(suiteId))
            .orElseThrow(() -> new IllegalArgumentException("unknown suite " + suiteId));
    byte[] wrappingKey = new byte[32];
    Arrays.fill(wrappingKey, (byte) 7);
    byte[] plaintext = new byte[1024];
    Arrays.fill(plaintext, (byte) 'a');
    RawAesKeyring keyring =
        RawAesKeyring.builder()
            .keyNamespace("coldstart")
            .keyName("aes-256")
            .wrappingKey(wrappingKey)
            .build();
    Envelope envelope = Envelope.builder().build();

    byte[] message =
        envelope
            .encrypt(
                EncryptRequest.builder()
                    .keyring(keyring)
                    .suite(suite)
                    .encryptionContext(Map.of("purpose", "cold-start"))
                    .plaintext(plaintext)
                    .build())
            .ciphertext();
    byte[] opened =
        envelope
            .decrypt(DecryptRequest.builder().keyring(keyring).ciphertext(message).build())
            .plaintext();

    if (!Arrays.equals(plaintext, opened)) {
      System.err.println("envelope4j: the message did not decrypt to its plaintext");
      System.exit(1);
    }
    System.out.println("envelope4j " + suiteId + ": " + message.length + "-byte message");
  }
}
