package io.envelope4j.kmslocal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.KmsException;

/** The audit log: one CloudTrail-shaped line per attempt, never plaintext. */
class AuditLogTest {
  @TempDir Path tmp;

  @Test
  void everyAttempt_isOneLine_withCallerKeyAndRetryFacts() throws Exception {
    Path log = tmp.resolve("audit.jsonl");
    String secret = "correct horse battery staple";
    String keyArn;
    SdkBytes dataKey;
    try (KmsLocalServer s = KmsLocal.builder().auditLog(log).build().start();
        KmsClient kms = Clients.kms(s.endpoint(), Clients.Http.URL_CONNECTION)) {
      keyArn = kms.createKey(b -> {}).keyMetadata().arn();
      SdkBytes blob =
          kms.encrypt(
                  b ->
                      b.keyId(keyArn)
                          .plaintext(SdkBytes.fromUtf8String(secret))
                          .encryptionContext(Map.of("purpose", "audit"))
                          .grantTokens("grant-token-1"))
              .ciphertextBlob();
      kms.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(Map.of("purpose", "audit")));
      dataKey = kms.generateDataKey(b -> b.keyId(keyArn).keySpec(DataKeySpec.AES_256)).plaintext();
      s.faults()
          .add(
              FaultRule.builder()
                  .operation("DescribeKey")
                  .firstAttempts(1)
                  .maxTimes(1)
                  .errorCode("ThrottlingException")
                  .build());
      kms.describeKey(b -> b.keyId(keyArn));
      assertThrows(KmsException.class, () -> kms.describeKey(b -> b.keyId("alias/none")));
      assertEquals(s.counters().totalAttempts(), Files.readAllLines(log).size());
    }
    String text = Files.readString(log);
    assertFalse(text.contains(Base64.getEncoder().encodeToString(secret.getBytes())), text);
    assertFalse(text.contains(Base64.getEncoder().encodeToString(dataKey.asByteArray())));
    assertFalse(text.contains("\"plaintext\""));
    assertFalse(text.contains("\"ciphertextBlob\""));

    List<String> lines = Files.readAllLines(log);
    assertEquals(7, lines.size(), text);
    String encrypt = lines.get(1);
    for (String fact :
        List.of(
            "\"eventName\":\"Encrypt\"",
            "\"eventSource\":\"kms.amazonaws.com\"",
            "\"awsRegion\":\"us-east-1\"",
            "\"accountId\":\"111122223333\"",
            "\"accessKeyId\":\"" + Clients.ACCESS_KEY + "\"",
            "\"sourceIPAddress\":\"127.0.0.1\"",
            "\"userAgent\":\"aws-sdk-java/",
            "\"encryptionContext\":{\"purpose\":\"audit\"}",
            "\"grantTokens\":[\"grant-token-1\"]",
            "\"ARN\":\"" + keyArn + "\"",
            "\"attempt\":1",
            "\"invocationId\":\"",
            "\"requestID\":\"",
            "\"eventTime\":\"")) {
      assertTrue(encrypt.contains(fact), fact + " missing in " + encrypt);
    }
    String throttled = lines.get(4);
    assertTrue(throttled.contains("\"errorCode\":\"ThrottlingException\""), throttled);
    assertTrue(throttled.contains("\"faultInjected\":true"), throttled);
    String retried = lines.get(5);
    assertTrue(retried.contains("\"attempt\":2"), retried);
    assertEquals(invocationId(throttled), invocationId(retried));
    assertTrue(lines.get(6).contains("\"errorCode\":\"NotFoundException\""), lines.get(6));
  }

  @Test
  void twoServersSharingOneFile_writeWholeLines() throws Exception {
    Path log = tmp.resolve("shared.jsonl");
    int perThread = 150;
    try (KmsLocalServer a = KmsLocal.builder().auditLog(log).build().start();
        KmsLocalServer b = KmsLocal.builder().auditLog(log).build().start()) {
      List<Thread> threads = new java.util.ArrayList<>();
      for (KmsLocalServer s : List.of(a, b, a, b)) {
        Thread t =
            new Thread(
                () -> {
                  try (KmsClient kms = Clients.noRetries(s.endpoint())) {
                    for (int i = 0; i < perThread; i++) {
                      kms.generateRandom(r -> r.numberOfBytes(512));
                    }
                  }
                });
        t.start();
        threads.add(t);
      }
      for (Thread t : threads) {
        t.join();
      }
    }
    List<String> lines = Files.readAllLines(log);
    assertEquals(4 * perThread, lines.size());
    for (String line : lines) {
      assertTrue(line.startsWith("{\"eventVersion\"") && line.endsWith("}"), line);
      assertEquals(1, line.split("\"eventName\"", -1).length - 1, line);
    }
  }

  private static String invocationId(String line) {
    int i = line.indexOf("\"invocationId\":\"") + 16;
    return line.substring(i, line.indexOf('"', i));
  }
}
