package io.envelope4j.kmslocal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/** The socket-free transport, {@link KmsLocalServer#handle}. */
class InProcessTest {
  @Test
  void realKmsClient_overInProcessTransport_worksWithoutSocket() throws Exception {
    try (KmsLocalServer s = KmsLocal.builder().build().start();
        KmsClient kms =
            KmsClient.builder()
                .endpointOverride(URI.create("http://in-process.invalid"))
                .region(Region.US_EAST_1)
                .credentialsProvider(
                    StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(Clients.ACCESS_KEY, Clients.SECRET_KEY)))
                .httpClient(new InProcessHttpClient(s))
                .build()) {
      String id = kms.createKey(b -> {}).keyMetadata().keyId();
      var dk = kms.generateDataKey(b -> b.keyId(id).numberOfBytes(32));
      assertArrayEquals(
          dk.plaintext().asByteArray(),
          kms.decrypt(b -> b.ciphertextBlob(dk.ciphertextBlob())).plaintext().asByteArray());
      Errors.assertKmsError("NotFoundException", () -> kms.describeKey(b -> b.keyId("alias/x")));
      assertEquals(1, s.counters().calls("GenerateDataKey"));
    }
  }

  static WireRequest request(String operation, String body) {
    return new WireRequest(
        Map.of(
            "x-amz-target", "TrentService." + operation,
            "amz-sdk-invocation-id", "inv-" + operation,
            "amz-sdk-request", "attempt=1; max=3"),
        body.getBytes(StandardCharsets.UTF_8),
        "127.0.0.1");
  }

  @Test
  void handle_answersLikeHttp_andCounts() throws Exception {
    try (KmsLocalServer s = KmsLocal.builder().build().start()) {
      WireResponse created = s.handle(request("CreateKey", "{\"Description\":\"inproc\"}"));
      assertEquals(200, created.statusCode());
      assertEquals("application/x-amz-json-1.1", created.headers().get("Content-Type"));
      String body = new String(created.body(), StandardCharsets.UTF_8);
      assertTrue(body.contains("\"Description\":\"inproc\""), body);

      WireResponse missing = s.handle(request("DescribeKey", "{\"KeyId\":\"alias/none\"}"));
      assertEquals(400, missing.statusCode());
      assertTrue(new String(missing.body(), StandardCharsets.UTF_8).contains("NotFoundException"));
      assertEquals(1, s.counters().calls("CreateKey"));
      assertEquals(1, s.counters().calls("DescribeKey"));

      WireRequest headerCase =
          new WireRequest(Map.of("X-AMZ-TARGET", "TrentService.ListKeys"), null, null);
      assertEquals("TrentService.ListKeys", headerCase.header("x-amz-target").orElseThrow());
      assertEquals(200, s.handle(headerCase).statusCode());
      s.close();
      assertThrows(IllegalStateException.class, () -> s.handle(headerCase));
    }
  }
}
