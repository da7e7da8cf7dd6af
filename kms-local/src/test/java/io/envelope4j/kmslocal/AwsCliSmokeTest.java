package io.envelope4j.kmslocal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code src/test/sh/awscli-smoke.sh}: the Debian AWS CLI v2 against a standalone server. CI
 * installs {@code awscli}; on a machine without {@code /usr/bin/aws} the test is skipped with that
 * reason.
 */
class AwsCliSmokeTest {
  @Test
  void awsCli_createAliasEncryptDecryptDataKeyDeletion_succeeds() throws Exception {
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/aws")),
        "/usr/bin/aws is missing; apt-get install -y awscli");
    Path script = Path.of("src/test/sh/awscli-smoke.sh").toAbsolutePath();
    Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "awscli smoke script timed out");
    String text = new String(out, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), text);
    assertTrue(text.contains("awscli-smoke: ok"), text);
  }
}
