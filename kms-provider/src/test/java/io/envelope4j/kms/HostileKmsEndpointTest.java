package io.envelope4j.kms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.envelope4j.NoDecryptionKeyException;
import io.envelope4j.keyring.EncryptedDataKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A KMS endpoint on 127.0.0.1 that answers every call with a chosen, protocol-valid but wrong JSON
 * body: the keyrings must refuse a short data key, a key id that is not an ARN and a Decrypt answer
 * naming another key, instead of using what the endpoint planted.
 */
class HostileKmsEndpointTest {
  static final String ARN = "arn:aws:kms:us-east-1:111122223333:key/k1";
  static final String OTHER_ARN = "arn:aws:kms:us-east-1:111122223333:key/k2";

  CannedHttpServer server;
  KmsClientSupplier clients;

  @BeforeEach
  void start() {
    server = new CannedHttpServer();
    clients =
        KmsClientSupplier.builder()
            .credentialsProvider(LocalKms.CREDS_A)
            .endpointOverride(server.endpoint())
            .httpClient(LocalKms.HTTP)
            .maxAttempts(1)
            .build();
  }

  @AfterEach
  void stop() throws IOException {
    clients.close();
    server.close();
  }

  static String b64(int length) {
    return Base64.getEncoder().encodeToString(new byte[length]);
  }

  KmsKeyring keyring() {
    return KmsKeyring.builder().generatorKeyId(ARN).clientSupplier(clients).build();
  }

  @Test
  void generateDataKey_shortPlaintext_refused() {
    server.body.set(
        "{\"CiphertextBlob\":\""
            + b64(8)
            + "\",\"KeyId\":\""
            + ARN
            + "\",\"Plaintext\":\""
            + b64(16)
            + "\"}");

    KmsKeyException e =
        assertThrows(
            KmsKeyException.class, () -> keyring().onEncrypt(LocalKms.encryptionMaterials()));

    assertEquals(KmsFailureReason.BAD_RESPONSE, e.reason());
    assertTrue(e.getMessage().contains("plaintext of 16 bytes"), e::getMessage);
  }

  @Test
  void generateDataKey_keyIdNotAnArn_refused() {
    server.body.set(
        "{\"CiphertextBlob\":\""
            + b64(8)
            + "\",\"KeyId\":\"alias/x\",\"Plaintext\":\""
            + b64(32)
            + "\"}");

    KmsKeyException e =
        assertThrows(
            KmsKeyException.class, () -> keyring().onEncrypt(LocalKms.encryptionMaterials()));

    assertEquals(KmsFailureReason.BAD_RESPONSE, e.reason());
  }

  @Test
  void generateDataKey_noCiphertext_refused() {
    server.body.set("{\"KeyId\":\"" + ARN + "\",\"Plaintext\":\"" + b64(32) + "\"}");

    KmsKeyException e =
        assertThrows(
            KmsKeyException.class, () -> keyring().onEncrypt(LocalKms.encryptionMaterials()));

    assertEquals(KmsFailureReason.BAD_RESPONSE, e.reason());
  }

  @Test
  void decrypt_answerNamesOtherKey_refusedAsWrongKey() {
    server.body.set("{\"KeyId\":\"" + OTHER_ARN + "\",\"Plaintext\":\"" + b64(32) + "\"}");
    EncryptedDataKey edk =
        EncryptedDataKey.of("aws-kms", ARN.getBytes(StandardCharsets.UTF_8), new byte[] {1, 2});

    NoDecryptionKeyException e =
        assertThrows(
            NoDecryptionKeyException.class,
            () -> keyring().onDecrypt(LocalKms.decryptionMaterials(), List.of(edk)));

    KmsKeyException k = (KmsKeyException) e.failures().get(0);
    assertEquals(KmsFailureReason.WRONG_KEY, k.reason());
    assertTrue(k.getMessage().contains("answered with key " + OTHER_ARN), k::getMessage);
  }

  @Test
  void decrypt_wrongLengthPlaintext_refused() {
    server.body.set("{\"KeyId\":\"" + ARN + "\",\"Plaintext\":\"" + b64(31) + "\"}");
    EncryptedDataKey edk =
        EncryptedDataKey.of("aws-kms", ARN.getBytes(StandardCharsets.UTF_8), new byte[] {1, 2});

    NoDecryptionKeyException e =
        assertThrows(
            NoDecryptionKeyException.class,
            () -> keyring().onDecrypt(LocalKms.decryptionMaterials(), List.of(edk)));

    assertEquals(KmsFailureReason.BAD_RESPONSE, ((KmsKeyException) e.failures().get(0)).reason());
  }
}
