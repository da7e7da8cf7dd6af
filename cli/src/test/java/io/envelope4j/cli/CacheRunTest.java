package io.envelope4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.envelope4j.kmslocal.KmsLocal;
import io.envelope4j.kmslocal.KmsLocalServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Directory runs with {@code --cache}: the KMS calls are counted from kms-local's audit log, which
 * outlives the CLI processes that made them.
 */
class CacheRunTest {
  private static final String CACHE = "capacity=100,max-age=5m,max-messages=1000";

  @TempDir Path dir;

  @Test
  void treeRoundTrip_withCache2000Files_makesAtMost25KmsCalls() throws Exception {
    roundTrip(2_000);
  }

  @Test
  @Tag("slow")
  void treeRoundTrip_withCache10000Files_makesAtMost25KmsCalls() throws Exception {
    roundTrip(10_000);
  }

  @Test
  void cacheOption_badSettings_exitUsage() throws Exception {
    CliHarness cli = new CliHarness(dir);
    Files.writeString(dir.resolve("m.txt"), "x");
    for (String bad :
        List.of("capacity=100", "max-age=5x", "max-age=5m,max-messages=0", "max-age=5m,nope=1")) {
      CliHarness.Run run = cli.run("encrypt", "--cache", bad, "-i", "m.txt");
      assertEquals(ExitCode.USAGE.code(), run.exitCode(), bad + ": " + run);
      assertTrue(run.stderr().contains("--cache"), run.stderr());
    }
  }

  private void roundTrip(int files) throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    for (int i = 0; i < files; i++) {
      Path sub = Files.createDirectories(in.resolve("d" + (i % 10)));
      Files.writeString(sub.resolve("f" + i + ".txt"), "file number " + i, StandardCharsets.UTF_8);
    }
    Path audit = dir.resolve("audit.jsonl");
    try (KmsLocalServer kms = KmsLocal.builder().auditLog(audit).build().start()) {
      String endpoint = kms.endpoint().toString();
      CliHarness admin = new CliHarness(dir);
      String created = admin.run("kms", "create-key", "--kms-endpoint", endpoint).out();
      String arn = created.replaceAll("(?s).*\"arn\": \"([^\"]+)\".*", "$1");

      int enc =
          run(
              "encrypt",
              "-r",
              "--cache",
              CACHE,
              "--kms-endpoint",
              endpoint,
              "--key",
              arn,
              "-i",
              "in",
              "-o",
              "enc");
      assertEquals(0, enc, Files.readString(dir.resolve("err.txt")));
      int dec =
          run(
              "decrypt",
              "-r",
              "--cache",
              CACHE,
              "--kms-endpoint",
              endpoint,
              "--key",
              arn,
              "-i",
              "enc",
              "-o",
              "dec");
      assertEquals(0, dec, Files.readString(dir.resolve("err.txt")));
    }

    for (int i = 0; i < files; i++) {
      Path rel = Path.of("d" + (i % 10), "f" + i + ".txt");
      assertArrayEquals(
          Files.readAllBytes(in.resolve(rel)), Files.readAllBytes(dir.resolve("dec").resolve(rel)));
    }
    Map<String, Integer> calls = new TreeMap<>();
    for (String line : Files.readAllLines(audit)) {
      for (String op : List.of("GenerateDataKey", "Encrypt", "Decrypt")) {
        if (line.contains("\"eventName\":\"" + op + "\"")) {
          calls.merge(op, 1, Integer::sum);
        }
      }
    }
    int total = calls.values().stream().mapToInt(Integer::intValue).sum();
    assertTrue(calls.getOrDefault("GenerateDataKey", 0) >= files / 1000, calls.toString());
    assertTrue(total <= 25, files + " files made " + calls);
  }

  private int run(String... args) throws Exception {
    return Processes.run(
        dir, dir.resolve("home"), dir.resolve("err.txt").toFile(), Processes.cli(args));
  }
}
