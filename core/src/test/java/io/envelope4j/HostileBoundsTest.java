package io.envelope4j;

import static io.envelope4j.Fixtures.UNSIGNED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Hostile length fields: each fails cleanly with a typed error naming the bound, and the stream
 * reads no further than the field that gave it away (PolicyAndLimitsTest and LegacySuitesTest cover
 * the small-bound and non-framed-bound cases; these are the extreme values).
 */
class HostileBoundsTest {
  /** Bytes of a v2 header up to and including its EDK count (empty context). */
  private static ByteBuffer v2Prefix(int edkCount, int capacity) {
    ByteBuffer b = ByteBuffer.allocate(capacity);
    b.put((byte) 2).putShort((short) UNSIGNED.id()).put(new byte[32]);
    b.putShort((short) 0).putShort((short) edkCount);
    return b;
  }

  /** A source serving {@code prefix}, then {@code filler} forever; counts what was read. */
  private static final class EndlessSource extends InputStream {
    private final byte[] prefix;
    private final byte filler;
    long read;

    EndlessSource(byte[] prefix, byte filler) {
      this.prefix = prefix;
      this.filler = filler;
    }

    @Override
    public int read() {
      return read++ < prefix.length ? prefix[(int) read - 1] & 0xFF : filler & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      for (int i = 0; i < len; i++) {
        b[off + i] = (byte) read();
      }
      return len;
    }
  }

  /** Stops at the message end, so the stream reads exactly what it needs (no read-ahead). */
  private static DecryptRequest streamRequest(io.envelope4j.keyring.Keyring keyring) {
    return DecryptRequest.builder().keyring(keyring).stopAtMessageEnd(true).build();
  }

  private static IOException streamFailure(Envelope envelope, InputStream source) {
    return assertThrows(
        IOException.class,
        () -> envelope.decryptingStream(source, streamRequest(Fixtures.keyring())).read());
  }

  @Test
  void header_declares65535DataKeys_refusedAtTheCountOrAtTheHeaderBound() {
    ByteBuffer prefix = v2Prefix(0xFFFF, 39);
    byte[] bytes = prefix.array();

    EndlessSource source = new EndlessSource(bytes, (byte) 0);
    IOException e = streamFailure(Envelope.defaults(), source);
    assertTrue(e.getCause().getMessage().contains("65535 encrypted data keys"), e.toString());
    assertTrue(e.getCause().getMessage().contains("over the limit 16"), e.toString());
    assertEquals(bytes.length, source.read, "nothing past the count is read");

    // Even a reader allowing 65,535 keys stops at the header bound: the endless zero-length keys
    // (six bytes each) run into maxHeaderBytes long before the count is reached.
    Envelope all = Envelope.builder().maxEncryptedDataKeys(0xFFFF).maxHeaderBytes(4096).build();
    EndlessSource zeros = new EndlessSource(bytes, (byte) 0);
    IOException bound = streamFailure(all, zeros);
    assertInstanceOf(BadCiphertextException.class, bound.getCause());
    assertTrue(
        bound.getCause().getMessage().contains("header exceeds the limit of 4096"),
        bound.getCause().getMessage());
    assertTrue(zeros.read <= 4096, "read " + zeros.read);
  }

  @Test
  void header_declares4GiBFrameLength_refusedEvenAtTheLargestBound() {
    byte[] message =
        Envelope.defaults()
            .encrypt(
                EncryptRequest.builder()
                    .keyring(Fixtures.keyring())
                    .suite(UNSIGNED)
                    .plaintext(new byte[3])
                    .build())
            .ciphertext();
    // From the end: header body ... | frame length 4 | suite data 32 | header tag 16, then one
    // final frame of 3 bytes: marker 4, sequence 4, IV 12, length 4, content 3, tag 16.
    int field = message.length - (4 + 4 + 12 + 4 + 3 + 16) - 16 - 32 - 4;
    assertEquals(4096, ByteBuffer.wrap(message, field, 4).getInt(), "found the frame length");
    ByteBuffer.wrap(message, field, 4).putInt(0xFFFFFFFF);

    Envelope largest = Envelope.builder().maxFrameLengthBytes(Integer.MAX_VALUE).build();
    BadCiphertextException oneShot =
        assertThrows(
            BadCiphertextException.class,
            () ->
                largest.decrypt(
                    DecryptRequest.builder()
                        .keyring(Fixtures.keyring())
                        .ciphertext(message)
                        .build()));
    assertTrue(
        oneShot.getMessage().contains("frame length 4294967295 exceeds the limit 2147483647"),
        oneShot.getMessage());

    EndlessSource source = new EndlessSource(Arrays.copyOf(message, field + 4), (byte) 0);
    IOException stream = streamFailure(largest, source);
    assertInstanceOf(BadCiphertextException.class, stream.getCause());
    assertEquals(field + 4, source.read, "nothing past the frame length is read");
  }

  @Test
  void finalFrame_longerThanFrameLength_refusedBeforeItsContentIsRead() throws IOException {
    byte[] plaintext = Fixtures.plaintext(40);
    byte[] message =
        Envelope.defaults()
            .encrypt(
                EncryptRequest.builder()
                    .keyring(Fixtures.keyring())
                    .suite(UNSIGNED)
                    .frameLengthBytes(16)
                    .plaintext(plaintext)
                    .build())
            .ciphertext();
    // Two regular frames of 16, then a final frame of 8: marker, sequence, IV, length, 8, tag.
    int finalFrame = message.length - (4 + 4 + 12 + 4 + 8 + 16);
    int lengthField = finalFrame + 4 + 4 + 12;
    assertEquals(-1, ByteBuffer.wrap(message, finalFrame, 4).getInt(), "found the final frame");
    assertEquals(8, ByteBuffer.wrap(message, lengthField, 4).getInt());
    for (int declared : new int[] {17, Integer.MAX_VALUE, -1}) {
      byte[] bad = message.clone();
      ByteBuffer.wrap(bad, lengthField, 4).putInt(declared);
      String shown = Integer.toUnsignedString(declared);

      BadCiphertextException oneShot =
          assertThrows(
              BadCiphertextException.class,
              () ->
                  Envelope.defaults()
                      .decrypt(
                          DecryptRequest.builder()
                              .keyring(Fixtures.keyring())
                              .ciphertext(bad)
                              .build()));
      assertTrue(
          oneShot.getMessage().contains("exceeds the frame length 16"), oneShot.getMessage());
      assertTrue(oneShot.getMessage().contains(shown), oneShot.getMessage());

      EndlessSource source = new EndlessSource(Arrays.copyOf(bad, lengthField + 4), (byte) 0);
      InputStream in =
          Envelope.defaults().decryptingStream(source, streamRequest(Fixtures.keyring()));
      IOException stream = assertThrows(IOException.class, () -> Fixtures.readAll(in, 64));
      assertInstanceOf(BadCiphertextException.class, stream.getCause());
      assertTrue(stream.getCause().getMessage().contains("exceeds the frame length 16"));
      assertEquals(lengthField + 4, source.read, "nothing past the final frame length is read");
    }
  }

  @Test
  void nonFramedBody_longerThanGcmLimit_refusedAtItsLengthField() {
    AlgorithmSuite suite = AlgorithmSuite.AES_256_GCM_IV12_TAG16_NO_KDF;
    byte[] message = LegacySuitesTest.NonFramed.message(suite, new byte[10]);
    int lengthField = LegacySuitesTest.NonFramed.headerLength(suite) + 12;
    long overGcmLimit = (1L << 36) - 32 + 1; // AES-GCM seals at most 2^36 - 32 bytes per IV
    ByteBuffer.wrap(message, lengthField, 8).putLong(overGcmLimit);
    Envelope widest =
        Envelope.builder()
            .commitmentPolicy(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT)
            .maxNonFramedBodyBytes(Integer.MAX_VALUE - 64)
            .build();
    DecryptRequest request =
        DecryptRequest.builder()
            .keyring(LegacySuitesTest.NonFramed.keyring(suite))
            .stopAtMessageEnd(true)
            .ciphertext(message)
            .build();

    BadCiphertextException oneShot =
        assertThrows(BadCiphertextException.class, () -> widest.decrypt(request));
    assertTrue(oneShot.getMessage().contains(Long.toString(overGcmLimit)), oneShot.getMessage());

    EndlessSource source = new EndlessSource(Arrays.copyOf(message, lengthField + 8), (byte) 7);
    IOException stream =
        assertThrows(IOException.class, () -> widest.decryptingStream(source, request).read());
    assertInstanceOf(BadCiphertextException.class, stream.getCause());
    assertEquals(lengthField + 8, source.read, "nothing past the length field is read");
  }

  @Test
  void providerIdOfHostileLength_shortenedInTheError() {
    byte[] id = "x".repeat(5000).getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = v2Prefix(1, 39 + 2 + id.length + 4 + 1 + 4 + 32 + 16);
    b.putShort((short) id.length).put(id).putShort((short) 0).putShort((short) 0);
    b.put((byte) 2).putInt(4096).put(new byte[32]).put(new byte[16]);
    NoDecryptionKeyException e =
        assertThrows(
            NoDecryptionKeyException.class,
            () ->
                Envelope.defaults()
                    .decrypt(
                        DecryptRequest.builder()
                            .keyring(Fixtures.keyring())
                            .ciphertext(b.array())
                            .build()));
    assertTrue(e.getMessage().length() < 400, e.getMessage());
    assertTrue(e.getMessage().contains("xxxx..."), e.getMessage());
  }
}
