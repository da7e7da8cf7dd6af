package io.envelope4j.kmslocal;

import static io.envelope4j.kmslocal.Errors.assertKmsError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/** The wire protocol itself, seen through raw HTTP: targets, bodies, headers, defaults. */
class ProtocolTest {
  static final String OTHER_ACCESS_KEY = "AKIAI44QH8DHBEXAMPLE";
  static final String OTHER_ACCOUNT = "444455556666";

  KmsLocalServer server;
  HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    server =
        KmsLocal.builder()
            .defaultRegion("eu-central-1")
            .accountFor(OTHER_ACCESS_KEY, OTHER_ACCOUNT)
            .build()
            .start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  HttpResponse<String> post(String target, String body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(server.endpoint().resolve("/"))
            .header("Content-Type", "application/x-amz-json-1.1")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (target != null) {
      b.header("X-Amz-Target", target);
    }
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  @Test
  void start_turnsNagleOffForTheJdkServer() {
    assertEquals("true", System.getProperty("sun.net.httpserver.nodelay"));
  }

  @Test
  void endpoint_isLoopbackWithEphemeralPort() {
    URI e = server.endpoint();
    assertEquals("http", e.getScheme());
    assertEquals("127.0.0.1", e.getHost());
    assertTrue(e.getPort() > 0);
    assertEquals(e.getPort(), server.port());
  }

  @Test
  void unsignedRequest_usesDefaultRegionAndAccount_withEpochSecondDates() throws Exception {
    HttpResponse<String> r = post("TrentService.CreateKey", "{}", Map.of());
    assertEquals(200, r.statusCode());
    assertEquals("application/x-amz-json-1.1", r.headers().firstValue("Content-Type").get());
    assertTrue(r.headers().firstValue("x-amzn-RequestId").isPresent());
    assertTrue(r.body().contains("\"Arn\":\"arn:aws:kms:eu-central-1:111122223333:key/"), r.body());
    assertTrue(r.body().matches(".*\"CreationDate\":[0-9]+(\\.[0-9]+)?[,}].*"), r.body());
  }

  @Test
  void emptyBody_isAnEmptyObject() throws Exception {
    HttpResponse<String> r = post("TrentService.ListKeys", "", Map.of());
    assertEquals(200, r.statusCode());
    assertTrue(r.body().contains("\"Keys\":[]"), r.body());
  }

  @Test
  void unknownOrMissingTarget_isUnknownOperation() throws Exception {
    for (String target : new String[] {"TrentService.Bogus", "Other.CreateKey", null}) {
      HttpResponse<String> r = post(target, "{}", Map.of());
      assertEquals(400, r.statusCode());
      assertTrue(r.body().contains("\"__type\":\"UnknownOperationException\""), r.body());
    }
  }

  @Test
  void realButUnimplementedOperation_isUnsupported() throws Exception {
    HttpResponse<String> r = post("TrentService.CreateGrant", "{}", Map.of());
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("UnsupportedOperationException"), r.body());
  }

  @Test
  void malformedJsonOrWrongTypes_isSerializationError() throws Exception {
    for (String body : new String[] {"{", "[1]", "{\"KeyId\": 5}", "{} {}"}) {
      HttpResponse<String> r = post("TrentService.DescribeKey", body, Map.of());
      assertEquals(400, r.statusCode(), body);
      assertTrue(r.body().contains("\"__type\":\"SerializationException\""), body + r.body());
    }
    HttpResponse<String> r =
        post("TrentService.Encrypt", "{\"KeyId\":\"k\",\"Plaintext\":\"***\"}", Map.of());
    assertTrue(r.body().contains("SerializationException"), r.body());
  }

  @Test
  void oversizedBody_isRefusedBeforeParsing() throws Exception {
    String big = "{\"Description\":\"" + "x".repeat(2 << 20) + "\"}";
    HttpResponse<String> r = post("TrentService.CreateKey", big, Map.of());
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("ValidationException"), r.body());
  }

  @Test
  void sigv4CredentialScope_selectsRegionAndMappedAccount() throws Exception {
    String auth =
        "AWS4-HMAC-SHA256 Credential="
            + OTHER_ACCESS_KEY
            + "/20260101/ap-southeast-2/kms/aws4_request, SignedHeaders=host, Signature=00";
    HttpResponse<String> r = post("TrentService.CreateKey", "{}", Map.of("Authorization", auth));
    assertTrue(
        r.body().contains("arn:aws:kms:ap-southeast-2:" + OTHER_ACCOUNT + ":key/"), r.body());
  }

  @Test
  void credentialScopeWithBadRegion_isRefused() throws Exception {
    String auth =
        "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1|x/kms/aws4_request, Signature=00";
    HttpResponse<String> r = post("TrentService.CreateKey", "{}", Map.of("Authorization", auth));
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("UnrecognizedClientException"), r.body());
    assertTrue(r.body().contains("us-east-1|x"), r.body());
  }

  @Test
  void accounts_doNotSeeEachOthersKeys_butKeyArnsReachAcross() {
    try (KmsClient mine =
            Clients.kms(
                server.endpoint(),
                Clients.Http.URL_CONNECTION,
                Region.US_EAST_1,
                Clients.ACCESS_KEY);
        KmsClient theirs =
            Clients.kms(
                server.endpoint(),
                Clients.Http.URL_CONNECTION,
                Region.US_EAST_1,
                OTHER_ACCESS_KEY)) {
      var key = mine.createKey(b -> {}).keyMetadata();
      assertEquals(KmsLocal.DEFAULT_ACCOUNT, key.awsAccountId());
      assertFalse(theirs.listKeys().keys().stream().anyMatch(k -> k.keyId().equals(key.keyId())));
      assertKmsError("NotFoundException", () -> theirs.describeKey(b -> b.keyId(key.keyId())));
      assertEquals(key.arn(), theirs.describeKey(b -> b.keyId(key.arn())).keyMetadata().arn());
      assertEquals(
          "ok",
          theirs
              .decrypt(
                  b ->
                      b.ciphertextBlob(
                          mine.encrypt(
                                  e ->
                                      e.keyId(key.keyId()).plaintext(SdkBytes.fromUtf8String("ok")))
                              .ciphertextBlob()))
              .plaintext()
              .asUtf8String());
      assertKmsError("NotFoundException", () -> theirs.disableKey(b -> b.keyId(key.arn())));
      assertKmsError(
          "NotFoundException",
          () -> theirs.createAlias(b -> b.aliasName("alias/theirs").targetKeyId(key.arn())));
      assertEquals(
          false, theirs.getKeyRotationStatus(b -> b.keyId(key.arn())).keyRotationEnabled());
      String theirKey = theirs.createKey(b -> {}).keyMetadata().arn();
      assertTrue(theirKey.contains(":" + OTHER_ACCOUNT + ":key/"), theirKey);
    }
  }

  @Test
  void serverErrorCodes_answer500_othersAnswer400() throws Exception {
    for (String code :
        new String[] {
          "KMSInternalException", "KeyUnavailableException", "DependencyTimeoutException"
        }) {
      server.faults().clear();
      server.faults().add(FaultRule.builder().errorCode(code).build());
      HttpResponse<String> r = post("TrentService.ListKeys", "{}", Map.of());
      assertEquals(500, r.statusCode(), code);
      assertTrue(r.body().contains("\"__type\":\"" + code + "\""), r.body());
    }
    server.faults().clear();
    server.faults().add(FaultRule.builder().errorCode("ThrottlingException").build());
    assertEquals(400, post("TrentService.ListKeys", "{}", Map.of()).statusCode());
  }
}
