package io.envelope4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Smoke test: the example program round-trips a small file. */
class StreamFileExampleTest {
  @TempDir Path dir;

  @Test
  void main_smallFileWithKeyFile_roundTrips() throws IOException {
    byte[] content = new byte[100_003];
    new Random(42).nextBytes(content);
    Path input = Files.write(dir.resolve("input.bin"), content);
    byte[] key = new byte[32];
    new Random(7).nextBytes(key);
    Path keyFile = Files.write(dir.resolve("key.bin"), key);
    Path encrypted = dir.resolve("input.bin.e4j");
    Path decrypted = dir.resolve("output.bin");

    StreamFileExample.main(
        new String[] {
          input.toString(), encrypted.toString(), decrypted.toString(), keyFile.toString()
        });

    byte[] message = Files.readAllBytes(encrypted);
    assertEquals(0x02, message[0]);
    assertEquals(0x05, message[1]);
    assertEquals(0x78, message[2]);
    assertArrayEquals(content, Files.readAllBytes(decrypted));
  }

  @Test
  void decrypt_tamperedFile_failsAndLeavesNoPlaintext() throws IOException {
    Path input = Files.write(dir.resolve("in.txt"), "hello, envelope".getBytes());
    Path encrypted = dir.resolve("in.e4j");
    Path decrypted = dir.resolve("out.txt");
    byte[] key = new byte[32];
    var keyring =
        io.envelope4j.keyring.RawAesKeyring.builder()
            .keyNamespace("envelope4j-examples")
            .keyName("file-key")
            .wrappingKey(key)
            .build();
    var context = java.util.Map.of("purpose", "stream-file-example");
    StreamFileExample.encrypt(keyring, context, input, encrypted);
    byte[] message = Files.readAllBytes(encrypted);
    message[message.length - 10] ^= 1;
    Files.write(encrypted, message);

    assertThrows(
        IOException.class, () -> StreamFileExample.decrypt(keyring, context, encrypted, decrypted));
    assertFalse(Files.exists(decrypted));
  }
}
