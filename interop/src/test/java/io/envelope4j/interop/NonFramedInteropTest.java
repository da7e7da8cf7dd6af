package io.envelope4j.interop;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Non-framed bodies, which envelope4j reads but never writes: ESDK Java 3.0.2 writes one when its
 * frame size is 0, and our one-shot API, our decrypting stream and ESDK JS all read it.
 */
@ExtendWith(LoopbackOnly.class)
class NonFramedInteropTest {
  private static final int[] PLAINTEXT_LENGTHS = {0, 1, 4095, 4096, 70_000, 1 << 20};

  @TestFactory
  Stream<DynamicTest> esdkJavaNonFramedMessages_decryptWithUsAndEsdkJs_matchEverything() {
    List<OracleCase> encrypts = new ArrayList<>();
    for (Suite suite : Suite.values()) {
      for (TestData.Context context : TestData.Context.values()) {
        for (int length : PLAINTEXT_LENGTHS) {
          encrypts.add(
              OracleCase.encrypt(
                  suite + " non-framed, " + length + " bytes, " + context,
                  suite,
                  0,
                  context.entries(),
                  WrappingKey.several(),
                  TestData.plaintext(length, length + suite.id())));
        }
      }
    }
    EsdkJava writer = new EsdkJava();
    List<OracleResult> messages = writer.run(encrypts);
    List<OracleCase> decrypts = new ArrayList<>();
    for (int i = 0; i < encrypts.size(); i++) {
      OracleCase e = encrypts.get(i);
      decrypts.add(
          OracleCase.decrypt(e.id(), e.keys(), messages.get(i).outputOrFail(writer.name())));
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (Oracle reader :
        List.of(
            new Envelope4j(Envelope4j.Api.ONE_SHOT),
            new Envelope4j(Envelope4j.Api.INPUT_STREAM),
            EsdkJs.fromBuild())) {
      List<OracleResult> results = reader.run(decrypts);
      for (int i = 0; i < encrypts.size(); i++) {
        OracleCase e = encrypts.get(i);
        OracleResult result = results.get(i);
        tests.add(
            DynamicTest.dynamicTest(
                reader.name() + " reads " + e.id(),
                () ->
                    OracleAssertions.assertDecrypted(
                        reader.name(), result, e.suite(), 0, e.context(), e.keys(), e.input())));
      }
    }
    return tests.stream();
  }
}
