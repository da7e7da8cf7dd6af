package io.envelope4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outputs and inputs that are not plain files, pipelines of runs, and refused flag mixes. */
class EdgeCasesTest {
  @TempDir Path dir;
  CliHarness cli;

  @BeforeEach
  void setUp() throws Exception {
    cli = new CliHarness(dir);
    Files.writeString(dir.resolve("m.txt"), "edge", StandardCharsets.UTF_8);
  }

  private Path fifo(String name) throws Exception {
    Path p = dir.resolve(name);
    assertEquals(0, new ProcessBuilder("mkfifo", p.toString()).start().waitFor());
    return p;
  }

  @Test
  void output_fifo_isWrittenThroughAndStaysAFifo() throws Exception {
    assertEquals(0, cli.run("encrypt", "-i", "m.txt", "-o", "m.e4j").exitCode());
    Path fifo = fifo("out.fifo");
    CompletableFuture<byte[]> reader =
        CompletableFuture.supplyAsync(
            () -> {
              try (InputStream in = Files.newInputStream(fifo)) {
                return in.readAllBytes();
              } catch (Exception e) {
                throw new RuntimeException(e);
              }
            });
    CliHarness.Run run = cli.run("decrypt", "-i", "m.e4j", "-o", fifo.toString());
    assertEquals(0, run.exitCode(), run.toString());
    assertEquals("edge", new String(reader.get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8));
    assertTrue(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS) == false, "still a FIFO");
    assertTrue(Files.exists(fifo));
  }

  @Test
  void input_fifo_isEncrypted() throws Exception {
    Path fifo = fifo("in.fifo");
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write("from a fifo".getBytes(StandardCharsets.UTF_8));
              } catch (Exception e) {
                throw new RuntimeException(e);
              }
            });
    CliHarness.Run enc = cli.run("encrypt", "-i", fifo.toString(), "-o", "f.e4j");
    writer.get(30, TimeUnit.SECONDS);
    assertEquals(0, enc.exitCode(), enc.toString());
    CliHarness.Run dec = cli.run("decrypt", "-i", "f.e4j", "-o", "-");
    assertEquals("from a fifo", dec.out());
  }

  @Test
  void output_symlink_keepsTheLinkAndReplacesItsTarget() throws Exception {
    Path real = Files.writeString(dir.resolve("real.e4j"), "old");
    Path link = Files.createSymbolicLink(dir.resolve("link.e4j"), real);
    assertEquals(0, cli.run("encrypt", "-i", "m.txt", "-o", link.toString()).exitCode());
    assertTrue(Files.isSymbolicLink(link));
    assertEquals(0, cli.run("decrypt", "-i", "real.e4j", "-o", "-").exitCode());
    assertEquals("edge", cli.run("decrypt", "-i", "real.e4j", "-o", "-").out());
  }

  @Test
  void encryptPipedIntoDecrypt_onOneFreshStore_finishes() throws Exception {
    byte[] data = new byte[3_000_000];
    new Random(5).nextBytes(data);
    ProcessBuilder enc =
        Processes.builder(dir, cli.home, Processes.cli("encrypt", "-i", "-", "-o", "-"))
            .redirectError(dir.resolve("enc.err").toFile());
    ProcessBuilder dec =
        Processes.builder(dir, cli.home, Processes.cli("decrypt", "-i", "-", "-o", "out.bin"))
            .redirectError(dir.resolve("dec.err").toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    List<Process> pipeline = ProcessBuilder.startPipeline(List.of(enc, dec));
    try (OutputStream stdin = pipeline.get(0).getOutputStream()) {
      stdin.write(data);
    }
    for (Process p : pipeline) {
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "pipeline hung");
    }
    String errors =
        Files.readString(dir.resolve("enc.err")) + Files.readString(dir.resolve("dec.err"));
    assertEquals(0, pipeline.get(0).exitValue(), errors);
    assertEquals(0, pipeline.get(1).exitValue(), errors);
    assertArrayEquals(data, Files.readAllBytes(dir.resolve("out.bin")));
  }

  @Test
  void refusedCombinations_exitUsage() {
    for (String[] args :
        new String[][] {
          {"encrypt", "--frame-length", "5000000", "-i", "m.txt"},
          {"encrypt", "--frame-length", "0", "-i", "m.txt"},
          {"encrypt", "--metadata-output", "-", "-i", "m.txt", "-o", "-"},
          {"kms", "list-keys", "--raw-aes-key", "m.txt"},
          {"encrypt", "--kms-endpoint", "notaurl", "--key", "k", "-i", "m.txt"},
          {"encrypt", "--suite", "0178", "-i", "m.txt"}
        }) {
      CliHarness.Run run = cli.run(args);
      assertEquals(ExitCode.USAGE.code(), run.exitCode(), String.join(" ", args) + ": " + run);
    }
  }
}
