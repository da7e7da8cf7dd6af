package io.envelope4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.envelope4j.keyring.EncryptedDataKey;
import io.envelope4j.keyring.Keyring;
import io.envelope4j.keyring.MultiKeyring;
import io.envelope4j.materials.DataKey;
import io.envelope4j.materials.DecryptionMaterials;
import io.envelope4j.materials.EncryptionMaterials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Messages whose data keys come only from keyrings envelope4j does not implement. */
class UnknownProviderTest {
  /** Writes encrypted data keys under foreign provider ids (their bytes are opaque here). */
  private static Keyring foreign(String... providerIds) {
    return new Keyring() {
      @Override
      public EncryptionMaterials onEncrypt(EncryptionMaterials materials) {
        EncryptionMaterials m =
            materials.withDataKey(
                DataKey.generate(
                    materials.suite().dataKeyLengthBytes(), new Fixtures.SeededRandom(4)));
        for (String id : providerIds) {
          m =
              m.withEncryptedDataKey(
                  EncryptedDataKey.of(
                      id,
                      "arn:aws:kms:us-west-2:111122223333:key/x".getBytes(StandardCharsets.UTF_8),
                      new byte[48]));
        }
        return m;
      }

      @Override
      public DecryptionMaterials onDecrypt(
          DecryptionMaterials materials, List<EncryptedDataKey> keys) {
        throw new UnsupportedOperationException("encrypt only");
      }
    };
  }

  private static byte[] message(String... providerIds) {
    return Envelope.defaults()
        .encrypt(
            EncryptRequest.builder().keyring(foreign(providerIds)).plaintext(new byte[9]).build())
        .ciphertext();
  }

  @ParameterizedTest
  @ValueSource(strings = {"aws-kms-hierarchy", "raw-ecdh", "aws-kms-ecdh", "aws-kms-rsa"})
  void onlyUnimplementedProvider_errorNamesItInEveryApi(String providerId) {
    byte[] message = message(providerId);
    DecryptRequest request =
        DecryptRequest.builder().keyring(Fixtures.keyring()).ciphertext(message).build();
    NoDecryptionKeyException e =
        assertThrows(NoDecryptionKeyException.class, () -> Envelope.defaults().decrypt(request));
    assertTrue(e.getMessage().contains("no keyring for provider " + providerId), e.getMessage());

    IOException stream =
        assertThrows(
            IOException.class,
            () ->
                Envelope.defaults()
                    .decryptingStream(new ByteArrayInputStream(message), request)
                    .read());
    assertInstanceOf(NoDecryptionKeyException.class, stream.getCause());
    assertTrue(stream.getCause().getMessage().contains(providerId));
  }

  @Test
  void severalProviders_multiKeyring_allNamed() {
    byte[] message = message("raw-ecdh", "aws-kms-rsa", "someone-else");
    Keyring two =
        MultiKeyring.builder()
            .generator(Fixtures.keyring("a", 1))
            .child(Fixtures.keyring("b", 2))
            .build();
    NoDecryptionKeyException e =
        assertThrows(
            NoDecryptionKeyException.class,
            () ->
                Envelope.defaults()
                    .decrypt(DecryptRequest.builder().keyring(two).ciphertext(message).build()));
    String text = e.getMessage();
    assertTrue(text.contains("raw-ecdh (raw ECDH keyring)"), text);
    assertTrue(text.contains("aws-kms-rsa (AWS KMS RSA keyring)"), text);
    assertTrue(text.contains("someone-else"), "every provider id is listed: " + text);
    assertFalse(e.failures().isEmpty(), "the keyrings' own failures are kept");
  }

  @Test
  void ordinaryForeignProvider_listedWithoutTheUnimplementedNote() {
    NoDecryptionKeyException e =
        assertThrows(
            NoDecryptionKeyException.class,
            () ->
                Envelope.defaults()
                    .decrypt(
                        DecryptRequest.builder()
                            .keyring(Fixtures.keyring())
                            .ciphertext(message("other-namespace"))
                            .build()));
    assertTrue(e.getMessage().contains("[other-namespace]"), e.getMessage());
    assertFalse(e.getMessage().contains("no keyring for provider"), e.getMessage());
    assertEquals(1, e.failures().size());
  }
}
