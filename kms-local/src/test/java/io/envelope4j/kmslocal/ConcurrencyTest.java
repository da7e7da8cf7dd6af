package io.envelope4j.kmslocal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;

/**
 * Readers and writers at once on a persistent store: data keys generated and decrypted while the
 * same keys rotate and new keys and aliases appear. Every data key must decrypt to itself.
 */
class ConcurrencyTest {
  @TempDir Path tmp;

  @Test
  void cryptoDuringRotationsAndCreates_everyDataKeyDecrypts() throws Exception {
    try (KmsLocalServer s = KmsLocal.builder().dataDirectory(tmp.resolve("d")).build().start();
        KmsClient admin = Clients.noRetries(s.endpoint())) {
      String key = admin.createKey(b -> {}).keyMetadata().keyId();
      admin.createAlias(b -> b.aliasName("alias/shared").targetKeyId(key));
      ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
      ExecutorService pool = Executors.newFixedThreadPool(6);
      List<Future<?>> jobs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        jobs.add(
            pool.submit(
                () -> {
                  try (KmsClient kms = Clients.noRetries(s.endpoint())) {
                    for (int i = 0; i < 60; i++) {
                      var dk =
                          kms.generateDataKey(
                              b ->
                                  b.keyId("alias/shared")
                                      .keySpec(DataKeySpec.AES_256)
                                      .encryptionContext(Map.of("i", "v")));
                      SdkBytes plain =
                          kms.decrypt(
                                  b ->
                                      b.ciphertextBlob(dk.ciphertextBlob())
                                          .keyId(key)
                                          .encryptionContext(Map.of("i", "v")))
                              .plaintext();
                      assertArrayEquals(dk.plaintext().asByteArray(), plain.asByteArray());
                    }
                  } catch (Throwable e) {
                    failures.add(e);
                  }
                }));
      }
      jobs.add(
          pool.submit(
              () -> {
                try (KmsClient kms = Clients.noRetries(s.endpoint())) {
                  for (int i = 0; i < 8; i++) {
                    kms.rotateKeyOnDemand(b -> b.keyId(key));
                  }
                } catch (Throwable e) {
                  failures.add(e);
                }
              }));
      jobs.add(
          pool.submit(
              () -> {
                try (KmsClient kms = Clients.noRetries(s.endpoint())) {
                  for (int i = 0; i < 20; i++) {
                    String id = kms.createKey(b -> {}).keyMetadata().keyId();
                    String alias = "alias/new-" + i;
                    kms.createAlias(b -> b.aliasName(alias).targetKeyId(id));
                  }
                } catch (Throwable e) {
                  failures.add(e);
                }
              }));
      for (Future<?> f : jobs) {
        f.get();
      }
      pool.shutdown();
      assertTrue(failures.isEmpty(), () -> "failures: " + failures);
      assertEquals(8, admin.listKeyRotations(b -> b.keyId(key)).rotations().size());
      assertEquals(21, admin.listAliases().aliases().size());
      assertEquals(240, s.counters().calls("GenerateDataKey"));
    }
  }
}
