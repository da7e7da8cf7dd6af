package io.envelope4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.SocketPermission;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the harness before it judges envelope4j: the two oracles decrypt each other's messages
 * over a small grid, and each oracle's setup (install check, network guard, keyrings) does what the
 * grid tests rely on.
 */
@ExtendWith(LoopbackOnly.class)
class OracleHarnessTest {
  private static final int FRAME = 64;
  private static final int[] PLAINTEXT_LENGTHS = {0, 1, FRAME, 3 * FRAME + 7};

  private final EsdkJava java = new EsdkJava();
  private final EsdkJs js = EsdkJs.fromBuild();

  @TestFactory
  Stream<DynamicTest> esdkJavaMessages_decryptWithEsdkJs_matchPlaintext() {
    return crossDecrypt(java, js);
  }

  @TestFactory
  Stream<DynamicTest> esdkJsMessages_decryptWithEsdkJava_matchPlaintext() {
    return crossDecrypt(js, java);
  }

  /**
   * Encrypts the small grid with {@code writer}, then decrypts every message with {@code reader}.
   */
  private static Stream<DynamicTest> crossDecrypt(Oracle writer, Oracle reader) {
    List<OracleCase> encrypts = new ArrayList<>();
    for (Suite suite : Suite.values()) {
      for (TestData.Context context : TestData.Context.values()) {
        for (List<WrappingKey> keys : List.of(WrappingKey.single(), WrappingKey.several())) {
          for (int length : PLAINTEXT_LENGTHS) {
            String id = suite + " " + context + " " + keys.size() + " keys " + length + " bytes";
            encrypts.add(
                OracleCase.encrypt(
                    id,
                    suite,
                    FRAME,
                    context.entries(),
                    keys,
                    TestData.plaintext(length, encrypts.size())));
          }
        }
      }
    }
    List<OracleResult> messages = writer.run(encrypts);
    List<OracleCase> decrypts = new ArrayList<>();
    for (int i = 0; i < encrypts.size(); i++) {
      OracleCase e = encrypts.get(i);
      decrypts.add(
          OracleCase.decrypt(e.id(), e.keys(), messages.get(i).outputOrFail(writer.name())));
    }
    List<OracleResult> plaintexts = reader.run(decrypts);
    return encrypts.stream()
        .map(
            e ->
                DynamicTest.dynamicTest(
                    e.id(),
                    () ->
                        OracleAssertions.assertDecrypted(
                            reader.name(),
                            plaintexts.get(encrypts.indexOf(e)),
                            e.suite(),
                            FRAME,
                            e.context(),
                            e.keys(),
                            e.input())));
  }

  @Test
  void multiKeyringMessage_eachKeyAlone_decryptsInBothOracles() {
    byte[] plaintext = TestData.plaintext(100, 7);
    byte[] message =
        java.runOne(
                OracleCase.encrypt(
                    "multi",
                    Suite.COMMIT_KEY,
                    FRAME,
                    TestData.Context.ASCII.entries(),
                    WrappingKey.several(),
                    plaintext))
            .outputOrFail(java.name());
    List<OracleCase> decrypts = new ArrayList<>();
    for (WrappingKey key : WrappingKey.several()) {
      decrypts.add(OracleCase.decrypt("only " + key, List.of(key), message));
    }
    for (Oracle oracle : List.of(java, js)) {
      List<OracleResult> results = oracle.run(decrypts);
      for (OracleResult result : results) {
        OracleAssertions.assertDecrypted(
            oracle.name(),
            result,
            Suite.COMMIT_KEY,
            FRAME,
            TestData.Context.ASCII.entries(),
            WrappingKey.several(),
            plaintext);
      }
    }
  }

  @Test
  void wrongKey_decrypt_failsInBothOracles() {
    byte[] message =
        java.runOne(
                OracleCase.encrypt(
                    "one key",
                    Suite.COMMIT_KEY,
                    FRAME,
                    TestData.Context.EMPTY.entries(),
                    WrappingKey.single(),
                    TestData.plaintext(10, 1)))
            .outputOrFail(java.name());
    WrappingKey right = WrappingKey.single().get(0);
    WrappingKey wrong = WrappingKey.derived(right.namespace(), right.name(), 32, 99);
    OracleCase decrypt = OracleCase.decrypt("wrong key", List.of(wrong), message);
    for (Oracle oracle : List.of(java, js)) {
      OracleResult result = oracle.run(List.of(decrypt)).get(0);
      assertFalse(result.ok(), oracle.name() + " decrypted with the wrong key");
    }
  }

  /**
   * ESDK JS's raw AES keyring binds the context to each wrapped data key sorted by UTF-16 unless
   * {@code utf8Sorting} is set. A message whose context sorts differently in UTF-8 and UTF-16
   * therefore fails there by default: this proves the grid's non-ASCII context really tells the two
   * orders apart, and that the harness's {@code utf8Sorting: true} is what makes it pass.
   */
  @Test
  void nonAsciiContext_esdkJsDefaultUtf16Sorting_cannotUnwrapEsdkJavaKey() {
    byte[] plaintext = TestData.plaintext(10, 3);
    byte[] message =
        java.runOne(
                OracleCase.encrypt(
                    "non-ascii",
                    Suite.COMMIT_KEY,
                    FRAME,
                    TestData.Context.NON_ASCII.entries(),
                    WrappingKey.single(),
                    plaintext))
            .outputOrFail(java.name());
    OracleCase decrypt = OracleCase.decrypt("non-ascii", WrappingKey.single(), message);

    List<OracleResult> results = js.run(List.of(decrypt.withUtf8Sorting(false), decrypt));

    assertFalse(results.get(0).ok(), "ESDK JS with UTF-16 sorting unwrapped the data key");
    assertTrue(results.get(1).ok(), () -> "ESDK JS with UTF-8 sorting: " + results.get(1));
  }

  @Test
  void esdkJs_withoutNodeModules_failsSayingToRunNpmCi(@TempDir Path empty) {
    EsdkJs missing = new EsdkJs(empty, "node");

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> missing.run(List.of(OracleCase.decrypt("x", WrappingKey.single(), new byte[1]))));

    assertTrue(e.getMessage().contains("npm ci"), e.getMessage());
    assertTrue(e.getMessage().contains(empty.toString()), e.getMessage());
  }

  @Test
  void esdkJs_networkEntryPoints_allRefused() {
    assertEquals(List.of(), js.unguardedNetworkEntryPoints());
  }

  @Test
  @SuppressWarnings("removal")
  void loopbackGuard_nonLoopbackHost_isRefused() {
    LoopbackOnly.Guard guard = new LoopbackOnly.Guard();

    assertThrows(
        SecurityException.class,
        () -> guard.checkPermission(new SocketPermission("kms.example.invalid:443", "connect")));
    assertThrows(
        SecurityException.class,
        () -> guard.checkPermission(new SocketPermission("169.254.169.254:80", "connect")));
    guard.checkPermission(new SocketPermission("127.0.0.1:8080", "connect"));
    guard.checkPermission(new SocketPermission("localhost:0", "listen"));
    assertEquals(LoopbackOnly.Guard.class, System.getSecurityManager().getClass());
  }

  @Test
  void esdkJsBatchWeight_encryptAtFrameLengthOne_countsTheMessageNotThePlaintext() {
    byte[] mebibyte = new byte[1 << 20];
    OracleCase encrypt =
        OracleCase.encrypt("e", Suite.COMMIT_KEY, 1, Map.of(), WrappingKey.single(), mebibyte);
    OracleCase decrypt = OracleCase.decrypt("d", WrappingKey.single(), mebibyte);

    // A million frames of at least 32 bytes of overhead each: two such messages must not share a
    // batch, or the JSON response outgrows what node can hold in one string.
    assertTrue(EsdkJs.weightBytes(encrypt) > 32L * mebibyte.length);
    assertTrue(2 * EsdkJs.weightBytes(encrypt) > EsdkJs.BATCH_INPUT_BYTES);
    assertEquals(mebibyte.length, EsdkJs.weightBytes(decrypt));
  }

  @Test
  void esdkJs_messageLongerThanJacksonsDefaultString_comesBackWhole() {
    // 16 MiB at 1 MiB frames: about 22 million base64 characters in the response, past the 20
    // million that Jackson reads by default (the slow grid's million-frame messages are larger).
    byte[] plaintext = TestData.plaintext(16 << 20, 11);
    OracleCase encrypt =
        OracleCase.encrypt(
            "16 MiB", Suite.COMMIT_KEY, 1 << 20, Map.of(), WrappingKey.single(), plaintext);

    byte[] message = js.run(List.of(encrypt)).get(0).outputOrFail(js.name());
    OracleResult opened =
        new Envelope4j(Envelope4j.Api.ONE_SHOT)
            .runOne(OracleCase.decrypt("16 MiB", WrappingKey.single(), message));

    assertTrue(message.length > plaintext.length, "message length " + message.length);
    OracleAssertions.assertDecrypted(
        "envelope4j", opened, Suite.COMMIT_KEY, 1 << 20, Map.of(), WrappingKey.single(), plaintext);
  }
}
