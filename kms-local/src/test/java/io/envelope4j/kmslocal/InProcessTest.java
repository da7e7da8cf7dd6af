package io.envelope4j.kmslocal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The socket-free transport, {@link KmsLocalServer#handle}. */
class InProcessTest {
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
