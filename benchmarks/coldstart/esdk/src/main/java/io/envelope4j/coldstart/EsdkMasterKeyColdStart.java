package io.envelope4j.coldstart;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.jce.JceMasterKey;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;

/**
 * Cold-start program for the AWS Encryption SDK for Java 3.0.2 through its older master-key
 * interface: a {@link JceMasterKey} over a raw AES-256 key ({@code AES/GCM/NoPadding}), one 1 KiB
 * message encrypted under the suite given as the only argument, decrypted, and exit 0 only if the
 * plaintext came back. Same class path as {@link EsdkKeyringColdStart}; this path does not touch
 * the Material Providers Library's keyrings.
 */
public final class EsdkMasterKeyColdStart {
  private EsdkMasterKeyColdStart() {}

  /** Runs the program; see the class comment. */
  public static void main(String[] args) {
    String suiteId = args.length > 0 ? args[0] : "0x0478";
    byte[] wrappingKey = new byte[32];
    Arrays.fill(wrappingKey, (byte) 7);
    byte[] plaintext = new byte[1024];
    Arrays.fill(plaintext, (byte) 'a');

    JceMasterKey masterKey =
        JceMasterKey.getInstance(
            new SecretKeySpec(wrappingKey, "AES"), "coldstart", "aes-256", "AES/GCM/NoPadding");
    AwsCrypto crypto =
        AwsCrypto.builder()
            .withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt)
            .withEncryptionAlgorithm(EsdkSuites.byId(suiteId))
            .build();

    byte[] message =
        crypto.encryptData(masterKey, plaintext, Map.of("purpose", "cold-start")).getResult();
    byte[] opened = crypto.decryptData(masterKey, message).getResult();

    if (!Arrays.equals(plaintext, opened)) {
      System.err.println("ESDK: the message did not decrypt to its plaintext");
      System.exit(1);
    }
    System.out.println("ESDK master key " + suiteId + ": " + message.length + "-byte message");
  }
}
