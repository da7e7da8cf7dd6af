package io.envelope4j.examples.kms;

import io.envelope4j.DecryptRequest;
import io.envelope4j.EncryptRequest;
import io.envelope4j.Envelope;
import io.envelope4j.kms.KmsClientSupplier;
import io.envelope4j.kms.KmsKeyring;
import io.envelope4j.kmslocal.KmsLocal;
import io.envelope4j.kmslocal.KmsLocalServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Encrypts and decrypts a message with an AWS KMS key.
 *
 * <p>By default it starts kms-local in-process on 127.0.0.1, creates a key there and signs with
 * dummy credentials, so it runs anywhere without an AWS account. Set {@code KMS_KEY_ARN} (and,
 * optionally, {@code KMS_ENDPOINT}) to use a real key instead: the key ARN's Region picks the
 * client, and the AWS SDK's default credentials chain signs.
 *
 * <p>Run: {@code java io.envelope4j.examples.kms.KmsEncryptionExample "some text"}.
 */
public final class KmsEncryptionExample {
  private KmsEncryptionExample() {}

  /** Entry point; see the class documentation for the environment variables. */
  public static void main(String[] args) throws Exception {
    byte[] plaintext = (args.length > 0 ? args[0] : "hello, KMS").getBytes(StandardCharsets.UTF_8);
    String keyArn = System.getenv("KMS_KEY_ARN");
    if (keyArn == null) {
      System.out.println(new String(runAgainstKmsLocal(plaintext), StandardCharsets.UTF_8));
      return;
    }
    String endpoint = System.getenv("KMS_ENDPOINT");
    var settings = KmsClientSupplier.builder();
    if (endpoint != null) {
      settings.endpointOverride(URI.create(endpoint));
    }
    try (KmsClientSupplier clients = settings.build()) {
      System.out.println(new String(roundTrip(clients, keyArn, plaintext), StandardCharsets.UTF_8));
    }
  }

  /** Starts kms-local, creates a key and round-trips {@code plaintext} through it. */
  public static byte[] runAgainstKmsLocal(byte[] plaintext) throws Exception {
    var credentials =
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "example"));
    try (KmsLocalServer kms = KmsLocal.builder().build().start();
        SdkHttpClient http = UrlConnectionHttpClient.create()) {
      String keyArn;
      try (KmsClient admin =
          KmsClient.builder()
              .region(Region.US_EAST_1)
              .credentialsProvider(credentials)
              .endpointOverride(kms.endpoint())
              .httpClient(http)
              .build()) {
        keyArn = admin.createKey(r -> r.description("example key")).keyMetadata().arn();
      }
      try (KmsClientSupplier clients =
          KmsClientSupplier.builder()
              .credentialsProvider(credentials)
              .endpointOverride(kms.endpoint())
              .httpClient(http)
              .build()) {
        return roundTrip(clients, keyArn, plaintext);
      }
    }
  }

  /** Encrypts {@code plaintext} under {@code keyArn}, decrypts the message, returns the result. */
  public static byte[] roundTrip(KmsClientSupplier clients, String keyArn, byte[] plaintext) {
    KmsKeyring keyring =
        KmsKeyring.builder().generatorKeyId(keyArn).clientSupplier(clients).build();
    Map<String, String> context = Map.of("purpose", "example");

    byte[] message =
        Envelope.defaults()
            .encrypt(
                EncryptRequest.builder()
                    .keyring(keyring)
                    .encryptionContext(context)
                    .plaintext(plaintext)
                    .build())
            .ciphertext();

    return Envelope.defaults()
        .decrypt(
            DecryptRequest.builder()
                .keyring(keyring)
                .encryptionContext(context)
                .ciphertext(message)
                .build())
        .plaintext();
  }
}
