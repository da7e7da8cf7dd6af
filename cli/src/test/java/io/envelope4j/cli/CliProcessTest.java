package io.envelope4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What needs a real process: exit codes, locks across processes, signals, file limits. */
class CliProcessTest {
  @TempDir Path dir;

  private Path home() {
    return dir.resolve("home");
  }

  private Path data(String name, int size) throws IOException {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return Files.write(dir.resolve(name), b);
  }

  private int run(String... args) throws Exception {
    return Processes.run(dir, home(), dir.resolve("err.txt").toFile(), Processes.cli(args));
  }

  private String err() throws IOException {
    return Files.readString(dir.resolve("err.txt"));
  }

  private void assertNothingLeft(Path where, String finalName) throws IOException {
    assertFalse(Files.exists(where.resolve(finalName)), finalName + " exists");
    try (Stream<Path> s = Files.list(where)) {
      assertEquals(0, s.filter(p -> p.toString().contains(".e4j-tmp-")).count(), "temp files");
    }
  }

  @Test
  void process_exitCodes_matchTheDocumentedOnes() throws Exception {
    data("m.bin", 100);
    assertEquals(ExitCode.USAGE.code(), run("encrypt", "--frame-length"));
    assertEquals(0, run("encrypt", "-i", "m.bin", "-o", "m.e4j"));
    byte[] ct = Files.readAllBytes(dir.resolve("m.e4j"));
    ct[ct.length - 120] ^= 1;
    Files.write(dir.resolve("m.e4j"), ct);
    assertEquals(ExitCode.BAD_MESSAGE.code(), run("decrypt", "-i", "m.e4j", "-o", "m.out"));
    assertEquals(ExitCode.IO.code(), run("decrypt", "-i", "missing.e4j", "-o", "x"));
  }

  @Test
  void encrypt_twoFirstUsesAtOnce_shareOneDefaultKeyAndBothDecrypt() throws Exception {
    data("a.bin", 200_000);
    data("b.bin", 300_000);
    File errA = dir.resolve("errA.txt").toFile();
    File errB = dir.resolve("errB.txt").toFile();
    Process a =
        Processes.builder(dir, home(), Processes.cli("encrypt", "-i", "a.bin"))
            .redirectError(errA)
            .start();
    Process b =
        Processes.builder(dir, home(), Processes.cli("encrypt", "-i", "b.bin"))
            .redirectError(errB)
            .start();
    assertEquals(0, a.waitFor(), Files.readString(errA.toPath()));
    assertEquals(0, b.waitFor(), Files.readString(errB.toPath()));
    String both = Files.readString(errA.toPath()) + Files.readString(errB.toPath());
    assertEquals(1, both.split("created the default key", -1).length - 1, both);

    CliHarness cli = new CliHarness(dir);
    String aliases = cli.run("kms", "list-aliases").out();
    assertEquals(1, aliases.split("alias/envelope4j-default", -1).length - 1, aliases);
    String target = cli.run("kms", "describe-key", "alias/envelope4j-default").out();
    String keys = cli.run("kms", "list-keys").out();
    java.util.regex.Matcher ids =
        java.util.regex.Pattern.compile("\"keyId\": \"([^\"]+)\"").matcher(keys);
    int enabled = 0;
    while (ids.find()) {
      String key = cli.run("kms", "describe-key", ids.group(1)).out();
      if (key.contains("\"state\": \"Enabled\"")) {
        enabled++;
        assertTrue(target.contains(ids.group(1)), "the enabled key is the alias target");
      } else {
        assertTrue(key.contains("PendingDeletion"), "a losing first use retires its key: " + key);
      }
    }
    assertEquals(1, enabled, keys);
    assertEquals(0, cli.run("decrypt", "-i", "a.bin.e4j", "-o", "a.out").exitCode());
    assertEquals(0, cli.run("decrypt", "-i", "b.bin.e4j", "-o", "b.out").exitCode());
    assertArrayEquals(
        Files.readAllBytes(dir.resolve("a.bin")), Files.readAllBytes(dir.resolve("a.out")));
    assertArrayEquals(
        Files.readAllBytes(dir.resolve("b.bin")), Files.readAllBytes(dir.resolve("b.out")));
  }

  @Test
  void encrypt_fileSizeLimit_exitsIoAndLeavesNothing() throws Exception {
    data("big.bin", 3_000_000);
    List<String> cmd = new ArrayList<>(List.of("bash", "-c", ""));
    String java =
        String.join(" ", quoteAll(Processes.cli("encrypt", "-i", "big.bin", "-o", "big.e4j")));
    cmd.set(2, "ulimit -f 1024; exec " + java);
    int code = Processes.run(dir, home(), dir.resolve("err.txt").toFile(), cmd);
    assertEquals(ExitCode.IO.code(), code, err());
    assertTrue(err().contains("file too large"), err());
    assertNothingLeft(dir, "big.e4j");
  }

  @Test
  void encrypt_fullDisk_exitsIoAndLeavesNothing() throws Exception {
    data("big.bin", 3_000_000);
    Path mount = Files.createDirectories(dir.resolve("small"));
    Process m =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount.toString())
            .redirectErrorStream(true)
            .start();
    boolean mounted = m.waitFor() == 0;
    try {
      Path target = mounted ? mount : dir;
      List<String> cmd = Processes.cli("encrypt", "-i", "big.bin", "-o", target + "/big.e4j");
      if (!mounted) {
        // No tmpfs here (not root, or no mount permission): the limit comes from ulimit instead.
        cmd = List.of("bash", "-c", "ulimit -f 1024; exec " + String.join(" ", quoteAll(cmd)));
      }
      int code = Processes.run(dir, home(), dir.resolve("err.txt").toFile(), cmd);
      assertEquals(ExitCode.IO.code(), code, err());
      assertTrue(err().contains(mounted ? "disk full" : "file too large"), err());
      assertNothingLeft(target, "big.e4j");
    } finally {
      if (mounted) {
        new ProcessBuilder("umount", mount.toString()).start().waitFor();
      }
    }
  }

  @Test
  void decrypt_interruptedMidStream_exits130AndLeavesNothing() throws Exception {
    data("m.bin", 2_000_000);
    assertEquals(0, run("encrypt", "--suite", "0478", "-i", "m.bin", "-o", "m.e4j"));
    byte[] ct = Files.readAllBytes(dir.resolve("m.e4j"));

    Process p =
        Processes.builder(dir, home(), Processes.cli("decrypt", "-i", "-", "-o", "m.out"))
            .redirectError(dir.resolve("err.txt").toFile())
            .start();
    OutputStream stdin = p.getOutputStream();
    stdin.write(ct, 0, ct.length / 2);
    stdin.flush();
    waitForTempFile();
    new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "process did not stop");
    assertEquals(ExitCode.INTERRUPTED.code(), p.exitValue(), err());
    assertNothingLeft(dir, "m.out");
  }

  private void waitForTempFile() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try (Stream<Path> s = Files.list(dir)) {
        if (s.anyMatch(p -> p.toString().contains(".e4j-tmp-"))) {
          return;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("decrypt never opened its output");
  }

  @Test
  void kmsServe_running_cliRunsUseItAndItCleansUpOnSigterm() throws Exception {
    Process serve =
        Processes.builder(dir, home(), Processes.cli("kms", "serve"))
            .redirectError(dir.resolve("serve-err.txt").toFile())
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
      String endpoint = out.readLine();
      assertTrue(endpoint != null && endpoint.startsWith("http://127.0.0.1:"), "" + endpoint);
      assertTrue(Files.exists(home().resolve("serve.json")));

      data("m.bin", 1000);
      CliHarness cli = new CliHarness(dir);
      CliHarness.Run enc = cli.run("encrypt", "-i", "m.bin", "-o", "m.e4j");
      assertEquals(0, enc.exitCode(), enc.toString());
      assertTrue(enc.stderr().contains("of the running kms serve"), enc.stderr());
      assertEquals(0, cli.run("decrypt", "-i", "m.e4j", "-o", "m.out").exitCode());
    } finally {
      serve.destroy();
      assertTrue(serve.waitFor(30, TimeUnit.SECONDS));
    }
    assertFalse(Files.exists(home().resolve("serve.json")), "serve record left behind");
  }

  private static List<String> quoteAll(List<String> args) {
    List<String> q = new ArrayList<>();
    for (String a : args) {
      q.add("'" + a.replace("'", "'\\''") + "'");
    }
    return q;
  }
}
