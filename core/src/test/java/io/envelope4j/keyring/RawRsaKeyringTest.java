package io.envelope4j.keyring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.envelope4j.CommitmentPolicy;
import io.envelope4j.DecryptRequest;
import io.envelope4j.EncryptRequest;
import io.envelope4j.Envelope;
import io.envelope4j.NoDecryptionKeyException;
import io.envelope4j.keyring.RawRsaKeyring.Padding;
import io.envelope4j.materials.EncryptionMaterials;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.RSAPrivateKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RawRsaKeyringTest {
  private static final Map<String, String> CONTEXT = Map.of("tenant", "a");

  static String pem(String name) {
    try (InputStream in = RawRsaKeyringTest.class.getResourceAsStream("/rsa/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static RawRsaKeyring.Builder builder(Padding padding) {
    return RawRsaKeyring.builder().keyNamespace("rsa-test").keyName("key-1").padding(padding);
  }

  private static RawRsaKeyring pair(Padding padding, int bits) {
    return builder(padding)
        .publicKeyPem(pem("rsa-" + bits + "-public.pem"))
        .privateKeyPem(pem("rsa-" + bits + "-private.pem"))
        .build();
  }

  private static byte[] roundTrip(Keyring encrypting, Keyring decrypting, byte[] plaintext) {
    byte[] message =
        Envelope.defaults()
            .encrypt(
                EncryptRequest.builder()
                    .keyring(encrypting)
                    .encryptionContext(CONTEXT)
                    .plaintext(plaintext)
                    .build())
            .ciphertext();
    return Envelope.defaults()
        .decrypt(DecryptRequest.builder().keyring(decrypting).ciphertext(message).build())
        .plaintext();
  }

  @ParameterizedTest
  @EnumSource(Padding.class)
  void everyPadding_pemKeys_roundTripsAndWritesSpecLayout(Padding padding) {
    for (int bits : new int[] {2048, 3072}) {
      RawRsaKeyring keyring = pair(padding, bits);
      byte[] plaintext = "hello rsa".getBytes(StandardCharsets.UTF_8);
      assertArrayEquals(plaintext, roundTrip(keyring, keyring, plaintext));

      EncryptedDataKey edk =
          Envelope.defaults()
              .encrypt(EncryptRequest.builder().keyring(keyring).plaintext(plaintext).build())
              .encryptedDataKeys()
              .get(0);
      assertEquals("rsa-test", edk.providerId());
      assertArrayEquals("key-1".getBytes(StandardCharsets.UTF_8), edk.providerInfo());
      assertEquals(bits / 8, edk.ciphertext().length);
    }
  }

  @Test
  void oaepSha256_wrapsAsTheSpecDefinesIt_readableWithAnExplicitJcaSpec() throws Exception {
    RawRsaKeyring keyring = pair(Padding.OAEP_SHA256_MGF1, 2048);
    EncryptionMaterials materials =
        keyring.onEncrypt(
            EncryptionMaterials.builder(
                    io.envelope4j.AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY)
                .build());
    Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
    cipher.init(
        Cipher.DECRYPT_MODE,
        RsaTestKeys.privateKey(pem("rsa-2048-private.pem")),
        new OAEPParameterSpec(
            "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
    byte[] unwrapped = cipher.doFinal(materials.encryptedDataKeys().get(0).ciphertext());
    assertArrayEquals(materials.dataKey().orElseThrow().revealCopy(), unwrapped);
  }

  @Test
  void javaSecurityKeys_privateCrtKeyAlone_encryptsAndDecrypts() {
    RSAPrivateKey privateKey = RsaTestKeys.privateKey(pem("rsa-2048-private.pem"));
    assertTrue(privateKey instanceof RSAPrivateCrtKey);
    RawRsaKeyring keyring = builder(Padding.OAEP_SHA1_MGF1).privateKey(privateKey).build();
    assertArrayEquals(new byte[] {1, 2}, roundTrip(keyring, keyring, new byte[] {1, 2}));
  }

  @Test
  void publicKeyOnly_encrypts_decryptNeedsPrivateKey() {
    RawRsaKeyring publicOnly =
        builder(Padding.OAEP_SHA512_MGF1).publicKeyPem(pem("rsa-3072-public.pem")).build();
    RawRsaKeyring privateOnly =
        builder(Padding.OAEP_SHA512_MGF1).privateKeyPem(pem("rsa-3072-private.pem")).build();
    assertArrayEquals(new byte[] {9}, roundTrip(publicOnly, privateOnly, new byte[] {9}));
    assertTrue(publicOnly.toString().contains("public key only"), publicOnly.toString());

    byte[] message =
        Envelope.defaults()
            .encrypt(EncryptRequest.builder().keyring(publicOnly).plaintext(new byte[1]).build())
            .ciphertext();
    NoDecryptionKeyException e =
        assertThrows(
            NoDecryptionKeyException.class,
            () ->
                Envelope.defaults()
                    .decrypt(
                        DecryptRequest.builder().keyring(publicOnly).ciphertext(message).build()));
    assertTrue(e.getMessage().contains("private key"), e.getMessage());
  }

  @Test
  void privateKeyWithoutPublicExponent_cannotEncrypt_saysSo() throws Exception {
    RSAPrivateKey crt = RsaTestKeys.privateKey(pem("rsa-2048-private.pem"));
    RSAPrivateKey plain =
        (RSAPrivateKey)
            KeyFactory.getInstance("RSA")
                .generatePrivate(new RSAPrivateKeySpec(crt.getModulus(), crt.getPrivateExponent()));
    RawRsaKeyring keyring = builder(Padding.PKCS1_V1_5).privateKey(plain).build();
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                Envelope.defaults()
                    .encrypt(
                        EncryptRequest.builder().keyring(keyring).plaintext(new byte[1]).build()));
    assertTrue(e.getMessage().contains("publicKey("), e.getMessage());
  }

  @Test
  void otherPaddingOrKey_doesNotUnwrap_namesEveryFailure() {
    byte[] message =
        Envelope.defaults()
            .encrypt(
                EncryptRequest.builder()
                    .keyring(pair(Padding.OAEP_SHA256_MGF1, 2048))
                    .plaintext(new byte[4])
                    .build())
            .ciphertext();
    for (RawRsaKeyring reader :
        List.of(
            pair(Padding.OAEP_SHA384_MGF1, 2048),
            pair(Padding.OAEP_SHA1_MGF1, 2048),
            pair(Padding.PKCS1_V1_5, 2048),
            pair(Padding.OAEP_SHA256_MGF1, 3072))) {
      NoDecryptionKeyException e =
          assertThrows(
              NoDecryptionKeyException.class,
              () ->
                  Envelope.defaults()
                      .decrypt(
                          DecryptRequest.builder().keyring(reader).ciphertext(message).build()));
      assertFalse(e.failures().isEmpty(), reader.toString());
    }
    RawRsaKeyring otherName =
        RawRsaKeyring.builder()
            .keyNamespace("rsa-test")
            .keyName("key-2")
            .padding(Padding.OAEP_SHA256_MGF1)
            .privateKeyPem(pem("rsa-2048-private.pem"))
            .build();
    NoDecryptionKeyException e =
        assertThrows(
            NoDecryptionKeyException.class,
            () ->
                Envelope.defaults()
                    .decrypt(
                        DecryptRequest.builder().keyring(otherName).ciphertext(message).build()));
    assertTrue(e.getMessage().contains("none of the 1"), e.getMessage());
  }

  @Test
  void legacySuites_rsaWrapsEveryDataKeyLength() {
    Envelope forbid =
        Envelope.builder().commitmentPolicy(CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT).build();
    RawRsaKeyring keyring = pair(Padding.PKCS1_V1_5, 2048);
    for (io.envelope4j.AlgorithmSuite suite : io.envelope4j.AlgorithmSuite.values()) {
      if (suite.isCommitting()) {
        continue;
      }
      byte[] message =
          forbid
              .encrypt(
                  EncryptRequest.builder()
                      .keyring(keyring)
                      .suite(suite)
                      .plaintext(new byte[3])
                      .build())
              .ciphertext();
      assertArrayEquals(
          new byte[3],
          forbid
              .decrypt(DecryptRequest.builder().keyring(keyring).ciphertext(message).build())
              .plaintext(),
          suite.hexId());
    }
  }

  @Test
  void smallModulus_refused() {
    IllegalArgumentException pub =
        assertThrows(
            IllegalArgumentException.class,
            () -> builder(Padding.OAEP_SHA1_MGF1).publicKeyPem(pem("rsa-1024-public.pem")));
    assertTrue(pub.getMessage().contains("1024 bits is below the minimum 2048"), pub.getMessage());
    IllegalArgumentException priv =
        assertThrows(
            IllegalArgumentException.class,
            () -> builder(Padding.OAEP_SHA1_MGF1).privateKeyPem(pem("rsa-1024-private.pem")));
    assertTrue(priv.getMessage().contains("1024 bits"), priv.getMessage());
  }

  @Test
  void otherPemForms_refusedWithTheConversion() {
    IllegalArgumentException pkcs1 =
        assertThrows(
            IllegalArgumentException.class,
            () -> builder(Padding.OAEP_SHA1_MGF1).privateKeyPem(pem("rsa-2048-private-pkcs1.pem")));
    assertTrue(pkcs1.getMessage().contains("RSA PRIVATE KEY"), pkcs1.getMessage());
    assertTrue(pkcs1.getMessage().contains("openssl pkcs8 -topk8"), pkcs1.getMessage());

    IllegalArgumentException swapped =
        assertThrows(
            IllegalArgumentException.class,
            () -> builder(Padding.OAEP_SHA1_MGF1).publicKeyPem(pem("rsa-2048-private.pem")));
    assertTrue(swapped.getMessage().contains("other half"), swapped.getMessage());

    for (String text :
        List.of(
            "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n",
            "-----BEGIN RSA PUBLIC KEY-----\nAAAA\n-----END RSA PUBLIC KEY-----\n",
            "-----BEGIN PUBLIC KEY-----\n!!!\n-----END PUBLIC KEY-----\n",
            "-----BEGIN PUBLIC KEY-----\nAAAA\n",
            "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
            "not pem at all")) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> builder(Padding.OAEP_SHA1_MGF1).publicKeyPem(text),
              text);
      assertTrue(e.getMessage().contains("PEM") || e.getMessage().contains("PUBLIC"), text);
    }
  }

  @Test
  void mismatchedPair_andMissingFields_refused() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            builder(Padding.OAEP_SHA1_MGF1)
                .publicKeyPem(pem("rsa-3072-public.pem"))
                .privateKeyPem(pem("rsa-2048-private.pem"))
                .build());
    assertThrows(IllegalStateException.class, () -> builder(Padding.OAEP_SHA1_MGF1).build());
    assertThrows(
        IllegalStateException.class,
        () ->
            RawRsaKeyring.builder()
                .keyNamespace("n")
                .keyName("k")
                .publicKeyPem(pem("rsa-2048-public.pem"))
                .build());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            RawRsaKeyring.builder()
                .keyNamespace("aws-kms")
                .keyName("k")
                .padding(Padding.PKCS1_V1_5)
                .publicKeyPem(pem("rsa-2048-public.pem"))
                .build());
  }

  @Test
  void toString_showsNoKeyMaterial() {
    RawRsaKeyring keyring = pair(Padding.OAEP_SHA384_MGF1, 2048);
    String text = keyring.toString();
    assertTrue(text.contains("rsa-test/key-1") && text.contains("RSA-2048"), text);
    RSAPublicKey pub = RsaTestKeys.publicKey(pem("rsa-2048-public.pem"));
    String modulusStart = pub.getModulus().toString(16).substring(0, 12);
    assertFalse(text.contains(modulusStart), text);
    assertFalse(
        text.contains(Base64.getEncoder().encodeToString(pub.getEncoded()).substring(40, 60)));
  }

  /** Independent PEM reading for the tests (JDK only, not the keyring's parser). */
  static final class RsaTestKeys {
    static RSAPrivateKey privateKey(String pem) {
      try {
        return (RSAPrivateKey)
            KeyFactory.getInstance("RSA")
                .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(der(pem)));
      } catch (java.security.GeneralSecurityException e) {
        throw new AssertionError(e);
      }
    }

    static RSAPublicKey publicKey(String pem) {
      try {
        return (RSAPublicKey)
            KeyFactory.getInstance("RSA")
                .generatePublic(new java.security.spec.X509EncodedKeySpec(der(pem)));
      } catch (java.security.GeneralSecurityException e) {
        throw new AssertionError(e);
      }
    }

    private static byte[] der(String pem) {
      String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      return Base64.getDecoder().decode(body);
    }
  }
}
