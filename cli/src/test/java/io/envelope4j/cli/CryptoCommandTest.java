package io.envelope4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CryptoCommandTest {
  @TempDir Path dir;
  CliHarness cli;

  @BeforeEach
  void setUp() {
    cli = new CliHarness(dir);
  }

  private Path write(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.write(p, bytes);
    return p;
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private void assertNoTemporaryFiles(Path where) throws IOException {
    try (Stream<Path> s = Files.walk(where)) {
      assertEquals(
          0, s.filter(p -> p.getFileName().toString().contains(".e4j-tmp-")).count(), "temp files");
    }
  }

  @Test
  void encrypt_embeddedStoreFirstUse_createsDefaultKeyOnceAndRoundTrips() throws IOException {
    byte[] data = random(300_000, 1);
    write("a.bin", data);

    CliHarness.Run first = cli.run("encrypt", "-i", "a.bin");
    assertEquals(0, first.exitCode(), first.toString());
    assertTrue(first.stderr().contains("created the default key"), first.stderr());
    assertTrue(Files.exists(dir.resolve("a.bin.e4j")));

    Files.move(dir.resolve("a.bin"), dir.resolve("orig.bin"));
    CliHarness.Run second = cli.run("decrypt", "-i", "a.bin.e4j");
    assertEquals(0, second.exitCode(), second.toString());
    assertFalse(second.stderr().contains("created the default key"), second.stderr());
    assertArrayEquals(data, Files.readAllBytes(dir.resolve("a.bin")));
  }

  @Test
  void decrypt_plaintextFile_isPrivateToOwner() throws IOException {
    write("p.txt", "secret".getBytes(StandardCharsets.UTF_8));
    assertEquals(0, cli.run("encrypt", "-i", "p.txt", "-o", "p.e4j").exitCode());
    assertEquals(0, cli.run("decrypt", "-i", "p.e4j", "-o", "back.txt").exitCode());
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir.resolve("back.txt"));
    assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), perms);
  }

  @Test
  void encrypt_stdinToStdout_decryptsFromStdin() {
    byte[] data = random(10_000, 2);
    CliHarness.Run enc = cli.runWithInput(data, "encrypt", "-i", "-", "-o", "-");
    assertEquals(0, enc.exitCode(), enc.toString());
    CliHarness.Run dec = cli.runWithInput(enc.stdout(), "decrypt", "-i", "-", "-o", "-");
    assertEquals(0, dec.exitCode(), dec.toString());
    assertArrayEquals(data, dec.stdout());
  }

  @Test
  void encrypt_stdinToFile_decryptsFromFileToStdout() {
    byte[] data = random(70_000, 11);
    CliHarness.Run enc = cli.runWithInput(data, "encrypt", "-i", "-", "-o", "s.e4j");
    assertEquals(0, enc.exitCode(), enc.toString());
    CliHarness.Run dec = cli.run("decrypt", "-i", "s.e4j", "-o", "-");
    assertEquals(0, dec.exitCode(), dec.toString());
    assertArrayEquals(data, dec.stdout());
    CliHarness.Run back = cli.runWithInput(enc.stdout(), "decrypt", "-i", "-", "-o", "x");
    assertEquals(ExitCode.BAD_MESSAGE.code(), back.exitCode(), "empty input is not a message");
  }

  @Test
  void encrypt_binaryToTerminal_isRefused() {
    cli.stdoutTty = true;
    CliHarness.Run run = cli.runWithInput(new byte[5], "encrypt", "-i", "-", "-o", "-");
    assertEquals(ExitCode.USAGE.code(), run.exitCode());
    assertTrue(run.stderr().contains("terminal"), run.stderr());
    assertEquals(0, run.stdout().length);
  }

  @Test
  void encrypt_encodeThenDecodeWithCrlf_roundTrips() {
    byte[] data = random(5_000, 3);
    CliHarness.Run enc =
        cli.runWithInput(data, "encrypt", "--encode", "--suite", "0478", "-i", "-", "-o", "-");
    assertEquals(0, enc.exitCode(), enc.toString());
    String text = enc.out();
    assertEquals(1, text.split("\n", -1).length - 1, "single line");
    StringBuilder folded = new StringBuilder();
    for (int i = 0; i < text.length(); i += 76) {
      folded.append(text, i, Math.min(text.length(), i + 76)).append("\r\n");
    }
    CliHarness.Run dec =
        cli.runWithInput(
            folded.toString().getBytes(StandardCharsets.US_ASCII),
            "decrypt",
            "--decode",
            "-i",
            "-",
            "-o",
            "-");
    assertEquals(0, dec.exitCode(), dec.toString());
    assertArrayEquals(data, dec.stdout());
  }

  @Test
  void decrypt_tamperedFile_exitsBadMessageAndLeavesNothing() throws IOException {
    write("t.bin", random(50_000, 4));
    assertEquals(0, cli.run("encrypt", "-i", "t.bin", "-o", "t.e4j").exitCode());
    byte[] ct = Files.readAllBytes(dir.resolve("t.e4j"));
    ct[ct.length - 200] ^= 1;
    Files.write(dir.resolve("t.e4j"), ct);

    CliHarness.Run run = cli.run("decrypt", "-i", "t.e4j", "-o", "out.bin");
    assertEquals(ExitCode.BAD_MESSAGE.code(), run.exitCode(), run.toString());
    assertFalse(Files.exists(dir.resolve("out.bin")));
    assertNoTemporaryFiles(dir);
  }

  @Test
  void decrypt_truncatedFile_exitsBadMessageAndLeavesNothing() throws IOException {
    write("t.bin", random(20_000, 5));
    assertEquals(0, cli.run("encrypt", "-i", "t.bin", "-o", "t.e4j").exitCode());
    byte[] ct = Files.readAllBytes(dir.resolve("t.e4j"));
    Files.write(dir.resolve("t.e4j"), java.util.Arrays.copyOf(ct, ct.length - 10));

    CliHarness.Run run = cli.run("decrypt", "-i", "t.e4j", "-o", "out.bin");
    assertEquals(ExitCode.BAD_MESSAGE.code(), run.exitCode(), run.toString());
    assertFalse(Files.exists(dir.resolve("out.bin")));
    assertNoTemporaryFiles(dir);
  }

  @Test
  void decrypt_wrongRawAesKey_exitsKeyAccess() throws IOException {
    write("k1", random(32, 6));
    write("k2", random(32, 7));
    write("m.txt", "hello".getBytes(StandardCharsets.UTF_8));
    assertEquals(
        0, cli.run("encrypt", "--raw-aes-key", "k1", "-i", "m.txt", "-o", "m.e4j").exitCode());
    CliHarness.Run run = cli.run("decrypt", "--raw-aes-key", "k2", "-i", "m.e4j", "-o", "m2");
    assertEquals(ExitCode.KEY_ACCESS.code(), run.exitCode(), run.toString());
    assertFalse(Files.exists(dir.resolve("m2")));

    CliHarness.Run ok = cli.run("decrypt", "--raw-aes-key", "k1", "-i", "m.e4j", "-o", "m2");
    assertEquals(0, ok.exitCode(), ok.toString());
    assertEquals("hello", Files.readString(dir.resolve("m2")));
  }

  @Test
  void encrypt_rawAesKeyOfWrongSize_exitsUsage() throws IOException {
    write("k", random(20, 8));
    write("m.txt", new byte[1]);
    CliHarness.Run run = cli.run("encrypt", "--raw-aes-key", "k", "-i", "m.txt");
    assertEquals(ExitCode.USAGE.code(), run.exitCode(), run.toString());
    assertTrue(run.stderr().contains("20 bytes"), run.stderr());
  }

  @Test
  void decrypt_contextChecks_requireStoredPairsAndBareKeys() throws IOException {
    write("m.txt", "hi".getBytes(StandardCharsets.UTF_8));
    assertEquals(
        0,
        cli.run("encrypt", "--context", "app=web", "--context", "env=prod", "-i", "m.txt")
            .exitCode());

    CliHarness.Run good =
        cli.run(
            "decrypt", "--context", "app=web", "--context", "env", "-i", "m.txt.e4j", "-o", "a");
    assertEquals(0, good.exitCode(), good.toString());

    CliHarness.Run wrongValue =
        cli.run("decrypt", "--context", "app=api", "-i", "m.txt.e4j", "-o", "b");
    assertEquals(ExitCode.BAD_MESSAGE.code(), wrongValue.exitCode(), wrongValue.toString());
    assertFalse(Files.exists(dir.resolve("b")));

    CliHarness.Run missingKey =
        cli.run("decrypt", "--context", "tenant", "-i", "m.txt.e4j", "-o", "c");
    assertEquals(ExitCode.BAD_MESSAGE.code(), missingKey.exitCode(), missingKey.toString());
    assertFalse(Files.exists(dir.resolve("c")));
  }

  @Test
  void encrypt_noOverwriteWithExistingOutput_keepsItAndExitsIo() throws IOException {
    write("m.txt", "new".getBytes(StandardCharsets.UTF_8));
    write("m.txt.e4j", "old".getBytes(StandardCharsets.UTF_8));
    CliHarness.Run run = cli.run("encrypt", "--no-overwrite", "-i", "m.txt");
    assertEquals(ExitCode.IO.code(), run.exitCode(), run.toString());
    assertEquals("old", Files.readString(dir.resolve("m.txt.e4j")));
    assertNoTemporaryFiles(dir);
  }

  @Test
  void decrypt_unsignedOnly_refusesSignedSuiteAcceptsUnsigned() throws IOException {
    write("m.txt", "x".getBytes(StandardCharsets.UTF_8));
    assertEquals(0, cli.run("encrypt", "-i", "m.txt", "-o", "signed.e4j").exitCode());
    assertEquals(
        0, cli.run("encrypt", "--suite", "0478", "-i", "m.txt", "-o", "plain.e4j").exitCode());

    CliHarness.Run signed =
        cli.run("decrypt", "--decrypt-unsigned", "-i", "signed.e4j", "-o", "s.out");
    assertEquals(ExitCode.BAD_MESSAGE.code(), signed.exitCode(), signed.toString());
    assertFalse(Files.exists(dir.resolve("s.out")));

    CliHarness.Run unsigned =
        cli.run("decrypt", "--decrypt-unsigned", "-i", "plain.e4j", "-o", "p.out");
    assertEquals(0, unsigned.exitCode(), unsigned.toString());
  }

  @Test
  void encrypt_suiteByNameAndFrameLength_areHonoured() throws IOException {
    write("m.bin", random(1000, 9));
    CliHarness.Run run =
        cli.run(
            "encrypt",
            "--suite",
            "AES_256_GCM_HKDF_SHA512_COMMIT_KEY",
            "--frame-length",
            "100",
            "--metadata-output",
            "meta.jsonl",
            "-i",
            "m.bin");
    assertEquals(0, run.exitCode(), run.toString());
    CliHarness.Run dec =
        cli.run("decrypt", "--metadata-output", "meta.jsonl", "-i", "m.bin.e4j", "-o", "m.out");
    assertEquals(0, dec.exitCode(), dec.toString());
    String[] lines = Files.readString(dir.resolve("meta.jsonl")).split("\n");
    assertEquals(2, lines.length);
    assertTrue(lines[0].contains("\"mode\": \"encrypt\""), lines[0]);
    assertTrue(lines[1].contains("\"suite\": \"0x0478\""), lines[1]);
    assertTrue(lines[1].contains("\"frameLength\": 100"), lines[1]);
    assertTrue(lines[1].contains("\"providerId\": \"aws-kms\""), lines[1]);
  }

  @Test
  void encrypt_unknownSuite_exitsUsage() throws IOException {
    write("m.bin", new byte[1]);
    CliHarness.Run run = cli.run("encrypt", "--suite", "9999", "-i", "m.bin");
    assertEquals(ExitCode.USAGE.code(), run.exitCode(), run.toString());
  }

  @Test
  void encrypt_legacySuiteUnderDefaultPolicy_isRefused() throws IOException {
    write("m.bin", new byte[1]);
    CliHarness.Run run = cli.run("encrypt", "--suite", "0378", "-i", "m.bin");
    assertTrue(run.exitCode() != 0, run.toString());
    assertFalse(Files.exists(dir.resolve("m.bin.e4j")));
  }

  @Test
  void commands_badUsage_exitUsageWithHint() {
    assertEquals(ExitCode.USAGE.code(), cli.run("encrypt").exitCode());
    assertEquals(ExitCode.USAGE.code(), cli.run("encrypt", "-i", "x", "--bogus").exitCode());
    assertEquals(ExitCode.USAGE.code(), cli.run("frobnicate").exitCode());
    assertEquals(ExitCode.USAGE.code(), cli.run().exitCode());
    CliHarness.Run stdin = cli.run("encrypt", "-i", "-");
    assertEquals(ExitCode.USAGE.code(), stdin.exitCode());
    assertTrue(stdin.stderr().contains("-o"), stdin.stderr());
  }

  @Test
  void encrypt_missingInput_exitsIo() {
    CliHarness.Run run = cli.run("encrypt", "-i", "nope.bin");
    assertEquals(ExitCode.IO.code(), run.exitCode(), run.toString());
    assertTrue(run.stderr().contains("nope.bin"), run.stderr());
  }

  @Test
  void help_everyCommand_printsUsageAndExitsZero() {
    for (String[] args :
        new String[][] {
          {"--help"},
          {"encrypt", "--help"},
          {"decrypt", "--help"},
          {"kms", "--help"},
          {"kms", "serve", "--help"},
          {"kms", "create-key", "--help"}
        }) {
      CliHarness.Run run = cli.run(args);
      assertEquals(0, run.exitCode(), String.join(" ", args));
      assertTrue(run.out().contains("Usage:"), run.out());
    }
    assertTrue(cli.run("--help").out().contains("Exit codes"));
  }

  @Test
  void encrypt_recursiveTree_mirrorsAndRoundTripsSkippingLinks() throws IOException {
    write("in/a.txt", "a".getBytes(StandardCharsets.UTF_8));
    write("in/sub/b.txt", "b".getBytes(StandardCharsets.UTF_8));
    write("in/sub/deeper/c.bin", random(9000, 10));
    Files.createSymbolicLink(dir.resolve("in/link.txt"), dir.resolve("in/a.txt"));

    CliHarness.Run enc = cli.run("encrypt", "-r", "-i", "in", "-o", "enc");
    assertEquals(0, enc.exitCode(), enc.toString());
    assertTrue(enc.stderr().contains("link.txt"), enc.stderr());
    assertTrue(Files.exists(dir.resolve("enc/sub/deeper/c.bin.e4j")));
    assertFalse(Files.exists(dir.resolve("enc/link.txt.e4j")));

    CliHarness.Run dec = cli.run("decrypt", "-r", "-i", "enc", "-o", "dec");
    assertEquals(0, dec.exitCode(), dec.toString());
    assertEquals("b", Files.readString(dir.resolve("dec/sub/b.txt")));
    assertArrayEquals(
        Files.readAllBytes(dir.resolve("in/sub/deeper/c.bin")),
        Files.readAllBytes(dir.resolve("dec/sub/deeper/c.bin")));
  }

  @Test
  void decrypt_recursiveWithOneBadFile_reportsItAndFinishesTheRest() throws IOException {
    write("in/good.txt", "good".getBytes(StandardCharsets.UTF_8));
    write("in/bad.txt", "bad".getBytes(StandardCharsets.UTF_8));
    assertEquals(0, cli.run("encrypt", "-r", "-i", "in", "-o", "enc").exitCode());
    byte[] ct = Files.readAllBytes(dir.resolve("enc/bad.txt.e4j"));
    ct[ct.length - 5] ^= 0x40;
    Files.write(dir.resolve("enc/bad.txt.e4j"), ct);

    CliHarness.Run dec =
        cli.run("decrypt", "-r", "--metadata-output", "m.jsonl", "-i", "enc", "-o", "dec");
    assertEquals(ExitCode.PARTIAL.code(), dec.exitCode(), dec.toString());
    assertTrue(dec.stderr().contains("bad.txt.e4j"), dec.stderr());
    assertEquals("good", Files.readString(dir.resolve("dec/good.txt")));
    assertFalse(Files.exists(dir.resolve("dec/bad.txt")));
    String meta = Files.readString(dir.resolve("m.jsonl"));
    assertTrue(meta.contains("\"status\": \"failed\""), meta);
    assertTrue(meta.contains("\"status\": \"ok\""), meta);
    assertNoTemporaryFiles(dir);
  }

  @Test
  void encrypt_outputInsideInputTree_isRefused() throws IOException {
    write("in/a.txt", new byte[1]);
    CliHarness.Run run = cli.run("encrypt", "-r", "-i", "in", "-o", "in/out");
    assertEquals(ExitCode.USAGE.code(), run.exitCode(), run.toString());
  }
}
