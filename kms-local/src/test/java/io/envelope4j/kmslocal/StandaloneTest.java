package io.envelope4j.kmslocal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.KmsClient;

/** {@link KmsLocalMain} as its own process: flags, exit codes, the lock across processes. */
class StandaloneTest {
  @TempDir Path tmp;

  static Process main(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("io.envelope4j.kmslocal.KmsLocalMain");
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).start();
  }

  static String stderr(Process p) throws Exception {
    return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void otherProcess_owningDirectory_isNamedInTheError_andMainExits3() throws Exception {
    Path dir = tmp.resolve("data");
    Process server = main("--data-dir", dir.toString(), "--region", "eu-west-1");
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertTrue(line != null && line.startsWith("kms-local listening on "), "got " + line);
      URI endpoint = URI.create(line.substring("kms-local listening on ".length()));
      assertEquals("127.0.0.1", endpoint.getHost());

      DataDirectoryInUseException e =
          assertThrows(
              DataDirectoryInUseException.class,
              () -> KmsLocal.builder().dataDirectory(dir).build().start());
      assertEquals(server.pid(), e.owner().orElseThrow().pid());
      assertEquals(endpoint, e.owner().orElseThrow().endpoint());
      assertTrue(e.getMessage().contains("process " + server.pid()), e.getMessage());

      try (KmsClient kms = Clients.noRetries(e.owner().get().endpoint())) {
        String arn = kms.createKey(b -> {}).keyMetadata().arn();
        assertTrue(arn.startsWith("arn:aws:kms:us-east-1:"), arn);
      }

      Process second = main("--data-dir", dir.toString());
      assertTrue(second.waitFor(30, TimeUnit.SECONDS));
      assertEquals(3, second.exitValue());
      assertTrue(stderr(second).contains("process " + server.pid()));
    } finally {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
    try (KmsLocalServer s = KmsLocal.builder().dataDirectory(dir).build().start();
        KmsClient kms = Clients.noRetries(s.endpoint())) {
      assertEquals(1, kms.listKeys().keys().size(), "SIGTERM shut down cleanly, key kept");
    }
  }

  @Test
  void badArguments_exit2_withUsage() throws Exception {
    for (String[] args :
        new String[][] {
          {"--port", "x"},
          {"--port", "70000"},
          {"--bogus", "1"},
          {"--region"},
          {"--account", "nokey"},
          {"--bind", "example.com"},
          {"--default-account", "12"}
        }) {
      Process p = main(args);
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      String err = stderr(p);
      assertEquals(2, p.exitValue(), String.join(" ", args) + ": " + err);
      assertTrue(err.contains("usage: kms-local"), err);
    }
  }
}
