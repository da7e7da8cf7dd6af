package io.envelope4j.kmslocal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;

class SmokeTest {
  @Test
  void generateDataKey_thenDecrypt_returnsSameKey() throws Exception {
    try (KmsLocalServer server = KmsLocal.builder().build().start();
        KmsClient kms = Clients.kms(server.endpoint(), Clients.Http.URL_CONNECTION)) {
      String keyId = kms.createKey(b -> b.description("smoke")).keyMetadata().keyId();
      GenerateDataKeyResponse dk =
          kms.generateDataKey(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256));
      SdkBytes plain = kms.decrypt(b -> b.ciphertextBlob(dk.ciphertextBlob())).plaintext();
      assertArrayEquals(dk.plaintext().asByteArray(), plain.asByteArray());
      assertEquals(32, plain.asByteArray().length);
    }
  }
}
