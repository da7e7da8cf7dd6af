package io.envelope4j.interop.legacy;

import io.envelope4j.keyring.Keyring;
import io.envelope4j.keyring.RawAesKeyring;
import io.envelope4j.keyring.RawRsaKeyring;
import io.envelope4j.keyring.RawRsaKeyring.Padding;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.AesWrappingAlg;
import software.amazon.cryptography.materialproviders.model.CreateRawAesKeyringInput;
import software.amazon.cryptography.materialproviders.model.CreateRawRsaKeyringInput;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;
import software.amazon.cryptography.materialproviders.model.PaddingScheme;

/**
 * One wrapping key of the legacy grid, as the keyring of each implementation: a 256-bit raw AES
 * key, or an RSA key pair (the committed test fixtures, 2048 and 3072 bits) with one padding.
 *
 * @param rsaPaddingOrNull the RSA padding, or null for the AES key
 * @param rsaBits 2048 or 3072 for RSA keys, 0 for AES
 */
record LegacyKey(Padding rsaPaddingOrNull, int rsaBits) {
  static final String NAMESPACE = "envelope4j-legacy";
  private static final byte[] AES_KEY = fixedAesKey();
  private static final MaterialProviders MPL =
      MaterialProviders.builder()
          .MaterialProvidersConfig(MaterialProvidersConfig.builder().build())
          .build();

  /** The AES key and every RSA padding (SHA-384 and SHA-512 OAEP on the 3072-bit key). */
  static List<LegacyKey> all() {
    List<LegacyKey> keys = new ArrayList<>();
    keys.add(new LegacyKey(null, 0));
    for (Padding padding : Padding.values()) {
      boolean big = padding == Padding.OAEP_SHA384_MGF1 || padding == Padding.OAEP_SHA512_MGF1;
      keys.add(new LegacyKey(padding, big ? 3072 : 2048));
    }
    return keys;
  }

  boolean isRsa() {
    return rsaPaddingOrNull != null;
  }

  /** The key name: one per key, so no reader can pick another key by accident. */
  String name() {
    return isRsa() ? "rsa-" + rsaBits + "-" + rsaPaddingOrNull : "aes-256";
  }

  String publicPem() {
    return pem("rsa-" + rsaBits + "-public.pem");
  }

  String privatePem() {
    return pem("rsa-" + rsaBits + "-private.pem");
  }

  byte[] aesKey() {
    return AES_KEY.clone();
  }

  /** envelope4j's keyring for this key. */
  Keyring envelope4j() {
    if (!isRsa()) {
      return RawAesKeyring.builder()
          .keyNamespace(NAMESPACE)
          .keyName(name())
          .wrappingKey(AES_KEY)
          .build();
    }
    return RawRsaKeyring.builder()
        .keyNamespace(NAMESPACE)
        .keyName(name())
        .padding(rsaPaddingOrNull)
        .publicKeyPem(publicPem())
        .privateKeyPem(privatePem())
        .build();
  }

  /** ESDK Java 3.0.2's (Material Providers Library) keyring for this key. */
  IKeyring esdkJava() {
    if (!isRsa()) {
      return MPL.CreateRawAesKeyring(
          CreateRawAesKeyringInput.builder()
              .keyNamespace(NAMESPACE)
              .keyName(name())
              .wrappingKey(ByteBuffer.wrap(AES_KEY))
              .wrappingAlg(AesWrappingAlg.ALG_AES256_GCM_IV12_TAG16)
              .build());
    }
    return MPL.CreateRawRsaKeyring(
        CreateRawRsaKeyringInput.builder()
            .keyNamespace(NAMESPACE)
            .keyName(name())
            .paddingScheme(esdkJavaPadding())
            .publicKey(ByteBuffer.wrap(publicPem().getBytes(StandardCharsets.UTF_8)))
            .privateKey(ByteBuffer.wrap(privatePem().getBytes(StandardCharsets.UTF_8)))
            .build());
  }

  private PaddingScheme esdkJavaPadding() {
    return switch (rsaPaddingOrNull) {
      case PKCS1_V1_5 -> PaddingScheme.PKCS1;
      case OAEP_SHA1_MGF1 -> PaddingScheme.OAEP_SHA1_MGF1;
      case OAEP_SHA256_MGF1 -> PaddingScheme.OAEP_SHA256_MGF1;
      case OAEP_SHA384_MGF1 -> PaddingScheme.OAEP_SHA384_MGF1;
      case OAEP_SHA512_MGF1 -> PaddingScheme.OAEP_SHA512_MGF1;
    };
  }

  /** The padding's name in {@code interop/js/esdk-legacy.js}. */
  String esdkJsPadding() {
    return switch (rsaPaddingOrNull) {
      case PKCS1_V1_5 -> "PKCS1";
      case OAEP_SHA1_MGF1 -> "OAEP_SHA1";
      case OAEP_SHA256_MGF1 -> "OAEP_SHA256";
      case OAEP_SHA384_MGF1 -> "OAEP_SHA384";
      case OAEP_SHA512_MGF1 -> "OAEP_SHA512";
    };
  }

  @Override
  public String toString() {
    return name();
  }

  private static byte[] fixedAesKey() {
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (0xA0 + i);
    }
    return key;
  }

  private static String pem(String file) {
    try (InputStream in = LegacyKey.class.getResourceAsStream("/legacy/" + file)) {
      if (in == null) {
        throw new IllegalStateException("test resource /legacy/" + file + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
