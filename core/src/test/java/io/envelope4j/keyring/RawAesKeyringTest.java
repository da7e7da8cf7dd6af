package io.envelope4j.keyring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.envelope4j.AlgorithmSuite;
import io.envelope4j.DecryptRequest;
import io.envelope4j.DecryptResult;
import io.envelope4j.EncryptRequest;
import io.envelope4j.EncryptResult;
import io.envelope4j.Envelope;
import io.envelope4j.NoDecryptionKeyException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RawAesKeyringTest {
  private static final Base64.Decoder B64 = Base64.getDecoder();

  static Stream<Map<String, String>> esdkJavaVectors() throws IOException {
    List<Map<String, String>> vectors = new ArrayList<>();
    try (InputStream in =
            RawAesKeyringTest.class.getResourceAsStream("/vectors/esdk-java-raw-aes.txt");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      Map<String, String> fields = new LinkedHashMap<>();
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith("#") || line.isEmpty()) {
          continue;
        }
        if (line.equals("end")) {
          vectors.add(fields);
          fields = new LinkedHashMap<>();
        } else {
          fields.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        }
      }
    }
    assertEquals(12, vectors.size());
    return vectors.stream();
  }

  private static String text(Map<String, String> v, String key) {
    return new String(B64.decode(v.get(key)), StandardCharsets.UTF_8);
  }

  private static Map<String, String> context(String encoded) {
    Map<String, String> context = new HashMap<>();
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

  private static RawAesKeyring keyring(String namespace, String name, byte[] key) {
    return RawAesKeyring.builder().keyNamespace(namespace).keyName(name).wrappingKey(key).build();
  }

  @ParameterizedTest
  @MethodSource("esdkJavaVectors")
  void esdkJavaMessage_sameKeyNamespaceAndName_decrypts(Map<String, String> v) {
    RawAesKeyring keyring =
        keyring(text(v, "key-namespace"), text(v, "key-name"), B64.decode(v.get("wrapping-key")));
    DecryptResult result =
        Envelope.defaults()
            .decrypt(
                DecryptRequest.builder()
                    .keyring(keyring)
                    .encryptionContext(context(v.get("context")))
                    .ciphertext(B64.decode(v.get("ciphertext")))
                    .build());
    assertArrayEquals(B64.decode(v.get("plaintext")), result.plaintext());
    assertEquals(Integer.parseInt(v.get("suite"), 16), result.suite().id());
    EncryptedDataKey edk = result.encryptedDataKeys().get(0);
    assertEquals(text(v, "key-namespace"), edk.providerId());
  }

  @ParameterizedTest
  @MethodSource("esdkJavaVectors")
  void esdkJavaMessage_otherWrappingKey_failsWithReason(Map<String, String> v) {
    byte[] key = B64.decode(v.get("wrapping-key"));
    key[0] ^= 1;
    RawAesKeyring keyring = keyring(text(v, "key-namespace"), text(v, "key-name"), key);
    NoDecryptionKeyException e =
        assertThrows(
            NoDecryptionKeyException.class,
            () ->
                Envelope.defaults()
                    .decrypt(
                        DecryptRequest.builder()
                            .keyring(keyring)
                            .ciphertext(B64.decode(v.get("ciphertext")))
                            .build()));
    assertEquals(1, e.failures().size());
    assertTrue(e.getMessage().contains("could not unwrap"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {16, 24, 32})
  void encrypt_anyKeySize_writesSpecProviderInfoLayout(int keyLength) {
    byte[] key = new byte[keyLength];
    RawAesKeyring keyring = keyring("ns", "key name \u00e9", key);
    EncryptResult result =
        Envelope.defaults()
            .encrypt(
                EncryptRequest.builder()
                    .keyring(keyring)
                    .suite(AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY)
                    .plaintext(new byte[10])
                    .build());
    EncryptedDataKey edk = result.encryptedDataKeys().get(0);
    byte[] name = "key name \u00e9".getBytes(StandardCharsets.UTF_8);
    ByteBuffer info = ByteBuffer.wrap(edk.providerInfo());
    byte[] nameField = new byte[name.length];
    info.get(nameField);
    assertEquals("ns", edk.providerId());
    assertArrayEquals(name, nameField);
    assertEquals(128, info.getInt());
    assertEquals(12, info.getInt());
    assertEquals(12, info.remaining());
    assertEquals(32 + 16, edk.ciphertextLengthBytes());
  }

  @Test
  void decrypt_otherKeyName_reportsNoKeyOfOurs() {
    byte[] ciphertext =
        Envelope.defaults()
            .encrypt(
                EncryptRequest.builder()
                    .keyring(keyring("ns", "a", new byte[32]))
                    .plaintext(new byte[1])
                    .build())
            .ciphertext();
    NoDecryptionKeyException e =
        assertThrows(
            NoDecryptionKeyException.class,
            () ->
                Envelope.defaults()
                    .decrypt(
                        DecryptRequest.builder()
                            .keyring(keyring("ns", "b", new byte[32]))
                            .ciphertext(ciphertext)
                            .build()));
    assertTrue(
        e.getMessage().contains("none of the 1 encrypted data keys is ours"), e.getMessage());
  }

  @Test
  void builder_badKeyLengthOrReservedNamespace_refused() {
    assertThrows(
        IllegalArgumentException.class, () -> RawAesKeyring.builder().wrappingKey(new byte[20]));
    assertThrows(IllegalArgumentException.class, () -> keyring("aws-kms", "n", new byte[16]));
    assertEquals("aws-kms-like", keyring("aws-kms-like", "n", new byte[16]).keyNamespace());
    assertThrows(
        IllegalStateException.class, () -> RawAesKeyring.builder().keyNamespace("ns").build());
  }

  @Test
  void toString_neverShowsKeyBytes() {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) 0x5A);
    String s = keyring("ns", "name", key).toString();
    assertTrue(s.contains("ns/name") && s.contains("AES-256"), s);
    assertFalse(s.contains("5A") || s.contains("5a") || s.contains("90"), s);
  }

  @Test
  void multiKeyring_generatorAndChildren_eachDecryptsAlone_failuresAggregated() {
    RawAesKeyring generator = keyring("ns", "g", new byte[32]);
    RawAesKeyring child1 = keyring("ns", "c1", new byte[16]);
    RawAesKeyring child2 = keyring("other", "c2", new byte[24]);
    MultiKeyring multi =
        MultiKeyring.builder().generator(generator).children(List.of(child1, child2)).build();
    EncryptResult result =
        Envelope.defaults()
            .encrypt(EncryptRequest.builder().keyring(multi).plaintext(new byte[100]).build());
    assertEquals(3, result.encryptedDataKeys().size());
    for (Keyring k : List.of(generator, child1, child2, multi)) {
      DecryptResult r =
          Envelope.defaults()
              .decrypt(DecryptRequest.builder().keyring(k).ciphertext(result.ciphertext()).build());
      assertArrayEquals(new byte[100], r.plaintext());
    }

    MultiKeyring strangers =
        MultiKeyring.builder()
            .generator(
                keyring(
                    "ns", "g", new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}))
            .child(keyring("x", "y", new byte[16]))
            .child(keyring("ns", "c1", new byte[24]))
            .build();
    NoDecryptionKeyException e =
        assertThrows(
            NoDecryptionKeyException.class,
            () ->
                Envelope.defaults()
                    .decrypt(
                        DecryptRequest.builder()
                            .keyring(strangers)
                            .ciphertext(result.ciphertext())
                            .build()));
    assertEquals(3, e.failures().size());
    assertEquals(3, e.getSuppressed().length);
  }

  @Test
  void multiKeyring_childrenOnly_needsDataKeyOnEncrypt() {
    MultiKeyring childrenOnly =
        MultiKeyring.builder().child(keyring("ns", "c", new byte[16])).build();
    assertThrows(
        IllegalStateException.class,
        () ->
            Envelope.defaults()
                .encrypt(
                    EncryptRequest.builder().keyring(childrenOnly).plaintext(new byte[1]).build()));
  }
}
