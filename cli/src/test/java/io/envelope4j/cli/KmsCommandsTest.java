package io.envelope4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.envelope4j.kmslocal.KmsLocal;
import io.envelope4j.kmslocal.KmsLocalServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KmsCommandsTest {
  private static final Pattern ARN = Pattern.compile("\"arn\": \"([^\"]+)\"");

  @TempDir Path dir;
  CliHarness cli;

  @BeforeEach
  void setUp() throws IOException {
    cli = new CliHarness(dir);
    Files.writeString(dir.resolve("m.txt"), "message", StandardCharsets.UTF_8);
  }

  private static String arn(CliHarness.Run run) {
    Matcher m = ARN.matcher(run.out());
    assertTrue(m.find(), run.out());
    return m.group(1);
  }

  private CliHarness.Run ok(String... args) {
    CliHarness.Run run = cli.run(args);
    assertEquals(0, run.exitCode(), String.join(" ", args) + ": " + run);
    return run;
  }

  @Test
  void kms_keyLifecycle_changesWhatEncryptCanUse() {
    String arn = arn(ok("kms", "create-key", "--description", "test key"));
    assertTrue(ok("kms", "list-keys").out().contains(arn));
    assertTrue(ok("kms", "describe-key", arn).out().contains("test key"));
    ok("kms", "create-alias", "alias/app", arn);
    assertTrue(ok("kms", "list-aliases").out().contains("alias/app"));
    ok("kms", "enable-rotation", "alias/app", "--period-days", "90");
    ok("kms", "rotate", arn);

    ok("encrypt", "--key", "alias/app", "-i", "m.txt", "-o", "a.e4j");
    ok("kms", "disable", arn);
    CliHarness.Run disabled = cli.run("encrypt", "--key", "alias/app", "-i", "m.txt", "-o", "b");
    assertEquals(ExitCode.KEY_ACCESS.code(), disabled.exitCode(), disabled.toString());
    CliHarness.Run cannotDecrypt = cli.run("decrypt", "-i", "a.e4j", "-o", "a.out");
    assertEquals(ExitCode.KEY_ACCESS.code(), cannotDecrypt.exitCode(), cannotDecrypt.toString());

    ok("kms", "enable", arn);
    ok("decrypt", "--key", "alias/app", "-i", "a.e4j", "-o", "a.out");

    assertTrue(
        ok("kms", "schedule-deletion", arn, "--days", "7").out().contains("PendingDeletion"));
    CliHarness.Run pending = cli.run("decrypt", "-i", "a.e4j", "-o", "a2.out");
    assertEquals(ExitCode.KEY_ACCESS.code(), pending.exitCode(), pending.toString());
    ok("kms", "cancel-deletion", arn);
  }

  @Test
  void kms_replicate_multiRegionKeyDecryptsInReplicaRegion() {
    String arn = arn(ok("kms", "create-key", "--multi-region"));
    assertTrue(arn.contains(":key/mrk-"), arn);
    String replica = arn(ok("kms", "replicate", arn, "--to-region", "eu-west-1"));
    assertTrue(replica.startsWith("arn:aws:kms:eu-west-1:"), replica);
    ok("encrypt", "--key", arn, "-i", "m.txt", "-o", "m.e4j");
    ok("decrypt", "--key", arn, "-i", "m.e4j", "-o", "m.out");
    assertTrue(ok("kms", "describe-key", replica).out().contains("eu-west-1"));
    ok("kms", "disable", arn);
    ok("decrypt", "--key", replica, "-i", "m.e4j", "-o", "replica.out");
  }

  @Test
  void decrypt_remoteKmsWithoutKeyOrDiscovery_exitsUsage() throws Exception {
    try (KmsLocalServer server = KmsLocal.builder().build().start()) {
      String endpoint = server.endpoint().toString();
      String arn = arn(ok("kms", "create-key", "--kms-endpoint", endpoint));
      ok("encrypt", "--kms-endpoint", endpoint, "--key", arn, "-i", "m.txt", "-o", "m.e4j");

      CliHarness.Run bare = cli.run("decrypt", "--kms-endpoint", endpoint, "-i", "m.e4j");
      assertEquals(ExitCode.USAGE.code(), bare.exitCode(), bare.toString());
      assertTrue(bare.stderr().contains("--discovery"), bare.stderr());

      ok("decrypt", "--kms-endpoint", endpoint, "--discovery", "-i", "m.e4j", "-o", "a");
      ok(
          "decrypt",
          "--kms-endpoint",
          endpoint,
          "--discovery",
          "--discovery-account",
          KmsLocal.DEFAULT_ACCOUNT,
          "-i",
          "m.e4j",
          "-o",
          "b");
      CliHarness.Run otherAccount =
          cli.run(
              "decrypt",
              "--kms-endpoint",
              endpoint,
              "--discovery",
              "--discovery-account",
              "444455556666",
              "-i",
              "m.e4j",
              "-o",
              "c");
      assertEquals(ExitCode.KEY_ACCESS.code(), otherAccount.exitCode(), otherAccount.toString());
      assertTrue(Files.notExists(dir.resolve("c")));
    }
  }

  @Test
  void encrypt_remoteKmsWithoutKey_exitsUsage() throws Exception {
    try (KmsLocalServer server = KmsLocal.builder().build().start()) {
      CliHarness.Run run =
          cli.run("encrypt", "--kms-endpoint", server.endpoint().toString(), "-i", "m.txt");
      assertEquals(ExitCode.USAGE.code(), run.exitCode(), run.toString());
    }
  }

  @Test
  void kms_unknownKey_exitsKeyAccess() {
    CliHarness.Run run = cli.run("kms", "describe-key", "alias/none");
    assertEquals(ExitCode.KEY_ACCESS.code(), run.exitCode(), run.toString());
  }
}
