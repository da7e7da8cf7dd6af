package io.envelope4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 2's interop grid, both directions, against both oracles: every message envelope4j writes
 * (with each of its three encrypt APIs) decrypts in ESDK Java 3.0.2 and ESDK JS 5.0.2 to the same
 * plaintext, suite, frame length, context and encrypted data keys; every message they write
 * decrypts with our one-shot API and our decrypting stream, which agree byte for byte.
 *
 * <p>Subclasses choose the points: {@link InteropGridTest} the fast suite, {@link
 * InteropGridSlowTest} the 1 MiB plaintexts at frame lengths 1 and 64. Each direction runs as one
 * batch per oracle (one node process per batch of up to {@link EsdkJs#BATCH_INPUT_BYTES}), then
 * reports one dynamic test per point.
 */
@ExtendWith(LoopbackOnly.class)
abstract class InteropGrid {
  /** The grid points this class covers. */
  abstract List<GridPoint> points();

  @TestFactory
  Stream<DynamicTest> ourOneShotMessages_decryptWithEsdkJava_matchEverything() {
    return weWriteTheyRead(new Envelope4j(Envelope4j.Api.ONE_SHOT), new EsdkJava());
  }

  @TestFactory
  Stream<DynamicTest> ourOutputStreamMessages_decryptWithEsdkJava_matchEverything() {
    return weWriteTheyRead(new Envelope4j(Envelope4j.Api.OUTPUT_STREAM), new EsdkJava());
  }

  @TestFactory
  Stream<DynamicTest> ourInputStreamMessages_decryptWithEsdkJava_matchEverything() {
    return weWriteTheyRead(new Envelope4j(Envelope4j.Api.INPUT_STREAM), new EsdkJava());
  }

  @TestFactory
  Stream<DynamicTest> ourOneShotMessages_decryptWithEsdkJs_matchEverything() {
    return weWriteTheyRead(new Envelope4j(Envelope4j.Api.ONE_SHOT), EsdkJs.fromBuild());
  }

  @TestFactory
  Stream<DynamicTest> ourOutputStreamMessages_decryptWithEsdkJs_matchEverything() {
    return weWriteTheyRead(new Envelope4j(Envelope4j.Api.OUTPUT_STREAM), EsdkJs.fromBuild());
  }

  @TestFactory
  Stream<DynamicTest> ourInputStreamMessages_decryptWithEsdkJs_matchEverything() {
    return weWriteTheyRead(new Envelope4j(Envelope4j.Api.INPUT_STREAM), EsdkJs.fromBuild());
  }

  @TestFactory
  Stream<DynamicTest> esdkJavaMessages_decryptWithOurOneShotAndStream_agreeByteForByte() {
    return theyWriteWeRead(new EsdkJava());
  }

  @TestFactory
  Stream<DynamicTest> esdkJsMessages_decryptWithOurOneShotAndStream_agreeByteForByte() {
    return theyWriteWeRead(EsdkJs.fromBuild());
  }

  private Stream<DynamicTest> weWriteTheyRead(Envelope4j writer, Oracle reader) {
    List<GridPoint> points = points();
    List<OracleCase> encrypts = encryptCases(points);
    List<OracleResult> messages = writer.run(encrypts);
    List<OracleCase> decrypts = new ArrayList<>(points.size());
    for (int i = 0; i < points.size(); i++) {
      decrypts.add(
          OracleCase.decrypt(
              points.get(i).id(),
              points.get(i).keys(),
              messages.get(i).outputOrFail(writer.name())));
    }
    List<OracleResult> plaintexts = reader.run(decrypts);
    return IntStream.range(0, points.size())
        .mapToObj(
            i ->
                DynamicTest.dynamicTest(
                    points.get(i).id(),
                    () -> assertDecrypted(reader.name(), plaintexts.get(i), encrypts.get(i))));
  }

  private Stream<DynamicTest> theyWriteWeRead(Oracle writer) {
    List<GridPoint> points = points();
    List<OracleCase> encrypts = encryptCases(points);
    List<OracleResult> messages = writer.run(encrypts);
    Envelope4j oneShot = new Envelope4j(Envelope4j.Api.ONE_SHOT);
    Envelope4j stream = new Envelope4j(Envelope4j.Api.INPUT_STREAM);
    return IntStream.range(0, points.size())
        .mapToObj(
            i ->
                DynamicTest.dynamicTest(
                    points.get(i).id(),
                    () -> {
                      OracleCase e = encrypts.get(i);
                      OracleCase decrypt =
                          OracleCase.decrypt(
                              e.id(), e.keys(), messages.get(i).outputOrFail(writer.name()));
                      OracleResult viaOneShot = oneShot.runOne(decrypt);
                      OracleResult viaStream = stream.runOne(decrypt);
                      assertDecrypted(oneShot.name(), viaOneShot, e);
                      assertDecrypted(stream.name(), viaStream, e);
                      assertArrayEquals(
                          viaOneShot.output(), viaStream.output(), "one-shot versus stream");
                      assertEquals(viaOneShot.context(), viaStream.context(), "context");
                    }));
  }

  private static List<OracleCase> encryptCases(List<GridPoint> points) {
    List<OracleCase> cases = new ArrayList<>(points.size());
    for (GridPoint p : points) {
      cases.add(
          OracleCase.encrypt(
              p.id(), p.suite(), p.frameLength(), p.context().entries(), p.keys(), p.plaintext()));
    }
    return cases;
  }

  private static void assertDecrypted(String reader, OracleResult result, OracleCase encrypt) {
    OracleAssertions.assertDecrypted(
        reader,
        result,
        encrypt.suite(),
        encrypt.frameLength(),
        encrypt.context(),
        encrypt.keys(),
        encrypt.input());
  }
}
