package io.envelope4j.kms;

import io.envelope4j.NoDecryptionKeyException;
import io.envelope4j.keyring.EncryptedDataKey;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Picks a message's {@code aws-kms} encrypted data keys and parses their key ARNs. */
final class KmsEdks {
  private KmsEdks() {}

  /** One {@code aws-kms} encrypted data key and the key ARN in its provider info. */
  record Candidate(EncryptedDataKey edk, String providerInfo, KmsArn arn) {}

  /**
   * The {@code aws-kms} keys in header order. As the ESDK requires, a keyring declines the whole
   * message if one of them carries provider info that is not a key ARN.
   *
   * @throws NoDecryptionKeyException naming the bad provider info, before any KMS call
   */
  static List<Candidate> candidates(List<EncryptedDataKey> edks, String keyring) {
    List<Candidate> out = new ArrayList<>();
    for (EncryptedDataKey edk : edks) {
      if (!KmsCalls.PROVIDER_ID.equals(edk.providerId())) {
        continue;
      }
      String info = decode(edk.providerInfo());
      KmsArn arn = parseKeyArnOrNull(info);
      if (arn == null) {
        KmsKeyException bad =
            new KmsKeyException(
                "Decrypt",
                info == null ? "(not UTF-8)" : Checks.printable(info),
                null,
                KmsFailureReason.BAD_PROVIDER_INFO,
                null,
                "the message is malformed or was not written by a KMS keyring",
                null);
        throw new NoDecryptionKeyException(
            keyring + " declined the message: an aws-kms encrypted data key is unusable",
            List.of(bad));
      }
      out.add(new Candidate(edk, info, arn));
    }
    return out;
  }

  private static KmsArn parseKeyArnOrNull(String info) {
    if (info == null) {
      return null;
    }
    try {
      KmsArn arn = KmsArn.parse(info);
      return arn.isKey() ? arn : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String decode(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** "no key could decrypt" with every failure, or the reason none was tried. */
  static NoDecryptionKeyException noKey(
      String keyring, int edkCount, int kmsCount, List<Throwable> failures, String notTried) {
    StringBuilder s =
        new StringBuilder(keyring)
            .append(" could not decrypt any of the message's ")
            .append(edkCount)
            .append(" encrypted data keys (")
            .append(kmsCount)
            .append(" from aws-kms)");
    if (!failures.isEmpty()) {
      s.append("; ").append(failures.size()).append(" KMS calls failed:");
      for (Throwable f : failures) {
        s.append(" [").append(f.getMessage()).append(']');
      }
    }
    if (notTried != null) {
      s.append("; ").append(notTried);
    }
    return new NoDecryptionKeyException(s.toString(), failures);
  }
}
