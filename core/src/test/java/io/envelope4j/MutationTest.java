package io.envelope4j;

import static io.envelope4j.Fixtures.SIGNED;
import static io.envelope4j.Fixtures.UNSIGNED;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Seeded random damage (overwritten, inserted and deleted bytes, length fields forced to 0 or all
 * ones): every damaged message fails with the typed errors only, never with a JDK runtime exception
 * or an error from a length field.
 */
class MutationTest {
  @ParameterizedTest
  @EnumSource(
      value = AlgorithmSuite.class,
      names = {
        "AES_256_GCM_HKDF_SHA512_COMMIT_KEY",
        "AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384"
      })
  void randomDamage_onlyTypedFailures(AlgorithmSuite suite) {
    byte[] plaintext = Fixtures.plaintext(50);
    byte[] original =
        Envelope.defaults()
            .encrypt(
                EncryptRequest.builder()
                    .keyring(Fixtures.keyring())
                    .suite(suite)
                    .frameLengthBytes(16)
                    .encryptionContext(Map.of("k", "v"))
                    .plaintext(plaintext)
                    .build())
            .ciphertext();
    SplittableRandom random = new SplittableRandom(suite == UNSIGNED ? 11 : 12);
    int iterations = suite == SIGNED ? 600 : 1500;
    for (int i = 0; i < iterations; i++) {
      byte[] damaged = damage(original, random);
      if (Arrays.equals(damaged, original)) {
        continue;
      }
      DecryptRequest request =
          DecryptRequest.builder().keyring(Fixtures.keyring()).ciphertext(damaged).build();
      try {
        Envelope.defaults().decrypt(request);
        fail("damaged message accepted, iteration " + i);
      } catch (EnvelopeException expected) {
        // Typed refusal.
      } catch (RuntimeException e) {
        throw new AssertionError("untyped failure at iteration " + i, e);
      }
      try {
        Envelope.defaults()
            .decryptingStream(new ByteArrayInputStream(damaged), request)
            .readAllBytes();
        fail("damaged message streamed to its end, iteration " + i);
      } catch (IOException expected) {
        if (!(expected.getCause() instanceof EnvelopeException)) {
          throw new AssertionError("stream failure without an envelope cause", expected);
        }
      } catch (RuntimeException e) {
        throw new AssertionError("untyped stream failure at iteration " + i, e);
      }
    }
  }

  private static byte[] damage(byte[] message, SplittableRandom random) {
    byte[] out = message.clone();
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits; e++) {
      int at = random.nextInt(out.length);
      switch (random.nextInt(5)) {
        case 0 -> out[at] = (byte) random.nextInt(256);
        case 1 -> {
          byte[] ones = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
          System.arraycopy(ones, 0, out, at, Math.min(4, out.length - at));
        }
        case 2 -> Arrays.fill(out, at, Math.min(out.length, at + 1 + random.nextInt(4)), (byte) 0);
        case 3 -> {
          byte[] grown = new byte[out.length + 1 + random.nextInt(8)];
          System.arraycopy(out, 0, grown, 0, at);
          System.arraycopy(out, at, grown, grown.length - (out.length - at), out.length - at);
          out = grown;
        }
        default -> {
          int cut = Math.min(out.length - at, 1 + random.nextInt(8));
          byte[] shrunk = new byte[out.length - cut];
          System.arraycopy(out, 0, shrunk, 0, at);
          System.arraycopy(out, at + cut, shrunk, at, out.length - at - cut);
          out = shrunk.length == 0 ? new byte[] {2} : shrunk;
        }
      }
    }
    return out;
  }
}
