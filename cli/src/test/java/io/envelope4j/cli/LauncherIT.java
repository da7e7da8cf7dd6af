package io.envelope4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main job through the real launcher script, after the CLI jar is packaged (this runs
 * in Maven's integration-test phase): encrypt and decrypt a large file with a progress bar, check
 * the digest, and keep the Java process's peak resident memory under 256 MiB.
 */
class LauncherIT {
  private static final long MAX_RSS_BYTES = 256L << 20;

  @TempDir Path dir;

  @Test
  void launcher_mainJob64MiB_roundTripsWithinMemoryBound() throws Exception {
    mainJob(64L << 20);
  }

  @Test
  @Tag("slow")
  void launcher_mainJob1GiB_roundTripsWithinMemoryBound() throws Exception {
    mainJob(1L << 30);
  }

  private void mainJob(long size) throws Exception {
    Path launcher = Path.of(System.getProperty("envelope4j.launcher", "../envelope4j"));
    assertTrue(Files.isExecutable(launcher), "launcher not found: " + launcher.toAbsolutePath());
    Path plain = dir.resolve("big.bin");
    byte[] expected = writeRandom(plain, size);

    Measured enc = run(launcher, "encrypt", "--progress", "-i", plain.toString());
    assertEquals(0, enc.exitCode, enc.stderr);
    assertTrue(enc.stderr.contains("MiB/s"), "no progress bar: " + enc.stderr);
    Files.move(plain, dir.resolve("original.bin"));

    Measured dec =
        run(launcher, "decrypt", "--progress", "-i", dir.resolve("big.bin.e4j").toString());
    assertEquals(0, dec.exitCode, dec.stderr);
    assertArrayEquals(expected, sha256(plain));

    String report =
        String.format(
            "main job %d MiB: encrypt %.1f s, peak RSS %d MiB; decrypt %.1f s, peak RSS %d MiB%n",
            size >> 20, enc.seconds, enc.peakRssBytes >> 20, dec.seconds, dec.peakRssBytes >> 20);
    System.out.print(report);
    Files.writeString(Path.of("target", "main-job-" + (size >> 20) + "MiB.txt"), report);
    assertTrue(enc.peakRssBytes < MAX_RSS_BYTES, report);
    assertTrue(dec.peakRssBytes < MAX_RSS_BYTES, report);
  }

  private record Measured(int exitCode, String stderr, double seconds, long peakRssBytes) {}

  private Measured run(Path launcher, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(launcher.toAbsolutePath().toString());
    cmd.addAll(List.of(args));
    Path err = dir.resolve("stderr.txt");
    ProcessBuilder pb = Processes.builder(dir, dir.resolve("home"), cmd);
    pb.redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    long start = System.nanoTime();
    Process p = pb.start();
    Path status = Path.of("/proc", Long.toString(p.pid()), "status");
    long peak = 0;
    while (p.isAlive()) {
      peak = Math.max(peak, highWaterMark(status));
      Thread.sleep(25);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Measured(p.exitValue(), Files.readString(err), seconds, peak);
  }

  /** VmHWM of a live process: its peak resident set so far, which only grows. */
  private static long highWaterMark(Path status) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // The process ended between the check and the read.
    }
    return 0;
  }

  private static byte[] writeRandom(Path file, long size) throws IOException {
    MessageDigest sha = digest();
    Random random = new Random(size);
    byte[] chunk = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long done = 0; done < size; done += chunk.length) {
        random.nextBytes(chunk);
        int n = (int) Math.min(chunk.length, size - done);
        out.write(chunk, 0, n);
        sha.update(chunk, 0, n);
      }
    }
    return sha.digest();
  }

  private static byte[] sha256(Path file) throws IOException {
    MessageDigest sha = digest();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return sha.digest();
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
