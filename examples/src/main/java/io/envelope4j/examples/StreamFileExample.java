package io.envelope4j.examples;

import io.envelope4j.DecryptRequest;
import io.envelope4j.DecryptingInputStream;
import io.envelope4j.EncryptRequest;
import io.envelope4j.Envelope;
import io.envelope4j.keyring.RawAesKeyring;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;

/**
 * Streams a file through encryption and back through decryption with a raw AES key, in memory
 * bounded by a few frames whatever the file's size.
 *
 * <p>Run it with {@code java -cp <core jar>:<examples jar> io.envelope4j.examples.StreamFileExample
 * <input> <encrypted> <decrypted> [key-file]}. The key file holds 32 raw bytes; without one the
 * program makes a throwaway key, which is only good for trying the program out. In production the
 * wrapping key comes from a secret store and never sits next to the data.
 */
public final class StreamFileExample {
  private StreamFileExample() {}

  /** Encrypts {@code args[0]} to {@code args[1]}, then decrypts that to {@code args[2]}. */
  public static void main(String[] args) throws IOException {
    if (args.length < 3 || args.length > 4) {
      System.err.println("usage: StreamFileExample <input> <encrypted> <decrypted> [key-file]");
      System.exit(2);
    }
    Path input = Path.of(args[0]);
    Path encrypted = Path.of(args[1]);
    Path decrypted = Path.of(args[2]);
    byte[] key = args.length == 4 ? Files.readAllBytes(Path.of(args[3])) : throwawayKey();

    RawAesKeyring keyring =
        RawAesKeyring.builder()
            .keyNamespace("envelope4j-examples")
            .keyName("file-key")
            .wrappingKey(key)
            .build();
    Arrays.fill(key, (byte) 0);
    Map<String, String> context = Map.of("purpose", "stream-file-example");

    encrypt(keyring, context, input, encrypted);
    Map<String, String> stored = decrypt(keyring, context, encrypted, decrypted);
    System.out.printf(
        "%s: %d bytes -> %s: %d bytes -> %s: %d bytes, context %s%n",
        input,
        Files.size(input),
        encrypted,
        Files.size(encrypted),
        decrypted,
        Files.size(decrypted),
        stored.keySet());
  }

  /** Streams {@code input} into an encrypted message at {@code output}. */
  static void encrypt(RawAesKeyring keyring, Map<String, String> context, Path input, Path output)
      throws IOException {
    EncryptRequest request =
        EncryptRequest.builder().keyring(keyring).encryptionContext(context).build();
    try (InputStream in = Files.newInputStream(input);
        OutputStream out =
            Envelope.defaults().encryptingStream(Files.newOutputStream(output), request)) {
      in.transferTo(out);
    }
  }

  /**
   * Streams the message at {@code input} into plaintext at {@code output}, requiring the expected
   * context; returns the context stored in the message.
   */
  static Map<String, String> decrypt(
      RawAesKeyring keyring, Map<String, String> expected, Path input, Path output)
      throws IOException {
    DecryptRequest request =
        DecryptRequest.builder().keyring(keyring).encryptionContext(expected).build();
    try (DecryptingInputStream in =
            Envelope.defaults().decryptingStream(Files.newInputStream(input), request);
        OutputStream out = Files.newOutputStream(output)) {
      in.transferTo(out);
      return in.info().encryptionContext();
    } catch (IOException e) {
      // A failed message leaves no partial plaintext behind.
      Files.deleteIfExists(output);
      throw e;
    }
  }

  private static byte[] throwawayKey() {
    System.err.println("no key file given: using a throwaway key for this run only");
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }
}
