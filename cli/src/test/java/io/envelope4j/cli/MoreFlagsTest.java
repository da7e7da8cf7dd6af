package io.envelope4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flags the other CLI tests do not reach: suffix, policy, limits, quiet, closed pipes. */
class MoreFlagsTest {
  @TempDir Path dir;
  CliHarness cli;

  @BeforeEach
  void setUp() throws IOException {
    cli = new CliHarness(dir);
    Files.writeString(dir.resolve("m.txt"), "flags", StandardCharsets.UTF_8);
  }

  @Test
  void suffix_custom_isAddedAndRemoved() throws IOException {
    assertEquals(0, cli.run("encrypt", "--suffix", ".sealed", "-i", "m.txt").exitCode());
    assertTrue(Files.exists(dir.resolve("m.txt.sealed")));
    Files.delete(dir.resolve("m.txt"));
    assertEquals(0, cli.run("decrypt", "--suffix", ".sealed", "-i", "m.txt.sealed").exitCode());
    assertEquals("flags", Files.readString(dir.resolve("m.txt")));
    CliHarness.Run noSuffix = cli.run("decrypt", "-i", "m.txt.sealed");
    assertEquals(ExitCode.USAGE.code(), noSuffix.exitCode(), noSuffix.toString());
  }

  @Test
  void commitmentPolicy_legacySuiteWrittenUnderForbid_isRefusedUnderDefaultOnDecrypt() {
    CliHarness.Run enc =
        cli.run(
            "encrypt",
            "--commitment-policy",
            "FORBID_ENCRYPT_ALLOW_DECRYPT",
            "--suite",
            "0378",
            "-i",
            "m.txt",
            "-o",
            "legacy.e4j");
    assertEquals(0, enc.exitCode(), enc.toString());
    CliHarness.Run strict = cli.run("decrypt", "-i", "legacy.e4j", "-o", "a");
    assertEquals(ExitCode.BAD_MESSAGE.code(), strict.exitCode(), strict.toString());
    assertTrue(strict.stderr().contains("REQUIRE_ENCRYPT_REQUIRE_DECRYPT"), strict.stderr());
    CliHarness.Run allowed =
        cli.run(
            "decrypt",
            "--commitment-policy",
            "require_encrypt_allow_decrypt",
            "-i",
            "legacy.e4j",
            "-o",
            "b");
    assertEquals(0, allowed.exitCode(), allowed.toString());
  }

  @Test
  void maxEncryptedDataKeys_belowKeyCount_refusesEncryptAndDecrypt() {
    String k1 = arn(cli.run("kms", "create-key"));
    String k2 = arn(cli.run("kms", "create-key"));
    CliHarness.Run refused =
        cli.run(
            "encrypt",
            "--key",
            k1,
            "--key",
            k2,
            "--max-encrypted-data-keys",
            "1",
            "-i",
            "m.txt",
            "-o",
            "x");
    assertTrue(refused.exitCode() != 0, refused.toString());
    assertFalse(Files.exists(dir.resolve("x")));
    assertEquals(
        0, cli.run("encrypt", "--key", k1, "--key", k2, "-i", "m.txt", "-o", "two.e4j").exitCode());
    CliHarness.Run limited =
        cli.run("decrypt", "--max-encrypted-data-keys", "1", "-i", "two.e4j", "-o", "y");
    assertEquals(ExitCode.BAD_MESSAGE.code(), limited.exitCode(), limited.toString());
    CliHarness.Run second = cli.run("decrypt", "--key", k2, "-i", "two.e4j", "-o", "z");
    assertEquals(0, second.exitCode(), "the additional key decrypts alone: " + second);
  }

  private static String arn(CliHarness.Run run) {
    assertEquals(0, run.exitCode(), run.toString());
    return run.out().replaceAll("(?s).*\"arn\": \"([^\"]+)\".*", "$1");
  }

  @Test
  void quiet_and_noProgress_printNothingOnSuccess() throws IOException {
    byte[] big = new byte[2 << 20];
    new Random(1).nextBytes(big);
    Files.write(dir.resolve("big.bin"), big);
    cli.stderrTty = true;
    cli.run("encrypt", "-i", "m.txt", "-o", "first.e4j");
    CliHarness.Run quiet = cli.run("encrypt", "-q", "-i", "big.bin", "-o", "q.e4j");
    assertEquals(0, quiet.exitCode(), quiet.toString());
    assertEquals("", quiet.stderr());
    CliHarness.Run noBar = cli.run("encrypt", "--no-progress", "-i", "big.bin", "-o", "n.e4j");
    assertEquals("", noBar.stderr());
    CliHarness.Run bar = cli.run("encrypt", "-i", "big.bin", "-o", "b.e4j");
    assertTrue(bar.stderr().contains("MiB/s"), "terminal stderr shows a bar: " + bar.stderr());
  }

  @Test
  void decrypt_toClosedPipe_exitsIoWithClearMessage() throws IOException {
    byte[] big = new byte[1 << 20];
    new Random(2).nextBytes(big);
    Files.write(dir.resolve("big.bin"), big);
    assertEquals(
        0, cli.run("encrypt", "--suite", "0478", "-i", "big.bin", "-o", "b.e4j").exitCode());

    OutputStream closedAfter10 =
        new OutputStream() {
          int written;

          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            written += len;
            if (written > 10) {
              throw new IOException("Broken pipe");
            }
          }
        };
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Terminal t =
        new Terminal(
            new ByteArrayInputStream(new byte[0]),
            closedAfter10,
            new PrintStream(err, true, StandardCharsets.UTF_8),
            false,
            false,
            Map.of("ENVELOPE4J_HOME", cli.home.toString()),
            dir);
    int code = Main.run(new String[] {"decrypt", "-i", "b.e4j", "-o", "-"}, t);
    String stderr = err.toString(StandardCharsets.UTF_8);
    assertEquals(ExitCode.IO.code(), code, stderr);
    assertTrue(stderr.contains("broken pipe"), stderr);
    assertFalse(stderr.contains("\tat "), "no stack trace: " + stderr);
  }

  @Test
  void kmsServe_seedAndAuditFlags_areHonoured() throws Exception {
    Path seed = dir.resolve("seed.json");
    Files.writeString(seed, "{\"keys\": []}");
    Path audit = dir.resolve("audit.jsonl");
    Process serve =
        Processes.builder(
                dir,
                cli.home,
                Processes.cli(
                    "kms",
                    "serve",
                    "--in-memory",
                    "--port",
                    "0",
                    "--bind",
                    "127.0.0.1",
                    "--audit-log",
                    audit.toString()))
            .redirectError(dir.resolve("serve.err").toFile())
            .start();
    try {
      String endpoint =
          new java.io.BufferedReader(
                  new java.io.InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
      assertTrue(endpoint != null && endpoint.startsWith("http://127.0.0.1:"), "" + endpoint);
      CliHarness.Run created = cli.run("kms", "create-key", "--kms-endpoint", endpoint);
      assertEquals(0, created.exitCode(), created.toString());
      assertTrue(Files.readString(audit).contains("\"eventName\":\"CreateKey\""));
      assertFalse(Files.exists(cli.home.resolve("serve.json")), "in-memory serve records nothing");
    } finally {
      serve.destroy();
      serve.waitFor();
    }
  }
}
