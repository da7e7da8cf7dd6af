package io.envelope4j.interop;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every encrypted data key of a multi-keyring message is usable on its own, whoever wrote it and
 * whoever reads it; and committed messages decrypt under every commitment policy, in every
 * implementation. Each writer and each reader gets its cases in one batch.
 */
@ExtendWith(LoopbackOnly.class)
class KeyAndPolicyInteropTest {
  private static final int FRAME = 64;

  private static List<Oracle> writers() {
    return List.of(new Envelope4j(Envelope4j.Api.ONE_SHOT), new EsdkJava(), EsdkJs.fromBuild());
  }

  private static List<Oracle> readers() {
    return List.of(
        new Envelope4j(Envelope4j.Api.ONE_SHOT),
        new Envelope4j(Envelope4j.Api.INPUT_STREAM),
        new EsdkJava(),
        EsdkJs.fromBuild());
  }

  @TestFactory
  Stream<DynamicTest> multiKeyringMessage_eachKeyAlone_decryptsEverywhere() {
    List<OracleCase> encrypts = new ArrayList<>();
    for (Suite suite : Suite.values()) {
      encrypts.add(
          OracleCase.encrypt(
              suite.toString(),
              suite,
              FRAME,
              TestData.Context.NON_ASCII.entries(),
              WrappingKey.several(),
              TestData.plaintext(3 * FRAME + 7, suite.id())));
    }
    return writeThenRead(
        encrypts,
        (encrypt, message) -> {
          List<OracleCase> decrypts = new ArrayList<>();
          for (WrappingKey key : encrypt.keys()) {
            decrypts.add(OracleCase.decrypt(", only " + key, List.of(key), message));
          }
          return decrypts;
        });
  }

  @TestFactory
  Stream<DynamicTest> committedMessage_everyPolicy_decryptsEverywhere() {
    List<OracleCase> encrypts = new ArrayList<>();
    for (Policy policy :
        List.of(Policy.REQUIRE_ENCRYPT_ALLOW_DECRYPT, Policy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT)) {
      for (Suite suite : Suite.values()) {
        encrypts.add(
            OracleCase.encrypt(
                    suite + " written " + policy,
                    suite,
                    FRAME,
                    TestData.Context.ASCII.entries(),
                    WrappingKey.single(),
                    TestData.plaintext(FRAME + 1, suite.id()))
                .withPolicy(policy));
      }
    }
    return writeThenRead(
        encrypts,
        (encrypt, message) -> {
          List<OracleCase> decrypts = new ArrayList<>();
          for (Policy policy : Policy.values()) {
            decrypts.add(
                OracleCase.decrypt(", read " + policy, encrypt.keys(), message).withPolicy(policy));
          }
          return decrypts;
        });
  }

  /**
   * Has every writer run {@code encrypts}, derives decrypt cases from each message (their ids are
   * suffixes), has every reader run all of them, and checks each answer against its encrypt case.
   */
  private static Stream<DynamicTest> writeThenRead(
      List<OracleCase> encrypts, BiFunction<OracleCase, byte[], List<OracleCase>> decryptsFor) {
    List<OracleCase> decrypts = new ArrayList<>();
    List<OracleCase> sources = new ArrayList<>();
    for (Oracle writer : writers()) {
      List<OracleResult> messages = writer.run(encrypts);
      for (int i = 0; i < encrypts.size(); i++) {
        OracleCase encrypt = encrypts.get(i);
        byte[] message = messages.get(i).outputOrFail(writer.name());
        for (OracleCase d : decryptsFor.apply(encrypt, message)) {
          String id = writer.name() + " wrote " + encrypt.id() + d.id();
          decrypts.add(
              new OracleCase(
                  id,
                  d.op(),
                  d.suite(),
                  d.frameLength(),
                  d.context(),
                  d.keys(),
                  d.input(),
                  d.policy(),
                  d.utf8Sorting()));
          sources.add(encrypt);
        }
      }
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (Oracle reader : readers()) {
      List<OracleResult> results = reader.run(decrypts);
      for (int i = 0; i < decrypts.size(); i++) {
        OracleResult result = results.get(i);
        OracleCase source = sources.get(i);
        tests.add(
            DynamicTest.dynamicTest(
                reader.name() + " reads: " + result.id(),
                () ->
                    OracleAssertions.assertDecrypted(
                        reader.name(),
                        result,
                        source.suite(),
                        source.frameLength(),
                        source.context(),
                        source.keys(),
                        source.input())));
      }
    }
    return tests.stream();
  }
}
