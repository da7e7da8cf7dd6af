package io.envelope4j.fuzz;

import io.envelope4j.AlgorithmSuite;
import io.envelope4j.CommitmentPolicy;
import io.envelope4j.EncryptRequest;
import io.envelope4j.Envelope;
import io.envelope4j.internal.format.EncryptionContextCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the committed seed corpus: small real messages of both committing suites under the fuzzing
 * keyring, a few deliberately broken ones, and serialized encryption contexts. Rerun with {@code
 * java -cp <test classpath> io.envelope4j.fuzz.FuzzSeeds core/src/test/resources} to regenerate
 * (message ids are random, so the bytes differ per run; any run is a valid corpus).
 */
public final class FuzzSeeds {
  private FuzzSeeds() {}

  /** Writes the seeds under {@code args[0]}, the test resources folder. */
  public static void main(String[] args) throws IOException {
    Path root = Path.of(args[0], "io", "envelope4j", "fuzz");
    Path decrypt = Files.createDirectories(root.resolve("DecryptFuzzTestInputs/decrypt"));
    Path context = Files.createDirectories(root.resolve("EncryptionContextFuzzTestInputs/context"));

    Map<String, String> ec = new LinkedHashMap<>();
    ec.put("purpose", "fuzz");
    ec.put("tenant", "t1");
    for (AlgorithmSuite suite :
        new AlgorithmSuite[] {
          AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY,
          AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384
        }) {
      String s = suite.hexId().substring(2);
      for (int size : new int[] {0, 1, 33}) {
        byte[] message = encrypt(suite, size, 16, size == 1 ? Map.of() : ec);
        Files.write(decrypt.resolve("seed-" + s + "-" + size), message);
      }
      byte[] m = encrypt(suite, 40, 16, ec);
      Files.write(decrypt.resolve("broken-" + s + "-truncated"), Arrays.copyOf(m, m.length - 5));
      byte[] flipped = m.clone();
      flipped[flipped.length / 2] ^= 1;
      Files.write(decrypt.resolve("broken-" + s + "-bodyflip"), flipped);
      byte[] extended = Arrays.copyOf(m, m.length + 3);
      Files.write(decrypt.resolve("broken-" + s + "-extended"), extended);
      byte[] badCount = m.clone();
      int edkCountOffset = 1 + 2 + 32 + 2 + EncryptionContextCodec.serialize(ec).length;
      badCount[edkCountOffset] = (byte) 0xFF;
      badCount[edkCountOffset + 1] = (byte) 0xFF;
      Files.write(decrypt.resolve("broken-" + s + "-edkcount"), badCount);
    }

    // Legacy format version 1 messages, written under the one policy that allows it.
    for (AlgorithmSuite suite :
        new AlgorithmSuite[] {
          AlgorithmSuite.AES_128_GCM_IV12_TAG16_NO_KDF,
          AlgorithmSuite.AES_256_GCM_IV12_TAG16_HKDF_SHA256,
          AlgorithmSuite.AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384
        }) {
      byte[] plaintext = new byte[20];
      Arrays.fill(plaintext, (byte) 'q');
      byte[] message =
          Envelope.builder()
              .commitmentPolicy(CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT)
              .build()
              .encrypt(
                  EncryptRequest.builder()
                      .keyring(DecryptFuzzTarget.keyring())
                      .suite(suite)
                      .frameLengthBytes(16)
                      .encryptionContext(ec)
                      .plaintext(plaintext)
                      .build())
              .ciphertext();
      Files.write(decrypt.resolve("seed-v1-" + suite.hexId().substring(2) + "-20"), message);
    }

    Files.write(context.resolve("empty"), new byte[0]);
    Files.write(context.resolve("one"), EncryptionContextCodec.serialize(Map.of("k", "v")));
    Files.write(context.resolve("two"), EncryptionContextCodec.serialize(ec));
    Files.write(
        context.resolve("unicode"),
        EncryptionContextCodec.serialize(Map.of("\uD83D\uDE00", "x", "\uFFFF", "y", "é", "z")));
    Files.write(context.resolve("unsorted"), unsorted());
    Files.write(context.resolve("broken-count0"), new byte[] {0, 0});
    Files.write(context.resolve("broken-badutf8"), new byte[] {0, 1, 0, 1, (byte) 0xC3, 0, 1, 'v'});
  }

  private static byte[] encrypt(AlgorithmSuite suite, int size, int frame, Map<String, String> ec) {
    byte[] plaintext = new byte[size];
    Arrays.fill(plaintext, (byte) 'p');
    return DecryptFuzzTarget.envelope()
        .encrypt(
            EncryptRequest.builder()
                .keyring(DecryptFuzzTarget.keyring())
                .suite(suite)
                .frameLengthBytes(frame)
                .encryptionContext(ec)
                .plaintext(plaintext)
                .build())
        .ciphertext();
  }

  private static byte[] unsorted() {
    byte[] b = "zz".getBytes(StandardCharsets.UTF_8);
    byte[] a = "aa".getBytes(StandardCharsets.UTF_8);
    return new byte[] {0, 2, 0, 2, b[0], b[1], 0, 1, '1', 0, 2, a[0], a[1], 0, 1, '2'};
  }
}
