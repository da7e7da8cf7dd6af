package io.envelope4j.kms;

import io.envelope4j.AlgorithmSuite;
import io.envelope4j.kmslocal.KmsLocalServer;
import io.envelope4j.materials.DecryptionMaterials;
import io.envelope4j.materials.EncryptionMaterials;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/**
 * Test fixture around an in-process kms-local server: real {@link KmsClient}s over HTTP to
 * 127.0.0.1, static dummy credentials, explicit Regions. Account A is kms-local's default account;
 * account B is mapped from its own access key id.
 */
final class LocalKms {
  static final String ACCOUNT_A = "111122223333";
  static final String ACCOUNT_B = "444455556666";
  static final String ACCESS_KEY_B = "AKIDACCOUNTB";
  static final String EAST = "us-east-1";
  static final String WEST = "eu-west-1";
  static final AlgorithmSuite SUITE = AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY;
  static final String SECRET_LOOKING_VALUE = "ctxvalue-7f3a9c";
  static final Map<String, String> CONTEXT =
      Map.of("purpose", "test", "tenant", SECRET_LOOKING_VALUE);

  static final AwsCredentialsProvider CREDS_A =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDACCOUNTA", "dummy-a"));
  static final AwsCredentialsProvider CREDS_B =
      StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_B, "dummy-b"));

  /** One HTTP client for every KmsClient of the test JVM; never closed by the SDK. */
  static final SdkHttpClient HTTP = TrackingHttpClient.direct();

  private LocalKms() {}

  /** Settings for a lazy supplier against {@code server}, signing as account A. */
  static KmsClientSupplierBuilder settings(KmsLocalServer server) {
    return KmsClientSupplier.builder()
        .credentialsProvider(CREDS_A)
        .endpointOverride(server.endpoint())
        .httpClient(HTTP);
  }

  /** A client the test owns, for key administration and as a "given" client. */
  static KmsClient client(KmsLocalServer server, String region, AwsCredentialsProvider creds) {
    return KmsClient.builder()
        .region(Region.of(region))
        .credentialsProvider(creds)
        .endpointOverride(server.endpoint())
        .httpClient(HTTP)
        .build();
  }

  static KeyMetadata createKey(KmsClient admin) {
    return admin.createKey(r -> r.description("kms-provider test key")).keyMetadata();
  }

  /** A multi-Region primary in {@code client}'s Region, replicated to {@code replicaRegion}. */
  static KeyMetadata createReplicatedMrk(KmsClient admin, String replicaRegion) {
    KeyMetadata primary =
        admin.createKey(r -> r.multiRegion(true).description("kms-provider mrk")).keyMetadata();
    admin.replicateKey(r -> r.keyId(primary.arn()).replicaRegion(replicaRegion));
    return primary;
  }

  static EncryptionMaterials encryptionMaterials() {
    return EncryptionMaterials.builder(SUITE).encryptionContext(CONTEXT).build();
  }

  static DecryptionMaterials decryptionMaterials(Map<String, String> context) {
    return DecryptionMaterials.of(SUITE, context, null);
  }

  static DecryptionMaterials decryptionMaterials() {
    return decryptionMaterials(CONTEXT);
  }
}
