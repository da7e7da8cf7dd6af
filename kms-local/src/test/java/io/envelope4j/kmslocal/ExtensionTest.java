package io.envelope4j.kmslocal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.envelope4j.kmslocal.junit.KmsLocalExtension;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.KmsClient;

/** The JUnit 5 extension: one server per class, faults and counters fresh per test. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExtensionTest {
  @RegisterExtension
  static final KmsLocalExtension KMS =
      KmsLocalExtension.of(KmsLocal.builder().defaultRegion("us-west-2").build());

  static KmsLocalServer firstServer;

  @Test
  @Order(1)
  void first_createsKey_andAddsFault(KmsLocalServer server) {
    firstServer = server;
    assertSame(KMS.server(), server);
    try (KmsClient kms = Clients.noRetries(server.endpoint())) {
      kms.createKey(b -> {});
    }
    server.faults().add(FaultRule.builder().errorCode("ThrottlingException").build());
    assertEquals(1, server.counters().totalCalls());
  }

  @Test
  @Order(2)
  void second_seesSameServerAndKeys_butNoFaultsOrCounts(KmsLocalServer server) {
    assertSame(firstServer, server);
    assertTrue(server.faults().rules().isEmpty());
    assertEquals(0, server.counters().totalCalls());
    try (KmsClient kms = Clients.noRetries(server.endpoint())) {
      assertEquals(1, kms.listKeys().keys().size());
    }
    assertEquals("us-west-2", server.configuration().defaultRegion());
  }

  @Nested
  class Inner {
    @Test
    void nestedClass_sharesTheOuterServer(KmsLocalServer server) {
      assertSame(firstServer == null ? KMS.server() : firstServer, server);
    }
  }
}
