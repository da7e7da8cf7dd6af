package io.envelope4j;

import static io.envelope4j.Fixtures.SIGNED;
import static io.envelope4j.Fixtures.UNSIGNED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.envelope4j.keyring.RawAesKeyring;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The grid: for each suite, frame length and plaintext size, the one-shot call and both encrypting
 * streams write the same bytes (given the same randomness), and the one-shot call and the
 * decrypting stream, read in chunks of several sizes, return the plaintext.
 */
class RoundTripTest {
  private static final Map<String, String> CONTEXT =
      Map.of("purpose", "grid", "\uFF61half-width", "x", "\uD83D\uDE00emoji", "y");

  static Stream<Arguments> grid() {
    List<Arguments> cases = new ArrayList<>();
    for (AlgorithmSuite suite : new AlgorithmSuite[] {UNSIGNED, SIGNED}) {
      for (int frame : new int[] {1, 64, 4096}) {
        for (int size : new int[] {0, 1, frame - 1, frame, frame + 1, 3 * frame + 7}) {
          if (size >= 0) {
            cases.add(Arguments.of(suite, frame, size));
          }
        }
      }
    }
    return cases.stream().distinct();
  }

  static Stream<Arguments> slowGrid() {
    List<Arguments> cases = new ArrayList<>();
    for (AlgorithmSuite suite : new AlgorithmSuite[] {UNSIGNED, SIGNED}) {
      for (int frame : new int[] {1, 64, 4096, 1 << 20}) {
        cases.add(Arguments.of(suite, frame, 1 << 20));
      }
      int frame = 1 << 20;
      for (int size : new int[] {frame - 1, frame + 1, 3 * frame + 7}) {
        cases.add(Arguments.of(suite, frame, size));
      }
    }
    return cases.stream();
  }

  @org.junit.jupiter.api.Tag("slow")
  @ParameterizedTest(name = "{0} frame {1} size {2}")
  @MethodSource("slowGrid")
  void encryptDecrypt_largeGrid_agreeByteForByte(AlgorithmSuite suite, int frame, int size)
      throws IOException {
    encryptDecrypt_allApis_agreeByteForByte(suite, frame, size);
  }

  private static EncryptRequest.Builder request(AlgorithmSuite suite, int frame, int seed) {
    RawAesKeyring keyring = Fixtures.keyring("grid", seed);
    return EncryptRequest.builder()
        .keyring(keyring)
        .suite(suite)
        .frameLengthBytes(frame)
        .encryptionContext(CONTEXT);
  }

  @ParameterizedTest(name = "{0} frame {1} size {2}")
  @MethodSource("grid")
  void encryptDecrypt_allApis_agreeByteForByte(AlgorithmSuite suite, int frame, int size)
      throws IOException {
    byte[] plaintext = Fixtures.plaintext(size);

    byte[] oneShot =
        Fixtures.envelope(9)
            .encrypt(request(suite, frame, 3).plaintext(plaintext).build())
            .ciphertext();

    for (int chunk : new int[] {1, 7, 4096, 1 << 20}) {
      ByteArrayOutputStream sink = new ByteArrayOutputStream();
      try (OutputStream out =
          Fixtures.envelope(9).encryptingStream(sink, request(suite, frame, 3).build())) {
        for (int i = 0; i < size; i += chunk) {
          int n = Math.min(chunk, size - i);
          if (n == 1) {
            out.write(plaintext[i]);
          } else {
            out.write(plaintext, i, n);
          }
        }
      }
      assertArrayEquals(oneShot, sink.toByteArray(), "output stream, chunk " + chunk);

      byte[] fromInputStream =
          Fixtures.readAll(
              Fixtures.envelope(9)
                  .encryptingInputStream(
                      new ByteArrayInputStream(plaintext), request(suite, frame, 3).build()),
              chunk);
      assertArrayEquals(oneShot, fromInputStream, "input stream, chunk " + chunk);
    }

    DecryptRequest decrypt =
        DecryptRequest.builder()
            .keyring(Fixtures.keyring("grid", 4))
            .encryptionContext(CONTEXT)
            .ciphertext(oneShot)
            .build();
    DecryptResult result = Envelope.defaults().decrypt(decrypt);
    assertArrayEquals(plaintext, result.plaintext());
    assertEquals(suite, result.suite());
    assertEquals(oneShot.length, result.messageLengthBytes());
    for (int chunk : new int[] {1, 7, 4096, 1 << 20}) {
      DecryptingInputStream in =
          Envelope.defaults().decryptingStream(new ByteArrayInputStream(oneShot), decrypt);
      assertArrayEquals(plaintext, Fixtures.readAll(in, chunk), "decrypting stream, " + chunk);
      assertEquals(result.info(), in.info());
      in.close();
    }
  }

  @org.junit.jupiter.api.Test
  void signedOneShot_largeMessage_writesFixedLengthSignatureAndRoundTrips() throws IOException {
    byte[] plaintext = Fixtures.plaintext(3 << 20);
    byte[] ciphertext =
        Envelope.defaults()
            .encrypt(request(SIGNED, 4096, 5).plaintext(plaintext).build())
            .ciphertext();
    int footer = ciphertext.length - 2 - 103;
    assertEquals(0, ciphertext[footer]);
    assertEquals(103, ciphertext[footer + 1]);
    DecryptRequest decrypt =
        DecryptRequest.builder()
            .keyring(Fixtures.keyring("grid", 6))
            .ciphertext(ciphertext)
            .build();
    assertArrayEquals(plaintext, Envelope.defaults().decrypt(decrypt).plaintext());
    assertArrayEquals(
        plaintext,
        Envelope.defaults()
            .decryptingStream(new ByteArrayInputStream(ciphertext), decrypt)
            .readAllBytes());
  }
}
