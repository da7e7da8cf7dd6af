package io.envelope4j.kmslocal;

import static io.envelope4j.kmslocal.Errors.assertKmsError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.KmsException;

/** Fault injection and the call and attempt counters, seen through the real SDK. */
class FaultsAndCountersTest {
  KmsLocalServer server;
  KmsClient retrying;
  KmsClient single;
  String keyId;

  @BeforeEach
  void start() throws Exception {
    server = KmsLocal.builder().faultSeed(42).build().start();
    retrying = Clients.kms(server.endpoint(), Clients.Http.URL_CONNECTION);
    single = Clients.noRetries(server.endpoint());
    keyId = single.createKey(b -> {}).keyMetadata().keyId();
    server.counters().reset();
  }

  @AfterEach
  void stop() {
    retrying.close();
    single.close();
    server.close();
  }

  void generate(KmsClient kms) {
    kms.generateDataKey(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256));
  }

  List<Boolean> throttledPattern(int n) {
    List<Boolean> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      try {
        generate(single);
        out.add(false);
      } catch (KmsException e) {
        assertEquals("ThrottlingException", e.awsErrorDetails().errorCode());
        out.add(true);
      }
    }
    return out;
  }

  @Test
  void throttleFraction_hitsAboutThatShare_andReplaysUnderSeed() {
    server.faults().add(FaultRule.builder().errorCode("ThrottlingException").fraction(0.3).build());
    List<Boolean> first = throttledPattern(200);
    long throttled = first.stream().filter(b -> b).count();
    assertTrue(throttled > 30 && throttled < 90, "throttled " + throttled + " of 200");

    server.faults().reseed(42);
    assertEquals(first, throttledPattern(200));
    server.faults().reseed(7);
    assertTrue(!first.equals(throttledPattern(200)), "another seed gives another pattern");
  }

  @Test
  void failFirstAttempts_sdkRetriesThrough_countingOneCallAndThreeAttempts() {
    server
        .faults()
        .add(
            FaultRule.builder()
                .operation("GenerateDataKey")
                .firstAttempts(2)
                .errorCode("KMSInternalException")
                .build());
    generate(retrying);
    assertEquals(1, server.counters().calls("GenerateDataKey"));
    assertEquals(3, server.counters().attempts("GenerateDataKey"));

    assertKmsError("KMSInternalException", 500, () -> generate(single));
    assertEquals(2, server.counters().calls("GenerateDataKey"));
    assertEquals(4, server.counters().attempts("GenerateDataKey"));
  }

  @Test
  void errorForOperationAndKey_hitsOnlyThatPair_inAnyIdentifierForm() {
    String other = single.createKey(b -> {}).keyMetadata().keyId();
    single.createAlias(b -> b.aliasName("alias/app").targetKeyId(keyId));
    SdkBytes blob =
        single
            .encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x")))
            .ciphertextBlob();
    SdkBytes otherBlob =
        single
            .encrypt(b -> b.keyId(other).plaintext(SdkBytes.fromUtf8String("y")))
            .ciphertextBlob();
    server
        .faults()
        .add(
            FaultRule.builder()
                .operation("Decrypt")
                .keyId("alias/app")
                .errorCode("KeyUnavailableException")
                .build());
    assertKmsError(
        "KeyUnavailableException", 500, () -> single.decrypt(b -> b.ciphertextBlob(blob)));
    assertKmsError(
        "KeyUnavailableException",
        500,
        () -> single.decrypt(b -> b.ciphertextBlob(blob).keyId(keyId)));
    assertEquals("y", single.decrypt(b -> b.ciphertextBlob(otherBlob)).plaintext().asUtf8String());
    generate(single);
  }

  @Test
  void maxTimes_limitsHowOftenARuleFires() {
    server
        .faults()
        .add(FaultRule.builder().errorCode("LimitExceededException").maxTimes(2).build());
    assertKmsError("LimitExceededException", () -> generate(single));
    assertKmsError("LimitExceededException", () -> generate(single));
    generate(single);
  }

  @Test
  void latency_delaysTheAnswer() {
    server
        .faults()
        .add(FaultRule.builder().operation("ListKeys").latency(Duration.ofMillis(300)).build());
    long t0 = System.nanoTime();
    single.listKeys();
    long elapsedMillis = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(elapsedMillis >= 300, "ListKeys took " + elapsedMillis + " ms");
  }

  @Test
  void injectedFault_changesNothing() {
    server
        .faults()
        .add(FaultRule.builder().operation("CreateKey").errorCode("KMSInternalException").build());
    assertThrows(KmsException.class, () -> single.createKey(b -> {}));
    assertEquals(1, single.listKeys().keys().size());
  }

  @Test
  void counters_countCallsAndAttemptsPerOperation_andReset() {
    generate(single);
    generate(single);
    single.listKeys();
    assertThrows(KmsException.class, () -> single.describeKey(b -> b.keyId("alias/none")));
    assertEquals(2, server.counters().calls("GenerateDataKey"));
    assertEquals(2, server.counters().attempts("GenerateDataKey"));
    assertEquals(1, server.counters().calls("DescribeKey"));
    assertEquals(0, server.counters().calls("Encrypt"));
    assertEquals(4, server.counters().totalCalls());
    assertEquals(4, server.counters().totalAttempts());
    assertEquals(
        Map.of(
            "GenerateDataKey", new CallCount(2, 2),
            "ListKeys", new CallCount(1, 1),
            "DescribeKey", new CallCount(1, 1)),
        server.counters().snapshot());
    server.counters().reset();
    assertEquals(0, server.counters().totalAttempts());
    assertEquals(Map.of(), server.counters().snapshot());
  }

  @Test
  void faultRuleBuilder_rejectsNonsense() {
    assertThrows(IllegalStateException.class, () -> FaultRule.builder().build());
    assertThrows(IllegalArgumentException.class, () -> FaultRule.builder().fraction(1.5));
    assertThrows(IllegalArgumentException.class, () -> FaultRule.builder().firstAttempts(0));
    assertThrows(IllegalArgumentException.class, () -> FaultRule.builder().httpStatus(200));
    assertThrows(
        IllegalArgumentException.class, () -> FaultRule.builder().latency(Duration.ofMillis(-1)));
    assertEquals(
        500, FaultRule.builder().errorCode("DependencyTimeoutException").build().httpStatus());
    assertEquals(400, FaultRule.builder().errorCode("ThrottlingException").build().httpStatus());
  }

  @Test
  void faults_rulesListAndClear() {
    FaultRule r = FaultRule.builder().errorCode("ThrottlingException").build();
    server.faults().add(r);
    assertEquals(List.of(r), server.faults().rules());
    server.faults().clear();
    assertEquals(List.of(), server.faults().rules());
    generate(single);
  }
}
