package io.envelope4j.coldstart;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.AesWrappingAlg;
import software.amazon.cryptography.materialproviders.model.CreateRawAesKeyringInput;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

/**
 * Cold-start program for the AWS Encryption SDK for Java 3.0.2 the way its 3.x documentation leads:
 * a raw AES-256 keyring from the Material Providers Library, one 1 KiB message encrypted under the
 * suite given as the only argument ({@code 0x0478} or {@code 0x0578}), decrypted, and exit 0 only
 * if the plaintext came back.
 */
public final class EsdkKeyringColdStart {
  private EsdkKeyringColdStart() {}

  /** Runs the program; see the class comment. */
  public static void main(String[] args) {
    String suiteId = args.length > 0 ? args[0] : "0x0478";
    byte[] wrappingKey = new byte[32];
    Arrays.fill(wrappingKey, (byte) 7);
    byte[] plaintext = new byte[1024];
    Arrays.fill(plaintext, (byte) 'a');

    MaterialProviders providers =
        MaterialProviders.builder()
            .MaterialProvidersConfig(MaterialProvidersConfig.builder().build())
            .build();
    IKeyring keyring =
        providers.CreateRawAesKeyring(
            CreateRawAesKeyringInput.builder()
                .keyNamespace("coldstart")
                .keyName("aes-256")
                .wrappingKey(ByteBuffer.wrap(wrappingKey))
                .wrappingAlg(AesWrappingAlg.ALG_AES256_GCM_IV12_TAG16)
                .build());
    AwsCrypto crypto =
        AwsCrypto.builder()
            .withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt)
            .withEncryptionAlgorithm(EsdkSuites.byId(suiteId))
            .build();

    byte[] message =
        crypto.encryptData(keyring, plaintext, Map.of("purpose", "cold-start")).getResult();
    byte[] opened = crypto.decryptData(keyring, message).getResult();

    if (!Arrays.equals(plaintext, opened)) {
      System.err.println("ESDK: the message did not decrypt to its plaintext");
      System.exit(1);
    }
    System.out.println("ESDK keyring " + suiteId + ": " + message.length + "-byte message");
  }
}
