package io.envelope4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.envelope4j.BadCiphertextException;
import io.envelope4j.DecryptRequest;
import io.envelope4j.DecryptResult;
import io.envelope4j.DecryptingInputStream;
import io.envelope4j.Envelope;
import io.envelope4j.keyring.Keyring;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Interop traps at the edges of a message: the DER signatures of signed messages vary in length
 * from writer to writer and message to message; bytes after a message are an error unless the
 * reader is told to stop at the message end, in which case messages from different writers read
 * back to back.
 */
@ExtendWith(LoopbackOnly.class)
class MessageBoundaryInteropTest {
  private static final int SIGNED_MESSAGES_PER_ORACLE = 96;
  private static final int FRAME = 64;

  private final Envelope envelope = Envelope.builder().build();
  private final Keyring keyring = Envelope4j.keyring(WrappingKey.single());

  @Test
  void oracleSignedMessages_derSignaturesOfSeveralLengths_allDecryptWithUs() throws IOException {
    Set<Integer> signatureLengths = new TreeSet<>();
    for (Oracle writer : List.of(new EsdkJava(), EsdkJs.fromBuild())) {
      List<OracleCase> encrypts = new ArrayList<>();
      for (int i = 0; i < SIGNED_MESSAGES_PER_ORACLE; i++) {
        encrypts.add(
            OracleCase.encrypt(
                writer.name() + " #" + i,
                Suite.COMMIT_KEY_ECDSA_P384,
                FRAME,
                TestData.Context.EMPTY.entries(),
                WrappingKey.single(),
                TestData.plaintext(i % 7, i)));
      }
      List<OracleResult> messages = writer.run(encrypts);
      for (int i = 0; i < encrypts.size(); i++) {
        byte[] message = messages.get(i).outputOrFail(writer.name());
        signatureLengths.add(footerSignatureLength(message));
        byte[] expected = encrypts.get(i).input();
        assertArrayEquals(expected, decryptOneShot(message), encrypts.get(i).id());
        assertArrayEquals(expected, decryptStream(message), encrypts.get(i).id());
      }
    }
    assertTrue(
        signatureLengths.size() >= 2,
        "expected DER signatures of several lengths, saw only " + signatureLengths);
  }

  @Test
  void oracleMessage_withOneAppendedByte_failsInOneShotAndStream() {
    for (Oracle writer : List.of(new EsdkJava(), EsdkJs.fromBuild())) {
      for (Suite suite : Suite.values()) {
        byte[] message = write(writer, suite, 100);
        byte[] extended = Arrays.copyOf(message, message.length + 1);

        assertThrows(
            BadCiphertextException.class,
            () -> decryptOneShot(extended),
            writer.name() + " " + suite + " one-shot");
        assertThrows(
            IOException.class,
            () -> decryptStream(extended),
            writer.name() + " " + suite + " stream");
      }
    }
  }

  @Test
  void messagesFromEveryWriter_backToBack_readOneByOneWhenStoppingAtMessageEnd()
      throws IOException {
    List<byte[]> plaintexts = new ArrayList<>();
    ByteArrayOutputStream concatenated = new ByteArrayOutputStream();
    int n = 0;
    for (Oracle writer :
        List.of(new EsdkJava(), EsdkJs.fromBuild(), new Envelope4j(Envelope4j.Api.ONE_SHOT))) {
      for (Suite suite : Suite.values()) {
        int length = 3 * FRAME + 7 + n++;
        concatenated.write(write(writer, suite, length));
        plaintexts.add(TestData.plaintext(length, length));
      }
    }
    byte[] all = concatenated.toByteArray();
    DecryptRequest.Builder stopping =
        DecryptRequest.builder().keyring(keyring).stopAtMessageEnd(true);

    int offset = 0;
    for (byte[] expected : plaintexts) {
      DecryptResult result =
          envelope.decrypt(
              stopping.ciphertext(Arrays.copyOfRange(all, offset, all.length)).build());
      assertArrayEquals(expected, result.plaintext(), "one-shot message at offset " + offset);
      offset += (int) result.messageLengthBytes();
    }
    assertEquals(all.length, offset, "one-shot walked every message");

    ByteArrayInputStream source = new ByteArrayInputStream(all);
    for (byte[] expected : plaintexts) {
      DecryptingInputStream in = envelope.decryptingStream(source, stopping.build());
      assertArrayEquals(
          expected, in.readAllBytes(), "stream message " + plaintexts.indexOf(expected));
    }
    assertEquals(0, source.available(), "the streams consumed every message");
  }

  private static byte[] write(Oracle writer, Suite suite, int length) {
    OracleCase encrypt =
        OracleCase.encrypt(
            writer.name() + " " + suite,
            suite,
            FRAME,
            TestData.Context.ASCII.entries(),
            WrappingKey.single(),
            TestData.plaintext(length, length));
    return writer.run(List.of(encrypt)).get(0).outputOrFail(writer.name());
  }

  private byte[] decryptOneShot(byte[] message) {
    return envelope
        .decrypt(DecryptRequest.builder().keyring(keyring).ciphertext(message).build())
        .plaintext();
  }

  private byte[] decryptStream(byte[] message) throws IOException {
    try (DecryptingInputStream in =
        envelope.decryptingStream(
            new ByteArrayInputStream(message), DecryptRequest.builder().keyring(keyring).build())) {
      return in.readAllBytes();
    }
  }

  /**
   * The signature length a signed message's footer declares: the footer is a two-byte length
   * followed by that many DER bytes, and a P-384 DER signature is 8 to 104 bytes long.
   */
  private static int footerSignatureLength(byte[] message) {
    for (int length = 104; length >= 8; length--) {
      int at = message.length - length - 2;
      if (at >= 0
          && ((message[at] & 0xff) << 8 | (message[at + 1] & 0xff)) == length
          && message[at + 2] == 0x30) {
        return length;
      }
    }
    throw new AssertionError("no signature footer found");
  }
}
