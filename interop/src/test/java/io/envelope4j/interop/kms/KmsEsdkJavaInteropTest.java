package io.envelope4j.interop.kms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoResult;
import com.amazonaws.encryptionsdk.model.KeyBlob;
import io.envelope4j.DecryptRequest;
import io.envelope4j.EncryptRequest;
import io.envelope4j.EncryptResult;
import io.envelope4j.Envelope;
import io.envelope4j.keyring.EncryptedDataKey;
import io.envelope4j.keyring.Keyring;
import io.envelope4j.kms.DiscoveryFilter;
import io.envelope4j.kms.KmsArn;
import io.envelope4j.kms.KmsClientSupplier;
import io.envelope4j.kms.KmsDiscoveryKeyring;
import io.envelope4j.kms.KmsKeyring;
import io.envelope4j.kmslocal.KmsLocal;
import io.envelope4j.kmslocal.junit.KmsLocalExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsKeyringInput;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsMrkDiscoveryKeyringInput;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsMrkKeyringInput;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

/**
 * envelope4j's KMS keyrings against the AWS Encryption SDK for Java 3.0.2's KMS keyrings, both
 * talking to one in-process kms-local server on 127.0.0.1 through real {@link KmsClient}s with
 * static dummy credentials: each side decrypts what the other encrypted, multi-Region keys
 * included, and both write the same encrypted data key fields.
 */
class KmsEsdkJavaInteropTest {
  @RegisterExtension
  static final KmsLocalExtension KMS = KmsLocalExtension.of(KmsLocal.builder().build());

  static final String EAST = "us-east-1";
  static final String WEST = "eu-west-1";
  static final Map<String, String> CONTEXT = Map.of("purpose", "interop", "side", "both");
  static final byte[] PLAINTEXT = "interop through kms-local".getBytes(StandardCharsets.UTF_8);
  static final AwsCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDINTEROP", "dummy"));
  static final MaterialProviders MPL =
      MaterialProviders.builder()
          .MaterialProvidersConfig(MaterialProvidersConfig.builder().build())
          .build();
  static final AwsCrypto ESDK =
      AwsCrypto.builder()
          .withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt)
          .build();

  static SdkHttpClient http;
  static KmsClient east;
  static KmsClient west;
  static KmsClientSupplier clients;

  @BeforeAll
  static void start() {
    http =
        UrlConnectionHttpClient.builder()
            .proxyConfiguration(
                p -> p.useSystemPropertyValues(false).useEnvironmentVariablesValues(false))
            .build();
    east = client(EAST);
    west = client(WEST);
    clients =
        KmsClientSupplier.builder()
            .credentialsProvider(CREDENTIALS)
            .endpointOverride(KMS.server().endpoint())
            .httpClient(http)
            .build();
  }

  @AfterAll
  static void stop() {
    clients.close();
    east.close();
    west.close();
    http.close();
  }

  static KmsClient client(String region) {
    return KmsClient.builder()
        .region(Region.of(region))
        .credentialsProvider(CREDENTIALS)
        .endpointOverride(KMS.server().endpoint())
        .httpClient(http)
        .build();
  }

  static KeyMetadata replicatedMrk() {
    KeyMetadata primary = east.createKey(r -> r.multiRegion(true)).keyMetadata();
    east.replicateKey(r -> r.keyId(primary.arn()).replicaRegion(WEST));
    return primary;
  }

  static byte[] envelopeEncrypt(Keyring keyring) {
    return Envelope.defaults()
        .encrypt(
            EncryptRequest.builder()
                .keyring(keyring)
                .encryptionContext(CONTEXT)
                .plaintext(PLAINTEXT)
                .build())
        .ciphertext();
  }

  static byte[] envelopeDecrypt(Keyring keyring, byte[] message) {
    return Envelope.defaults()
        .decrypt(
            DecryptRequest.builder()
                .keyring(keyring)
                .encryptionContext(CONTEXT)
                .ciphertext(message)
                .build())
        .plaintext();
  }

  static IKeyring esdkKmsKeyring(String keyArn, KmsClient client) {
    return MPL.CreateAwsKmsKeyring(
        CreateAwsKmsKeyringInput.builder().kmsKeyId(keyArn).kmsClient(client).build());
  }

  static KmsKeyring kmsKeyring(String keyArn) {
    return KmsKeyring.builder().generatorKeyId(keyArn).clientSupplier(clients).build();
  }

  @Test
  void envelope4jEncrypts_esdkJavaKmsKeyringDecrypts() {
    String key = east.createKey(r -> r.description("interop")).keyMetadata().arn();

    byte[] message = envelopeEncrypt(kmsKeyring(key));
    CryptoResult<byte[], ?> result = ESDK.decryptData(esdkKmsKeyring(key, east), message, CONTEXT);

    assertArrayEquals(PLAINTEXT, result.getResult());
    List<KeyBlob> blobs = result.getHeaders().getEncryptedKeyBlobs();
    assertEquals(1, blobs.size());
    assertEquals("aws-kms", blobs.get(0).getProviderId());
    assertEquals(key, new String(blobs.get(0).getProviderInformation(), StandardCharsets.UTF_8));
  }

  @Test
  void esdkJavaEncrypts_envelope4jKmsAndDiscoveryKeyringsDecrypt() {
    String key = east.createKey(r -> r.description("interop")).keyMetadata().arn();

    byte[] message = ESDK.encryptData(esdkKmsKeyring(key, east), PLAINTEXT, CONTEXT).getResult();

    assertArrayEquals(PLAINTEXT, envelopeDecrypt(kmsKeyring(key), message));
    KmsDiscoveryKeyring discovery =
        KmsDiscoveryKeyring.builder()
            .clientSupplier(clients)
            .discoveryFilter(DiscoveryFilter.of("aws", KmsArn.parse(key).account()))
            .build();
    assertArrayEquals(PLAINTEXT, envelopeDecrypt(discovery, message));
  }

  @Test
  void bothSides_writeTheSameEncryptedDataKeyFields() {
    String key = east.createKey(r -> r.description("interop")).keyMetadata().arn();

    EncryptResult ours =
        Envelope.defaults()
            .encrypt(
                EncryptRequest.builder()
                    .keyring(kmsKeyring(key))
                    .encryptionContext(CONTEXT)
                    .plaintext(PLAINTEXT)
                    .build());
    byte[] theirs = ESDK.encryptData(esdkKmsKeyring(key, east), PLAINTEXT, CONTEXT).getResult();
    KeyBlob theirBlob =
        ESDK.decryptData(esdkKmsKeyring(key, east), theirs)
            .getHeaders()
            .getEncryptedKeyBlobs()
            .get(0);

    EncryptedDataKey ourEdk = ours.encryptedDataKeys().get(0);
    assertEquals(theirBlob.getProviderId(), ourEdk.providerId());
    assertArrayEquals(theirBlob.getProviderInformation(), ourEdk.providerInfo());
    assertEquals(theirBlob.getEncryptedDataKey().length, ourEdk.ciphertextLengthBytes());
  }

  @Test
  void envelope4jEncryptsWithMrkPrimary_esdkJavaMrkKeyringDecryptsInReplicaRegion() {
    KeyMetadata primary = replicatedMrk();
    String replica = KmsArn.parse(primary.arn()).withRegion(WEST).toString();
    byte[] message = envelopeEncrypt(kmsKeyring(primary.arn()));
    east.disableKey(r -> r.keyId(primary.keyId()));

    IKeyring esdkMrk =
        MPL.CreateAwsKmsMrkKeyring(
            CreateAwsKmsMrkKeyringInput.builder().kmsKeyId(replica).kmsClient(west).build());

    assertArrayEquals(PLAINTEXT, ESDK.decryptData(esdkMrk, message, CONTEXT).getResult());
  }

  @Test
  void esdkJavaEncryptsWithMrkPrimary_envelope4jMrkKeyringsDecryptInReplicaRegion() {
    KeyMetadata primary = replicatedMrk();
    String replica = KmsArn.parse(primary.arn()).withRegion(WEST).toString();
    byte[] message =
        ESDK.encryptData(esdkKmsKeyring(primary.arn(), east), PLAINTEXT, CONTEXT).getResult();
    east.disableKey(r -> r.keyId(primary.keyId()));

    KmsKeyring mrkAware =
        KmsKeyring.builder()
            .generatorKeyId(replica)
            .multiRegionKeyAware(true)
            .clientSupplier(clients)
            .build();
    KmsDiscoveryKeyring mrkDiscovery =
        KmsDiscoveryKeyring.builder().multiRegionKeyAware(true).client(west).build();

    assertArrayEquals(PLAINTEXT, envelopeDecrypt(mrkAware, message));
    assertArrayEquals(PLAINTEXT, envelopeDecrypt(mrkDiscovery, message));
  }

  @Test
  void envelope4jEncryptsWithReplica_esdkJavaMrkDiscoveryDecryptsInPrimaryRegion() {
    KeyMetadata primary = replicatedMrk();
    String replica = KmsArn.parse(primary.arn()).withRegion(WEST).toString();
    byte[] message = envelopeEncrypt(kmsKeyring(replica));

    IKeyring esdkDiscovery =
        MPL.CreateAwsKmsMrkDiscoveryKeyring(
            CreateAwsKmsMrkDiscoveryKeyringInput.builder()
                .kmsClient(east)
                .region(EAST)
                .discoveryFilter(
                    software.amazon.cryptography.materialproviders.model.DiscoveryFilter.builder()
                        .partition("aws")
                        .accountIds(List.of(KmsArn.parse(primary.arn()).account()))
                        .build())
                .build());

    assertArrayEquals(PLAINTEXT, ESDK.decryptData(esdkDiscovery, message, CONTEXT).getResult());
  }
}
