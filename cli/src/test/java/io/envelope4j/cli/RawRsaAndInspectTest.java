package io.envelope4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RawRsaAndInspectTest {
  private static KeyPair pair;

  @TempDir Path dir;
  CliHarness cli;

  @BeforeAll
  static void generate() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    pair = g.generateKeyPair();
  }

  @BeforeEach
  void setUp() throws Exception {
    cli = new CliHarness(dir);
    Files.writeString(dir.resolve("pub.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    Files.writeString(dir.resolve("priv.pem"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
    Files.writeString(dir.resolve("m.txt"), "rsa message", StandardCharsets.UTF_8);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  @ParameterizedTest
  @ValueSource(strings = {"pkcs1", "oaep-sha1", "oaep-sha256", "oaep-sha384", "oaep-sha512"})
  void rawRsa_publicKeyEncryptsPrivateKeyDecrypts(String padding) throws Exception {
    CliHarness.Run enc =
        cli.run(
            "encrypt",
            "--raw-rsa-key",
            "pub.pem",
            "--rsa-padding",
            padding,
            "-i",
            "m.txt",
            "-o",
            "m.e4j");
    assertEquals(0, enc.exitCode(), enc.toString());
    CliHarness.Run dec =
        cli.run(
            "decrypt",
            "--raw-rsa-key",
            "priv.pem",
            "--rsa-padding",
            padding,
            "-i",
            "m.e4j",
            "-o",
            "m.out");
    assertEquals(0, dec.exitCode(), dec.toString());
    assertEquals("rsa message", Files.readString(dir.resolve("m.out")));
  }

  @Test
  void rawRsa_decryptWithPublicKeyOrOtherPadding_fails() throws Exception {
    assertEquals(
        0, cli.run("encrypt", "--raw-rsa-key", "pub.pem", "-i", "m.txt", "-o", "m.e4j").exitCode());
    CliHarness.Run pub = cli.run("decrypt", "--raw-rsa-key", "pub.pem", "-i", "m.e4j", "-o", "a");
    assertEquals(ExitCode.USAGE.code(), pub.exitCode(), pub.toString());
    assertTrue(pub.stderr().contains("private key"), pub.stderr());
    CliHarness.Run other =
        cli.run(
            "decrypt",
            "--raw-rsa-key",
            "priv.pem",
            "--rsa-padding",
            "pkcs1",
            "-i",
            "m.e4j",
            "-o",
            "b");
    assertEquals(ExitCode.KEY_ACCESS.code(), other.exitCode(), other.toString());
    assertFalse(Files.exists(dir.resolve("b")));
    CliHarness.Run bad =
        cli.run(
            "encrypt", "--raw-rsa-key", "pub.pem", "--rsa-padding", "x", "-i", "m.txt", "-o", "c");
    assertEquals(ExitCode.USAGE.code(), bad.exitCode(), bad.toString());
  }

  @Test
  void rawRsa_notAPemKey_exitsUsage() throws Exception {
    Files.writeString(dir.resolve("junk.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n");
    CliHarness.Run run = cli.run("encrypt", "--raw-rsa-key", "junk.pem", "-i", "m.txt");
    assertEquals(ExitCode.USAGE.code(), run.exitCode(), run.toString());
  }

  @Test
  void inspect_message_printsUnauthenticatedHeaderJson() throws Exception {
    assertEquals(
        0,
        cli.run(
                "encrypt",
                "--raw-rsa-key",
                "pub.pem",
                "--key-name",
                "k1",
                "--context",
                "app=web",
                "--frame-length",
                "512",
                "-i",
                "m.txt",
                "-o",
                "m.e4j")
            .exitCode());
    CliHarness.Run run = cli.run("inspect", "-i", "m.e4j");
    assertEquals(0, run.exitCode(), run.toString());
    String json = run.out();
    assertTrue(json.contains("\"authenticated\": false"), json);
    assertTrue(json.contains("\"suite\": \"0x0578\""), json);
    assertTrue(json.contains("\"app\": \"web\""), json);
    assertTrue(json.contains("\"providerId\": \"envelope4j\""), json);
    assertTrue(json.contains("\"providerInfo\": \"k1\""), json);
    assertTrue(json.contains("\"frameLength\": 512"), json);

    byte[] ct = Files.readAllBytes(dir.resolve("m.e4j"));
    CliHarness.Run piped = cli.runWithInput(ct, "inspect", "-i", "-");
    assertEquals(json, piped.out());
  }

  @Test
  void inspect_notAMessage_exitsBadMessage() throws Exception {
    CliHarness.Run run = cli.run("inspect", "-i", "m.txt");
    assertEquals(ExitCode.BAD_MESSAGE.code(), run.exitCode(), run.toString());
  }
}
