package io.envelope4j.kmslocal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Starts kms-local as a separate process on a data directory, drives a burst of writes from four
 * clients (CreateKey, CreateAlias, RotateKeyOnDemand), kills the process with SIGKILL in the middle
 * of it, restarts on the same directory and checks that every acknowledged change is there.
 */
class KillDurabilityTest {
  @TempDir Path tmp;

  record Acked(String keyId, String alias, int rotations) {}

  @Test
  void sigkillDuringWrites_losesNothingAcknowledged() throws Exception {
    Path dir = tmp.resolve("data");
    Map<String, Acked> acked = burstAndKill(dir, "a", 60);
    verify(dir, acked);
  }

  @Test
  @Tag("slow")
  void repeatedSigkills_acrossRestarts_loseNothingAcknowledged() throws Exception {
    Path dir = tmp.resolve("data");
    Map<String, Acked> acked = new java.util.HashMap<>();
    for (int cycle = 0; cycle < 8; cycle++) {
      acked.putAll(burstAndKill(dir, "c" + cycle, 150));
      verify(dir, acked);
    }
  }

  /** Runs the server as a process, writes from four clients, SIGKILLs it after enough acks. */
  private static Map<String, Acked> burstAndKill(Path dir, String prefix, int minAcked)
      throws Exception {
    Process server = startServer(dir);
    URI endpoint = awaitEndpoint(server);
    Map<String, Acked> acked = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      String aliasPrefix = "alias/" + prefix + "-w" + t + "-";
      Thread w =
          new Thread(
              () -> {
                try (KmsClient kms = Clients.noRetries(endpoint)) {
                  for (int i = 0; !stop.get(); i++) {
                    String id = kms.createKey(b -> {}).keyMetadata().keyId();
                    acked.put(id, new Acked(id, null, 0));
                    String alias = aliasPrefix + i;
                    kms.createAlias(b -> b.aliasName(alias).targetKeyId(id));
                    acked.put(id, new Acked(id, alias, 0));
                    kms.rotateKeyOnDemand(b -> b.keyId(id));
                    acked.put(id, new Acked(id, alias, 1));
                  }
                } catch (RuntimeException e) {
                  // The server died under us: the burst is over.
                }
              });
      w.start();
      writers.add(w);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (acked.size() < minAcked) {
      assertTrue(System.nanoTime() < deadline, "only " + acked.size() + " writes acknowledged");
      assertTrue(server.isAlive(), "server died before the kill");
      Thread.sleep(20);
    }
    server.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no flush.
    assertTrue(server.waitFor(10, TimeUnit.SECONDS));
    assertEquals(137, server.exitValue(), "exit status of a SIGKILLed JVM");
    stop.set(true);
    for (Thread w : writers) {
      w.join(10_000);
    }
    return Map.copyOf(acked);
  }

  /** Restarts in-process on {@code dir} and checks every acknowledged change. */
  private static void verify(Path dir, Map<String, Acked> acked) throws Exception {
    try (KmsLocalServer restarted = KmsLocal.builder().dataDirectory(dir).build().start();
        KmsClient kms = Clients.noRetries(restarted.endpoint())) {
      for (Acked a : acked.values()) {
        assertEquals(a.keyId(), kms.describeKey(b -> b.keyId(a.keyId())).keyMetadata().keyId());
        if (a.alias() != null) {
          assertEquals(a.keyId(), kms.describeKey(b -> b.keyId(a.alias())).keyMetadata().keyId());
        }
        int rotations = kms.listKeyRotations(b -> b.keyId(a.keyId())).rotations().size();
        assertTrue(rotations >= a.rotations(), a + " has " + rotations + " rotations");
      }
    }
  }

  private static Process startServer(Path dir) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            "io.envelope4j.kmslocal.KmsLocalMain",
            "--data-dir",
            dir.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  private static URI awaitEndpoint(Process server) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    assertTrue(line != null && line.startsWith("kms-local listening on "), "got: " + line);
    return URI.create(line.substring("kms-local listening on ".length()));
  }
}
