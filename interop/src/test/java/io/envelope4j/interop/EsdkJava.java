package io.envelope4j.interop;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CryptoResult;
import com.amazonaws.encryptionsdk.model.CiphertextHeaders;
import com.amazonaws.encryptionsdk.model.KeyBlob;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.AesWrappingAlg;
import software.amazon.cryptography.materialproviders.model.CreateMultiKeyringInput;
import software.amazon.cryptography.materialproviders.model.CreateRawAesKeyringInput;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

/**
 * The AWS Encryption SDK for Java 3.0.2 as an oracle, with the raw AES and multi-keyrings of its
 * Material Providers Library. It runs in this JVM; no case needs a network (see {@link
 * LoopbackOnly}).
 */
final class EsdkJava implements Oracle {
  private static final MaterialProviders MATERIAL_PROVIDERS =
      MaterialProviders.builder()
          .MaterialProvidersConfig(MaterialProvidersConfig.builder().build())
          .build();

  @Override
  public String name() {
    return "ESDK Java 3.0.2";
  }

  @Override
  public List<OracleResult> run(List<OracleCase> cases) {
    List<OracleResult> results = new ArrayList<>(cases.size());
    for (OracleCase c : cases) {
      results.add(runOne(c));
    }
    return results;
  }

  /** Runs one case; a rejection by the SDK becomes a failed result carrying its message. */
  OracleResult runOne(OracleCase c) {
    try {
      IKeyring keyring = keyring(c.keys());
      return switch (c.op()) {
        case ENCRYPT -> encrypt(c, keyring);
        case DECRYPT -> decrypt(c, keyring);
      };
    } catch (RuntimeException e) {
      return OracleResult.failed(c.id(), e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private static OracleResult encrypt(OracleCase c, IKeyring keyring) {
    AwsCrypto crypto =
        AwsCrypto.builder()
            .withCommitmentPolicy(c.policy().esdkJava())
            .withEncryptionAlgorithm(c.suite().esdkJava())
            .withEncryptionFrameSize(c.frameLength())
            .build();
    byte[] message = crypto.encryptData(keyring, c.input(), c.context()).getResult();
    return OracleResult.encrypted(c.id(), message);
  }

  private static OracleResult decrypt(OracleCase c, IKeyring keyring) {
    AwsCrypto crypto = AwsCrypto.builder().withCommitmentPolicy(c.policy().esdkJava()).build();
    CryptoResult<byte[], ?> result = crypto.decryptData(keyring, c.input());
    CiphertextHeaders headers = result.getHeaders();
    List<DataKeyInfo> dataKeys = new ArrayList<>();
    for (KeyBlob blob : headers.getEncryptedKeyBlobs()) {
      dataKeys.add(new DataKeyInfo(blob.getProviderId(), blob.getProviderInformation()));
    }
    return new OracleResult(
        c.id(),
        result.getResult(),
        null,
        result.getCryptoAlgorithm().getValue() & 0xffff,
        headers.getFrameLength(),
        headers.getEncryptionContextMap(),
        dataKeys);
  }

  /** A raw AES keyring for one key, a multi-keyring (first key the generator) for several. */
  static IKeyring keyring(List<WrappingKey> keys) {
    List<IKeyring> keyrings = new ArrayList<>();
    for (WrappingKey key : keys) {
      keyrings.add(
          MATERIAL_PROVIDERS.CreateRawAesKeyring(
              CreateRawAesKeyringInput.builder()
                  .keyNamespace(key.namespace())
                  .keyName(key.name())
                  .wrappingKey(ByteBuffer.wrap(key.material()))
                  .wrappingAlg(wrappingAlg(key.material().length))
                  .build()));
    }
    if (keyrings.size() == 1) {
      return keyrings.get(0);
    }
    return MATERIAL_PROVIDERS.CreateMultiKeyring(
        CreateMultiKeyringInput.builder()
            .generator(keyrings.get(0))
            .childKeyrings(keyrings.subList(1, keyrings.size()))
            .build());
  }

  private static AesWrappingAlg wrappingAlg(int lengthBytes) {
    return switch (lengthBytes) {
      case 16 -> AesWrappingAlg.ALG_AES128_GCM_IV12_TAG16;
      case 24 -> AesWrappingAlg.ALG_AES192_GCM_IV12_TAG16;
      case 32 -> AesWrappingAlg.ALG_AES256_GCM_IV12_TAG16;
      default ->
          throw new IllegalArgumentException(
              "wrapping key of " + lengthBytes + " bytes is not 16, 24 or 32");
    };
  }
}
