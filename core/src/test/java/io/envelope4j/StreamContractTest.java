package io.envelope4j;

import static io.envelope4j.Fixtures.SIGNED;
import static io.envelope4j.Fixtures.UNSIGNED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.envelope4j.keyring.EncryptedDataKey;
import io.envelope4j.keyring.Keyring;
import io.envelope4j.materials.DecryptionMaterials;
import io.envelope4j.materials.EncryptionMaterials;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The java.io contracts of the three streams, and their envelope-specific options. */
class StreamContractTest {
  static List<AlgorithmSuite> suites() {
    return List.of(UNSIGNED, SIGNED);
  }

  private static byte[] encrypt(AlgorithmSuite suite, int frame, byte[] plaintext) {
    return Envelope.defaults()
        .encrypt(
            EncryptRequest.builder()
                .keyring(Fixtures.keyring())
                .suite(suite)
                .frameLengthBytes(frame)
                .encryptionContext(Map.of("k", "v"))
                .plaintext(plaintext)
                .build())
        .ciphertext();
  }

  private static DecryptRequest.Builder decrypt() {
    return DecryptRequest.builder().keyring(Fixtures.keyring());
  }

  private static DecryptingInputStream decrypting(byte[] ciphertext) {
    return Envelope.defaults()
        .decryptingStream(new ByteArrayInputStream(ciphertext), decrypt().build());
  }

  /** A sink that records what it receives, whether it was flushed and closed. */
  static final class RecordingSink extends ByteArrayOutputStream {
    int flushes;
    int closes;

    @Override
    public void flush() {
      flushes++;
    }

    @Override
    public void close() {
      closes++;
    }
  }

  /** A source that hands out one byte per read and records being closed. */
  static final class TrickleSource extends FilterInputStream {
    int closes;

    TrickleSource(byte[] bytes) {
      super(new ByteArrayInputStream(bytes));
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return super.read(b, off, Math.min(len, 1));
    }

    @Override
    public void close() throws IOException {
      closes++;
      super.close();
    }
  }

  @ParameterizedTest
  @MethodSource("suites")
  void decryptingStream_zeroLengthAndOffsets_honourInputStreamContract(AlgorithmSuite suite)
      throws IOException {
    byte[] plaintext = Fixtures.plaintext(100);
    try (DecryptingInputStream in = decrypting(encrypt(suite, 16, plaintext))) {
      byte[] buf = new byte[50];
      Arrays.fill(buf, (byte) 0x77);
      assertEquals(0, in.read(buf, 10, 0));
      assertThrows(IndexOutOfBoundsException.class, () -> in.read(buf, 45, 10));
      assertThrows(IndexOutOfBoundsException.class, () -> in.read(buf, -1, 1));
      int n = in.read(buf, 10, 30);
      assertTrue(n > 0 && n <= 30);
      assertArrayEquals(Arrays.copyOf(plaintext, n), Arrays.copyOfRange(buf, 10, 10 + n));
      assertEquals(0x77, buf[9]);
      assertEquals(0x77, buf[10 + n] & 0xFF);
      assertEquals(0, in.read(buf, 0, 0));
      assertEquals(plaintext[n] & 0xFF, in.read());
      assertEquals(10, in.skip(10));
      byte[] rest = in.readAllBytes();
      assertArrayEquals(Arrays.copyOfRange(plaintext, n + 11, 100), rest);
      assertEquals(-1, in.read());
      assertEquals(-1, in.read(buf, 0, 5));
    }
  }

  @Test
  void decryptingStream_trickleSource_readsWholeMessage() throws IOException {
    byte[] plaintext = Fixtures.plaintext(300);
    byte[] ciphertext = encrypt(SIGNED, 64, plaintext);
    TrickleSource source = new TrickleSource(ciphertext);
    DecryptingInputStream in = Envelope.defaults().decryptingStream(source, decrypt().build());
    assertEquals("v", in.info().encryptionContext().get("k"));
    assertArrayEquals(plaintext, Fixtures.readAll(in, 7));
    in.close();
    in.close();
    assertEquals(1, source.closes, "close closes the source once");
    assertThrows(IOException.class, in::read);
    assertThrows(IOException.class, in::info);
    assertThrows(IOException.class, in::available);
  }

  @ParameterizedTest
  @MethodSource("suites")
  void decryptingStream_afterTagFailure_staysFailed(AlgorithmSuite suite) {
    byte[] plaintext = Fixtures.plaintext(40);
    byte[] bad = encrypt(suite, 16, plaintext);
    bad[bad.length - (suite.isSigned() ? 120 : 20)] ^= 1;
    DecryptingInputStream in = decrypting(bad);
    IOException first = assertThrows(IOException.class, () -> in.readAllBytes());
    assertTrue(first.getCause() instanceof BadCiphertextException, first.toString());
    assertThrows(IOException.class, in::read);
    assertThrows(IOException.class, () -> in.read(new byte[10], 0, 10));
    assertThrows(IOException.class, in::available);
  }

  @Test
  void decryptingStream_badSignature_neverReleasesFinalFrame() throws IOException {
    byte[] plaintext = Fixtures.plaintext(10);
    byte[] bad = encrypt(SIGNED, 4, plaintext);
    bad[bad.length - 1] ^= 1;
    DecryptingInputStream in = decrypting(bad);
    byte[] buf = new byte[4];
    assertEquals(4, in.read(buf));
    assertEquals(4, in.read(buf));
    IOException e = assertThrows(IOException.class, () -> in.read(buf));
    assertTrue(e.getMessage().contains("signature"), e.getMessage());

    byte[] single = encrypt(SIGNED, 4096, plaintext);
    single[single.length - 1] ^= 1;
    DecryptingInputStream one = decrypting(single);
    assertThrows(IOException.class, () -> one.read(new byte[100]));
  }

  @Test
  void decryptingStream_truncated_endsInIOExceptionNotEndOfData() {
    byte[] ciphertext = encrypt(UNSIGNED, 16, Fixtures.plaintext(40));
    for (int cut : new int[] {0, 1, 10, ciphertext.length - 30, ciphertext.length - 1}) {
      byte[] truncated = Arrays.copyOf(ciphertext, cut);
      IOException e = assertThrows(IOException.class, () -> decrypting(truncated).readAllBytes());
      assertTrue(
          e.getMessage().contains("truncated") || e.getMessage().contains("empty"), e.getMessage());
    }
  }

  @Test
  void refuseSignedMessages_signedMessage_refusedAfterHeaderBeforeAnyKeyring() throws IOException {
    byte[] signed = encrypt(SIGNED, 16, Fixtures.plaintext(40));
    AtomicInteger calls = new AtomicInteger();
    Keyring counting = TamperTest.countingKeyring(calls);
    DecryptRequest refuse =
        DecryptRequest.builder().keyring(counting).refuseSignedMessages(true).build();
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                Envelope.defaults()
                    .decryptingStream(new ByteArrayInputStream(signed), refuse)
                    .read());
    assertTrue(e.getMessage().contains("refuses signed"), e.getMessage());
    assertThrows(
        EnvelopeException.class,
        () ->
            Envelope.defaults()
                .decrypt(
                    DecryptRequest.builder()
                        .keyring(counting)
                        .refuseSignedMessages(true)
                        .ciphertext(signed)
                        .build()));
    assertEquals(0, calls.get());

    byte[] plaintext = Fixtures.plaintext(40);
    byte[] unsigned = encrypt(UNSIGNED, 16, plaintext);
    assertArrayEquals(
        plaintext,
        Envelope.defaults()
            .decryptingStream(new ByteArrayInputStream(unsigned), refuse)
            .readAllBytes());
  }

  @Test
  void stopAtMessageEnd_messagesBackToBack_readOneAfterAnother() throws IOException {
    byte[] p1 = Fixtures.plaintext(33);
    byte[] p2 = Fixtures.plaintext(70);
    ByteArrayOutputStream both = new ByteArrayOutputStream();
    both.writeBytes(encrypt(SIGNED, 16, p1));
    both.writeBytes(encrypt(UNSIGNED, 16, p2));
    InputStream source = new TrickleSource(both.toByteArray());
    DecryptRequest stop = decrypt().stopAtMessageEnd(true).build();
    assertArrayEquals(p1, Envelope.defaults().decryptingStream(source, stop).readAllBytes());
    assertArrayEquals(p2, Envelope.defaults().decryptingStream(source, stop).readAllBytes());
    assertEquals(-1, source.read());
  }

  @Test
  void encryptingStream_flushPushesCompleteFramesAndCloseFinishesAndClosesSink()
      throws IOException {
    RecordingSink sink = new RecordingSink();
    OutputStream out =
        Envelope.defaults()
            .encryptingStream(
                sink,
                EncryptRequest.builder()
                    .keyring(Fixtures.keyring())
                    .suite(UNSIGNED)
                    .frameLengthBytes(16)
                    .build());
    byte[] plaintext = Fixtures.plaintext(40);
    out.write(plaintext, 0, 16);
    int afterWrite = sink.size();
    out.flush();
    assertEquals(afterWrite + 16 + 32, sink.size(), "flush emits the complete frame");
    assertEquals(1, sink.flushes);
    out.write(plaintext, 16, 5);
    out.flush();
    assertEquals(afterWrite + 16 + 32, sink.size(), "an incomplete frame stays buffered");
    out.write(plaintext, 21, 19);
    out.close();
    out.close();
    assertEquals(1, sink.closes, "close closes the sink once");
    assertThrows(IOException.class, () -> out.write(1));
    assertThrows(IOException.class, out::flush);
    assertArrayEquals(
        plaintext,
        Envelope.defaults().decrypt(decrypt().ciphertext(sink.toByteArray()).build()).plaintext());
  }

  @ParameterizedTest
  @MethodSource("suites")
  void encryptingStream_frameSizedWritesFlushesAndReusedArray_matchOneShot(AlgorithmSuite suite)
      throws IOException {
    int frame = 64;
    byte[] plaintext = Fixtures.plaintext(4 * frame);
    // Each message gets fresh seeded randomness (keyring and client), so the bytes can agree.
    byte[] oneShot =
        Fixtures.envelope(5)
            .encrypt(
                EncryptRequest.builder()
                    .keyring(Fixtures.keyring())
                    .suite(suite)
                    .frameLengthBytes(frame)
                    .plaintext(plaintext)
                    .build())
            .ciphertext();

    RecordingSink sink = new RecordingSink();
    byte[] chunk = new byte[frame];
    EncryptRequest request =
        EncryptRequest.builder()
            .keyring(Fixtures.keyring())
            .suite(suite)
            .frameLengthBytes(frame)
            .build();
    try (OutputStream out = Fixtures.envelope(5).encryptingStream(sink, request)) {
      for (int i = 0; i < 4; i++) {
        System.arraycopy(plaintext, i * frame, chunk, 0, frame);
        out.write(chunk, 0, frame);
        // The stream must not keep a reference to the caller's array.
        Arrays.fill(chunk, (byte) 0x5A);
        if (i == 1) {
          int before = sink.size();
          out.flush();
          // Before the flush the sink holds only the header; both frames go out, the held one too.
          assertEquals(before + 2 * (frame + 32), sink.size(), "flush pushes every frame out");
        }
      }
    }
    assertArrayEquals(oneShot, sink.toByteArray());
  }

  @Test
  void encryptingStream_keyringFailure_reportedAsIOExceptionAndSinkStillClosed()
      throws IOException {
    Keyring failing =
        new Keyring() {
          @Override
          public EncryptionMaterials onEncrypt(EncryptionMaterials materials) {
            throw new KeyProviderException("key alias/test is disabled; enable it");
          }

          @Override
          public DecryptionMaterials onDecrypt(
              DecryptionMaterials materials, List<EncryptedDataKey> keys) {
            throw new KeyProviderException("unused");
          }
        };
    RecordingSink sink = new RecordingSink();
    OutputStream out =
        Envelope.defaults()
            .encryptingStream(sink, EncryptRequest.builder().keyring(failing).build());
    IOException e = assertThrows(IOException.class, () -> out.write(new byte[3]));
    assertTrue(e.getCause() instanceof KeyProviderException, e.toString());
    assertThrows(IOException.class, () -> out.write(new byte[3]));
    assertThrows(IOException.class, out::flush);
    out.close();
    assertEquals(1, sink.closes, "close after a failure still releases the sink");
    assertEquals(0, sink.size());
  }

  @Test
  void encryptingStreams_declaredLength_enforced() throws IOException {
    EncryptRequest declared =
        EncryptRequest.builder().keyring(Fixtures.keyring()).plaintextLengthBytes(5).build();
    OutputStream tooMuch = Envelope.defaults().encryptingStream(new RecordingSink(), declared);
    assertThrows(IOException.class, () -> tooMuch.write(new byte[6]));
    OutputStream tooLittle = Envelope.defaults().encryptingStream(new RecordingSink(), declared);
    tooLittle.write(new byte[4]);
    assertThrows(IOException.class, tooLittle::close);
    InputStream shortSource =
        Envelope.defaults().encryptingInputStream(new ByteArrayInputStream(new byte[4]), declared);
    assertThrows(IOException.class, shortSource::readAllBytes);

    InputStream exact =
        Envelope.defaults().encryptingInputStream(new ByteArrayInputStream(new byte[5]), declared);
    byte[] ciphertext = exact.readAllBytes();
    assertArrayEquals(
        new byte[5],
        Envelope.defaults().decrypt(decrypt().ciphertext(ciphertext).build()).plaintext());
  }

  @Test
  void encryptingInputStream_contract_zeroLengthCloseAndUseAfterClose() throws IOException {
    TrickleSource source = new TrickleSource(Fixtures.plaintext(50));
    InputStream in =
        Envelope.defaults()
            .encryptingInputStream(
                source, EncryptRequest.builder().keyring(Fixtures.keyring()).build());
    assertEquals(0, in.read(new byte[4], 2, 0));
    assertTrue(in.read() >= 0);
    assertFalse(in.available() < 0);
    in.close();
    in.close();
    assertEquals(1, source.closes);
    assertThrows(IOException.class, in::read);
  }

  /** Counts the calls that reach it. */
  static final class CountingSource extends FilterInputStream {
    int reads;

    CountingSource(byte[] bytes) {
      super(new ByteArrayInputStream(bytes));
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      reads++;
      return super.read(b, off, len);
    }

    @Override
    public int read() throws IOException {
      reads++;
      return super.read();
    }
  }

  @Test
  void streams_unbufferedEnds_seeBlockSizedIo() throws IOException {
    byte[] plaintext = Fixtures.plaintext(1 << 20);
    EncryptRequest request =
        EncryptRequest.builder().keyring(Fixtures.keyring()).suite(UNSIGNED).build();
    int[] writes = new int[1];
    ByteArrayOutputStream collected = new ByteArrayOutputStream();
    OutputStream countingSink =
        new OutputStream() {
          @Override
          public void write(int b) {
            writes[0]++;
            collected.write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            writes[0]++;
            collected.write(b, off, len);
          }
        };
    try (OutputStream out = Envelope.defaults().encryptingStream(countingSink, request)) {
      for (int i = 0; i < plaintext.length; i += 1000) {
        out.write(plaintext, i, Math.min(1000, plaintext.length - i));
      }
    }
    assertTrue(writes[0] <= 20, "sink writes: " + writes[0]);

    CountingSource source = new CountingSource(collected.toByteArray());
    byte[] back = Envelope.defaults().decryptingStream(source, decrypt().build()).readAllBytes();
    assertArrayEquals(plaintext, back);
    assertTrue(source.reads <= 20, "source reads: " + source.reads);

    CountingSource plainSource = new CountingSource(plaintext);
    byte[] ciphertext =
        Envelope.defaults().encryptingInputStream(plainSource, request).readAllBytes();
    assertTrue(plainSource.reads <= 20, "plaintext source reads: " + plainSource.reads);
    assertArrayEquals(
        plaintext,
        Envelope.defaults().decrypt(decrypt().ciphertext(ciphertext).build()).plaintext());
  }
}
