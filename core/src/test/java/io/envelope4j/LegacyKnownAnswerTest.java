package io.envelope4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Message format v1 messages published by the ESDK for JavaScript with their expected results (see
 * the header of {@code vectors/esdk-js-message-format-v1.txt}); the source decrypts them with a
 * keyring that hands out an all-zero data key, as {@link #zeroKeyring()} does here.
 */
class LegacyKnownAnswerTest {
  record Vector(Map<String, String> fields) {
    String comment() {
      return fields.get("comment");
    }

    boolean passes() {
      return Boolean.parseBoolean(fields.get("status"));
    }

    byte[] ciphertext() {
      return Base64.getDecoder().decode(fields.get("ciphertext"));
    }

    int suiteId() {
      return Integer.parseInt(fields.get("suite"), 16);
    }

    Envelope envelope() {
      Envelope.Builder b =
          Envelope.builder().commitmentPolicy(CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT);
      if (fields.containsKey("max-edks")) {
        b.maxEncryptedDataKeys(Integer.parseInt(fields.get("max-edks")));
      }
      return b.build();
    }

    @Override
    public String toString() {
      return comment();
    }
  }

  static List<Vector> vectors() throws IOException {
    List<Vector> vectors = new ArrayList<>();
    try (InputStream in =
            LegacyKnownAnswerTest.class.getResourceAsStream(
                "/vectors/esdk-js-message-format-v1.txt");
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      Map<String, String> fields = new HashMap<>();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        if (line.equals("end")) {
          vectors.add(new Vector(Map.copyOf(fields)));
          fields.clear();
          continue;
        }
        int eq = line.indexOf('=');
        fields.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return vectors;
  }

  static Stream<Vector> passing() throws IOException {
    return vectors().stream().filter(Vector::passes);
  }

  static Stream<Vector> failing() throws IOException {
    return vectors().stream().filter(v -> !v.passes());
  }

  static Keyring zeroKeyring() {
    return new Keyring() {
      @Override
      public EncryptionMaterials onEncrypt(EncryptionMaterials materials) {
        throw new UnsupportedOperationException("decrypt only");
      }

      @Override
      public DecryptionMaterials onDecrypt(
          DecryptionMaterials materials, List<EncryptedDataKey> keys) {
        return materials.withDataKey(
            DataKey.copyOf(new byte[materials.suite().dataKeyLengthBytes()]));
      }
    };
  }

  @Test
  void vectors_resource_holdsPassingAndFailingV1Cases() throws IOException {
    assertEquals(7, passing().count());
    assertEquals(3, failing().count());
    for (Vector v : vectors()) {
      assertEquals(1, v.ciphertext()[0], v.comment());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("passing")
  void passingVector_everyApi_decryptsToThePublishedPlaintext(Vector v) throws IOException {
    byte[] message = v.ciphertext();
    DecryptRequest request =
        DecryptRequest.builder().keyring(zeroKeyring()).ciphertext(message).build();
    DecryptResult result = v.envelope().decrypt(request);
    assertEquals(v.suiteId(), result.suite().id());
    byte[] streamed;
    try (InputStream in =
        v.envelope().decryptingStream(new ByteArrayInputStream(message), request)) {
      streamed = Fixtures.readAll(in, 5);
    }
    assertArrayEquals(result.plaintext(), streamed);
    if (v.fields().containsKey("plaintext")) {
      assertArrayEquals(
          Base64.getDecoder().decode(v.fields().get("plaintext")), result.plaintext());
    }
    if (v.comment().contains("simple: context")) {
      assertEquals("context", result.encryptionContext().get("simple"));
    }

    CommitmentPolicyException refused =
        assertThrows(CommitmentPolicyException.class, () -> Envelope.defaults().decrypt(request));
    assertTrue(refused.getMessage().contains(result.suite().hexId()), refused.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failing")
  void failingVector_everyApi_refusedWithTypedError(Vector v) {
    byte[] message = v.ciphertext();
    DecryptRequest request =
        DecryptRequest.builder().keyring(zeroKeyring()).ciphertext(message).build();
    assertThrows(BadCiphertextException.class, () -> v.envelope().decrypt(request));
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                Fixtures.readAll(
                    v.envelope().decryptingStream(new ByteArrayInputStream(message), request), 64));
    assertInstanceOf(BadCiphertextException.class, e.getCause());
  }
}
