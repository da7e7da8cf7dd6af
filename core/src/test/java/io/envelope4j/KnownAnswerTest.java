package io.envelope4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.envelope4j.internal.crypto.KeyDerivation;
import io.envelope4j.keyring.EncryptedDataKey;
import io.envelope4j.keyring.Keyring;
import io.envelope4j.materials.DataKey;
import io.envelope4j.materials.DecryptionMaterials;
import io.envelope4j.materials.EncryptionMaterials;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Known answers published by another implementation: the ESDK for JavaScript's message format v2
 * compatibility vectors (messages written by the C, Python, Java and JavaScript ESDKs, with their
 * plaintext data keys, derived keys and commitments). Each message is decrypted with a keyring that
 * hands out the published data key, so the vectors check parsing, key derivation, commitment,
 * header authentication, frames and signatures independently of any wrapping key.
 */
class KnownAnswerTest {
  private static final Base64.Decoder B64 = Base64.getDecoder();

  record Vector(Map<String, String> fields) {
    String text(String key) {
      return new String(B64.decode(fields.get(key)), StandardCharsets.UTF_8);
    }

    byte[] bytes(String key) {
      return B64.decode(fields.get(key));
    }

    boolean passes() {
      return Boolean.parseBoolean(fields.get("status"));
    }

    Map<String, String> context() {
      Map<String, String> context = new HashMap<>();
      String encoded = fields.get("context");
      if (!encoded.isEmpty()) {
        for (String pair : encoded.split(",")) {
          String[] kv = pair.split(":");
          context.put(
              new String(B64.decode(kv[0]), StandardCharsets.UTF_8),
              new String(B64.decode(kv[1]), StandardCharsets.UTF_8));
        }
      }
      return context;
    }

    @Override
    public String toString() {
      return text("comment");
    }
  }

  static List<Vector> vectors() throws IOException {
    List<Vector> vectors = new ArrayList<>();
    try (InputStream in =
            KnownAnswerTest.class.getResourceAsStream("/vectors/esdk-js-message-format-v2.txt");
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      Map<String, String> fields = new LinkedHashMap<>();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.startsWith("#") || line.isEmpty()) {
          continue;
        }
        if (line.equals("end")) {
          vectors.add(new Vector(fields));
          fields = new LinkedHashMap<>();
          continue;
        }
        int eq = line.indexOf('=');
        fields.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return vectors;
  }

  static Stream<Vector> all() throws IOException {
    return vectors().stream();
  }

  static Stream<Vector> passingWithDerivedKeys() throws IOException {
    return vectors().stream()
        .filter(v -> v.passes() && v.fields().containsKey("content-encryption-key"));
  }

  /** Hands out the vector's published data key; never encrypts. */
  private static Keyring staticKeyring(byte[] dataKey) {
    return new Keyring() {
      @Override
      public EncryptionMaterials onEncrypt(EncryptionMaterials materials) {
        throw new UnsupportedOperationException("decrypt-only test keyring");
      }

      @Override
      public DecryptionMaterials onDecrypt(
          DecryptionMaterials materials, List<EncryptedDataKey> keys) {
        return materials.withDataKey(DataKey.copyOf(dataKey));
      }
    };
  }

  @Test
  void vectors_resource_holdsPassingAndFailingCases() throws IOException {
    List<Vector> vectors = vectors();
    assertEquals(46, vectors.size());
    assertEquals(41, vectors.stream().filter(Vector::passes).count());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("all")
  void publishedMessage_decryptedWithPublishedKey_matchesStatusAndPlaintext(Vector v)
      throws IOException {
    byte[] ciphertext = v.bytes("ciphertext");
    DecryptRequest request =
        DecryptRequest.builder()
            .keyring(staticKeyring(v.bytes("dek")))
            .ciphertext(ciphertext)
            .build();
    if (v.passes()) {
      DecryptResult result = Envelope.defaults().decrypt(request);
      assertArrayEquals(v.bytes("plaintext"), result.plaintext());
      assertEquals(v.context(), result.encryptionContext());
      byte[] streamed =
          Envelope.defaults()
              .decryptingStream(new ByteArrayInputStream(ciphertext), request)
              .readAllBytes();
      assertArrayEquals(v.bytes("plaintext"), streamed);
    } else {
      assertThrows(BadCiphertextException.class, () -> Envelope.defaults().decrypt(request));
      IOException e =
          assertThrows(
              IOException.class,
              () ->
                  Envelope.defaults()
                      .decryptingStream(new ByteArrayInputStream(ciphertext), request)
                      .readAllBytes());
      assertTrue(e.getCause() instanceof BadCiphertextException, e.toString());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("passingWithDerivedKeys")
  void keyDerivation_publishedDataKey_givesPublishedKeyAndCommitment(Vector v) {
    byte[] ciphertext = v.bytes("ciphertext");
    AlgorithmSuite suite =
        AlgorithmSuite.findById(((ciphertext[1] & 0xFF) << 8) | (ciphertext[2] & 0xFF))
            .orElseThrow();
    KeyDerivation.DerivedKeys keys =
        KeyDerivation.derive(suite, v.bytes("dek"), v.bytes("message-id"));
    assertArrayEquals(v.bytes("content-encryption-key"), keys.encryptionKey().getEncoded());
    assertArrayEquals(v.bytes("commitment"), keys.commitmentOrNull());
  }
}
