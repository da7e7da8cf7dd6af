package io.envelope4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Streams stay in constant memory: a JVM with a 64 MiB heap encrypts and decrypts far more than
 * that through both encrypting streams and the decrypting stream, and the digests match.
 */
class MemoryTest {
  private static final Pattern LINE = Pattern.compile("(\\S+) in=(\\w+) out=(\\w+)");

  @Test
  void streams_256MiBThrough64MiBHeap_digestsMatch() throws Exception {
    runProbe(256L << 20, 5);
  }

  @Test
  @Tag("slow")
  void streams_2GiBThrough64MiBHeap_digestsMatch() throws Exception {
    runProbe(2L << 30, 30);
  }

  private static void runProbe(long bytes, int timeoutMinutes)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process process =
        new ProcessBuilder(
                java,
                "-Xmx64m",
                "-cp",
                classPath,
                MemoryProbe.class.getName(),
                Long.toString(bytes))
            .redirectErrorStream(true)
            .start();
    process.getOutputStream().close();
    String output;
    try {
      output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(process.waitFor(timeoutMinutes, TimeUnit.MINUTES), "probe timed out");
    } finally {
      process.destroyForcibly();
    }
    assertEquals(0, process.exitValue(), output);
    Matcher m = LINE.matcher(output);
    int paths = 0;
    while (m.find()) {
      assertEquals(m.group(2), m.group(3), m.group(1) + " digest mismatch\n" + output);
      paths++;
    }
    assertEquals(2, paths, output);
    assertTrue(output.contains("max-heap="), output);
    long maxHeap = Long.parseLong(output.replaceAll("(?s).*max-heap=(\\d+).*", "$1"));
    assertTrue(maxHeap <= 64L << 20, "probe heap " + maxHeap);
  }
}
