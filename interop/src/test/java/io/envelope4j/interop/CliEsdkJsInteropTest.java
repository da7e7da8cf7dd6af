package io.envelope4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files the {@code envelope4j} command encrypts with a raw AES key decrypt with the AWS Encryption
 * SDK for JavaScript, and files it encrypts decrypt with the command. The CLI runs as a real
 * process; the ESDK runs in one node process for the whole batch.
 */
class CliEsdkJsInteropTest {
  private static final WrappingKey KEY = WrappingKey.derived("cli-interop", "file-key", 32, 77);
  private static final Map<String, String> CONTEXT = Map.of("purpose", "cli-interop", "n", "1");

  @TempDir Path dir;

  @Test
  void cliEncryptedFiles_decryptWithEsdkJs_andTheReverse() throws Exception {
    Path keyFile = Files.write(dir.resolve("key.bin"), KEY.material());
    List<OracleCase> jsDecrypts = new ArrayList<>();
    List<byte[]> plaintexts = new ArrayList<>();
    int n = 0;
    for (Suite suite : Suite.values()) {
      for (int size : new int[] {0, 1, 3 * 4096 + 7, 200_000}) {
        byte[] plain = random(size, n);
        Path in = Files.write(dir.resolve("p" + n), plain);
        Path out = dir.resolve("p" + n + ".e4j");
        List<String> args = new ArrayList<>(List.of("encrypt", "-i", in.toString(), "-o"));
        args.add(out.toString());
        args.addAll(rawKeyArgs(keyFile));
        args.addAll(List.of("--suite", String.format("%04x", suite.id())));
        CONTEXT.forEach((k, v) -> args.addAll(List.of("--context", k + "=" + v)));
        assertEquals(0, cli(args), "cli encrypt " + suite + " " + size);
        jsDecrypts.add(OracleCase.decrypt("cli-" + n, List.of(KEY), Files.readAllBytes(out)));
        plaintexts.add(plain);
        n++;
      }
    }
    List<OracleResult> decrypted = EsdkJs.fromBuild().run(jsDecrypts);
    for (int i = 0; i < plaintexts.size(); i++) {
      assertArrayEquals(plaintexts.get(i), decrypted.get(i).outputOrFail("ESDK JS"));
      assertEquals(CONTEXT.get("purpose"), decrypted.get(i).context().get("purpose"));
    }

    List<OracleCase> jsEncrypts = new ArrayList<>();
    plaintexts.clear();
    for (Suite suite : Suite.values()) {
      for (int size : new int[] {0, 4096, 100_001}) {
        byte[] plain = random(size, 1000 + jsEncrypts.size());
        plaintexts.add(plain);
        jsEncrypts.add(
            OracleCase.encrypt(
                "js-" + jsEncrypts.size(), suite, 4096, CONTEXT, List.of(KEY), plain));
      }
    }
    List<OracleResult> encrypted = EsdkJs.fromBuild().run(jsEncrypts);
    for (int i = 0; i < jsEncrypts.size(); i++) {
      Path message =
          Files.write(dir.resolve("js" + i + ".e4j"), encrypted.get(i).outputOrFail("ESDK JS"));
      Path out = dir.resolve("js" + i + ".out");
      List<String> args = new ArrayList<>(List.of("decrypt", "-i", message.toString(), "-o"));
      args.add(out.toString());
      args.addAll(rawKeyArgs(keyFile));
      args.addAll(List.of("--context", "purpose=cli-interop"));
      assertEquals(0, cli(args), "cli decrypt of ESDK JS message " + i);
      assertArrayEquals(plaintexts.get(i), Files.readAllBytes(out));
    }
  }

  private static List<String> rawKeyArgs(Path keyFile) {
    return List.of(
        "--raw-aes-key",
        keyFile.toString(),
        "--key-namespace",
        KEY.namespace(),
        "--key-name",
        KEY.name());
  }

  private int cli(List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp"));
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("io.envelope4j.cli.Main");
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().put("ENVELOPE4J_HOME", dir.resolve("home").toString());
    pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
    Path err = dir.resolve("cli-err.txt");
    Process p =
        pb.redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    int code = p.waitFor();
    if (code != 0) {
      System.err.println(Files.readString(err));
    }
    return code;
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }
}
