package io.envelope4j.kms;

import io.envelope4j.AlgorithmSuite;
import io.envelope4j.keyring.EncryptedDataKey;
import io.envelope4j.materials.DataKey;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.InvalidGrantTokenException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * The three KMS calls the keyrings make, with the ESDK's checks on each answer and the mapping of
 * every failure to a {@link KmsKeyException}.
 *
 * <p>Design note: plaintext data keys cross the SDK as {@link SdkBytes}. This class wraps and
 * unwraps them with the SDK's "unsafe" (no-copy) accessors so that it can zero the arrays it owns
 * as soon as the {@link DataKey} holder has its copy: the request array after Encrypt, the response
 * array after GenerateDataKey and Decrypt. The SDK's own JSON and Base64 buffers hold further
 * transient copies that no caller can reach or wipe; that is the limit of what a JVM client of KMS
 * can promise. Answers are verified before use: the key id KMS returns must be a key ARN (and, for
 * Decrypt, the expected one), and the plaintext must have the suite's data key length, so a
 * confused or hostile endpoint cannot plant a short or foreign key.
 */
final class KmsCalls {
  static final String PROVIDER_ID = "aws-kms";

  private final KmsClientSupplier clients;
  private final List<String> grantTokens;

  KmsCalls(KmsClientSupplier clients, List<String> grantTokens) {
    this.clients = clients;
    this.grantTokens = List.copyOf(grantTokens);
  }

  /** A generated data key and its KMS-wrapped form. */
  record Generated(DataKey dataKey, EncryptedDataKey encryptedDataKey) {}

  Generated generate(
      String keyId, String region, AlgorithmSuite suite, Map<String, String> context) {
    String op = "GenerateDataKey";
    GenerateDataKeyResponse response;
    try {
      response =
          client(op, keyId, region)
              .generateDataKey(
                  r ->
                      r.keyId(keyId)
                          .numberOfBytes(suite.dataKeyLengthBytes())
                          .encryptionContext(context)
                          .grantTokens(grantTokens));
    } catch (RuntimeException e) {
      throw failure(op, keyId, region, e);
    }

    byte[] plaintext =
        response.plaintext() == null ? null : response.plaintext().asByteArrayUnsafe();
    try {
      if (plaintext == null || plaintext.length != suite.dataKeyLengthBytes()) {
        throw badResponse(op, keyId, region, plaintextLengthProblem(plaintext, suite));
      }
      String arn = requireKeyArn(op, keyId, region, response.keyId());
      EncryptedDataKey edk = wrapped(op, keyId, region, arn, response.ciphertextBlob());
      return new Generated(DataKey.copyOf(plaintext), edk);
    } finally {
      if (plaintext != null) {
        Arrays.fill(plaintext, (byte) 0);
      }
    }
  }

  EncryptedDataKey encrypt(
      String keyId, String region, DataKey dataKey, Map<String, String> context) {
    String op = "Encrypt";
    KmsClient client = client(op, keyId, region);
    byte[] plaintext = dataKey.revealCopy();
    EncryptResponse response;
    try {
      response =
          client.encrypt(
              r ->
                  r.keyId(keyId)
                      .plaintext(SdkBytes.fromByteArrayUnsafe(plaintext))
                      .encryptionContext(context)
                      .grantTokens(grantTokens));
    } catch (RuntimeException e) {
      throw failure(op, keyId, region, e);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
    String arn = requireKeyArn(op, keyId, region, response.keyId());
    return wrapped(op, keyId, region, arn, response.ciphertextBlob());
  }

  /**
   * Decrypts {@code edk} asking KMS to use {@code keyId}, and checks that KMS answered with exactly
   * that key and a data key of the suite's length.
   */
  DataKey decrypt(
      String keyId,
      String region,
      EncryptedDataKey edk,
      AlgorithmSuite suite,
      Map<String, String> context) {
    String op = "Decrypt";
    KmsClient client = client(op, keyId, region);
    DecryptResponse response;
    try {
      response =
          client.decrypt(
              r ->
                  r.keyId(keyId)
                      .ciphertextBlob(SdkBytes.fromByteArrayUnsafe(edk.ciphertext()))
                      .encryptionContext(context)
                      .grantTokens(grantTokens));
    } catch (RuntimeException e) {
      throw failure(op, keyId, region, e);
    }

    byte[] plaintext =
        response.plaintext() == null ? null : response.plaintext().asByteArrayUnsafe();
    try {
      if (!keyId.equals(response.keyId())) {
        throw new KmsKeyException(
            op,
            keyId,
            region,
            KmsFailureReason.WRONG_KEY,
            null,
            "KMS answered with key " + response.keyId(),
            null);
      }
      if (plaintext == null || plaintext.length != suite.dataKeyLengthBytes()) {
        throw badResponse(op, keyId, region, plaintextLengthProblem(plaintext, suite));
      }
      return DataKey.copyOf(plaintext);
    } finally {
      if (plaintext != null) {
        Arrays.fill(plaintext, (byte) 0);
      }
    }
  }

  private KmsClient client(String op, String keyId, String region) {
    try {
      return clients.clientFor(region);
    } catch (KmsRegionUnavailableException e) {
      throw new KmsKeyException(
          op, keyId, region, KmsFailureReason.NO_CLIENT, null, e.getMessage(), e);
    }
  }

  private static EncryptedDataKey wrapped(
      String op, String keyId, String region, String arn, SdkBytes ciphertext) {
    if (ciphertext == null || ciphertext.asByteArrayUnsafe().length == 0) {
      throw badResponse(op, keyId, region, "no CiphertextBlob in the answer");
    }
    byte[] blob = ciphertext.asByteArrayUnsafe();
    if (blob.length > 0xFFFF) {
      throw badResponse(
          op, keyId, region, "CiphertextBlob of " + blob.length + " bytes exceeds 65535");
    }
    return EncryptedDataKey.of(PROVIDER_ID, arn.getBytes(StandardCharsets.UTF_8), blob);
  }

  private static String requireKeyArn(String op, String keyId, String region, String answered) {
    if (answered == null) {
      throw badResponse(op, keyId, region, "no KeyId in the answer");
    }
    try {
      if (KmsArn.parse(answered).isKey()) {
        return answered;
      }
    } catch (IllegalArgumentException e) {
      throw badResponse(op, keyId, region, e.getMessage());
    }
    throw badResponse(op, keyId, region, "KeyId " + answered + " is not a key ARN");
  }

  private static String plaintextLengthProblem(byte[] plaintext, AlgorithmSuite suite) {
    return "plaintext of "
        + (plaintext == null ? 0 : plaintext.length)
        + " bytes, suite "
        + suite.hexId()
        + " needs "
        + suite.dataKeyLengthBytes();
  }

  private static KmsKeyException badResponse(String op, String keyId, String region, String why) {
    return new KmsKeyException(op, keyId, region, KmsFailureReason.BAD_RESPONSE, null, why, null);
  }

  /** Maps an SDK failure to a reason; the SDK exception becomes the cause. */
  static KmsKeyException failure(String op, String keyId, String region, RuntimeException e) {
    if (e instanceof KmsKeyException k) {
      return k;
    }
    if (e instanceof AwsServiceException ase) {
      AwsErrorDetails details = ase.awsErrorDetails();
      String code = details == null ? null : details.errorCode();
      return new KmsKeyException(op, keyId, region, serviceReason(ase, code), code, null, e);
    }
    if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
      return new KmsKeyException(
          op, keyId, region, KmsFailureReason.TIMEOUT, null, e.getMessage(), e);
    }
    if (e instanceof SdkClientException) {
      KmsFailureReason reason =
          hasCause(e, SocketTimeoutException.class) || hasCause(e, InterruptedIOException.class)
              ? KmsFailureReason.TIMEOUT
              : hasCause(e, java.io.IOException.class)
                  ? KmsFailureReason.UNREACHABLE
                  : KmsFailureReason.OTHER;
      return new KmsKeyException(op, keyId, region, reason, null, e.getMessage(), e);
    }
    return new KmsKeyException(
        op, keyId, region, KmsFailureReason.OTHER, null, e.getClass().getName(), e);
  }

  private static KmsFailureReason serviceReason(AwsServiceException e, String code) {
    if (e instanceof DisabledException) {
      return KmsFailureReason.KEY_DISABLED;
    }
    if (e instanceof NotFoundException) {
      return KmsFailureReason.KEY_NOT_FOUND;
    }
    if (e instanceof KmsInvalidStateException) {
      return KmsFailureReason.KEY_INVALID_STATE;
    }
    if (e instanceof IncorrectKeyException) {
      return KmsFailureReason.WRONG_KEY;
    }
    if (e instanceof InvalidCiphertextException) {
      return KmsFailureReason.WRONG_CONTEXT;
    }
    if (e instanceof InvalidGrantTokenException) {
      return KmsFailureReason.INVALID_GRANT_TOKEN;
    }
    if (e.isThrottlingException()) {
      return KmsFailureReason.THROTTLED;
    }
    if ("AccessDeniedException".equals(code) || e.statusCode() == 403) {
      return KmsFailureReason.ACCESS_DENIED;
    }
    if (e.statusCode() >= 500) {
      return KmsFailureReason.SERVICE_ERROR;
    }
    return KmsFailureReason.OTHER;
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
