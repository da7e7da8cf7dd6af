package io.envelope4j;

import static io.envelope4j.Fixtures.SIGNED;
import static io.envelope4j.Fixtures.UNSIGNED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.envelope4j.internal.Limits;
import io.envelope4j.internal.format.ArraySource;
import io.envelope4j.internal.format.FrameCipher;
import io.envelope4j.internal.format.HeaderCodec;
import io.envelope4j.keyring.EncryptedDataKey;
import io.envelope4j.keyring.Keyring;
import io.envelope4j.materials.DecryptionMaterials;
import io.envelope4j.materials.EncryptionMaterials;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tampering: flipped bits, truncations, appended bytes, reordered, duplicated and dropped frames,
 * wrong or missing context. Every case must fail, one-shot and streaming alike, and a stream may
 * only have released a prefix of the true plaintext that excludes the final frame.
 */
class TamperTest {
  private static final Map<String, String> CONTEXT = Map.of("tenant", "a", "\u00e9t\u00e9", "b");

  static List<AlgorithmSuite> suites() {
    return List.of(UNSIGNED, SIGNED);
  }

  private static byte[] encrypt(AlgorithmSuite suite, int frame, byte[] plaintext) {
    return Fixtures.envelope(1)
        .encrypt(
            EncryptRequest.builder()
                .keyring(Fixtures.keyring())
                .suite(suite)
                .frameLengthBytes(frame)
                .encryptionContext(CONTEXT)
                .plaintext(plaintext)
                .build())
        .ciphertext();
  }

  private static DecryptRequest request(byte[] ciphertext) {
    return DecryptRequest.builder().keyring(Fixtures.keyring()).ciphertext(ciphertext).build();
  }

  /** Asserts both APIs refuse {@code bad}; the stream released at most {@code maxReleased}. */
  private static void assertRefused(byte[] bad, byte[] plaintext, int maxReleased, String what) {
    try {
      Envelope.defaults().decrypt(request(bad));
      fail("one-shot decrypt accepted " + what);
    } catch (EnvelopeException expected) {
      // Refused, as it must be.
    }
    ByteArrayOutputStream released = new ByteArrayOutputStream();
    try (InputStream in =
        Envelope.defaults().decryptingStream(new ByteArrayInputStream(bad), request(bad))) {
      byte[] buf = new byte[5];
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        released.write(buf, 0, n);
      }
      fail("decrypting stream reached end of data on " + what);
    } catch (IOException expected) {
      byte[] got = released.toByteArray();
      assertTrue(got.length <= maxReleased, what + ": released " + got.length + " bytes");
      assertArrayEquals(Arrays.copyOf(plaintext, got.length), got, what + ": not a prefix");
    }
  }

  private static int finalFrameContent(int size, int frame) {
    return size == 0 ? 0 : size - ((size - 1) / frame) * frame;
  }

  @ParameterizedTest
  @MethodSource("suites")
  void everySingleBitFlip_smallMessages_refused(AlgorithmSuite suite) {
    for (int size : new int[] {0, 10}) {
      byte[] plaintext = Fixtures.plaintext(size);
      byte[] ciphertext = encrypt(suite, 4, plaintext);
      int maxReleased = size - finalFrameContent(size, 4);
      for (int bit = 0; bit < ciphertext.length * 8; bit++) {
        byte[] bad = ciphertext.clone();
        bad[bit / 8] ^= (byte) (1 << (bit % 8));
        assertRefused(bad, plaintext, maxReleased, "flip of bit " + bit + ", size " + size);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("suites")
  void everyTruncation_refused(AlgorithmSuite suite) {
    byte[] plaintext = Fixtures.plaintext(10);
    byte[] ciphertext = encrypt(suite, 4, plaintext);
    for (int length = 0; length < ciphertext.length; length++) {
      byte[] bad = Arrays.copyOf(ciphertext, length);
      assertThrows(BadCiphertextException.class, () -> Envelope.defaults().decrypt(request(bad)));
      assertRefused(bad, plaintext, 8, "truncation to " + length);
    }
  }

  @ParameterizedTest
  @MethodSource("suites")
  void appendedBytes_refusedUnlessStoppingAtMessageEnd(AlgorithmSuite suite) throws IOException {
    byte[] plaintext = Fixtures.plaintext(10);
    byte[] ciphertext = encrypt(suite, 4, plaintext);
    for (byte[] tail : new byte[][] {{0}, new byte[100], ciphertext}) {
      byte[] bad = Arrays.copyOf(ciphertext, ciphertext.length + tail.length);
      System.arraycopy(tail, 0, bad, ciphertext.length, tail.length);
      BadCiphertextException e =
          assertThrows(
              BadCiphertextException.class, () -> Envelope.defaults().decrypt(request(bad)));
      assertTrue(e.getMessage().contains("follow the end of the message"), e.getMessage());
      assertRefused(bad, plaintext, 8, "appended " + tail.length + " bytes");

      DecryptRequest stop =
          DecryptRequest.builder()
              .keyring(Fixtures.keyring())
              .ciphertext(bad)
              .stopAtMessageEnd(true)
              .build();
      DecryptResult result = Envelope.defaults().decrypt(stop);
      assertArrayEquals(plaintext, result.plaintext());
      assertEquals(ciphertext.length, result.messageLengthBytes());
      ByteArrayInputStream source = new ByteArrayInputStream(bad);
      assertArrayEquals(
          plaintext, Envelope.defaults().decryptingStream(source, stop).readAllBytes());
      assertArrayEquals(tail, source.readAllBytes(), "stream must leave what follows unread");
    }
  }

  @ParameterizedTest
  @MethodSource("suites")
  void reorderedDuplicatedOrDroppedFrames_refused(AlgorithmSuite suite) throws IOException {
    int frame = 16;
    byte[] plaintext = Fixtures.plaintext(5 * frame + 3);
    byte[] ciphertext = encrypt(suite, frame, plaintext);
    int header =
        HeaderCodec.parse(
                new ArraySource(ciphertext),
                new Limits(
                    CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT,
                    16,
                    1 << 20,
                    1 << 20,
                    new SecureRandom()))
            .headerLengthBytes();
    int regular = frame + FrameCipher.REGULAR_OVERHEAD;
    byte[][] frames = new byte[6][];
    for (int i = 0; i < 5; i++) {
      frames[i] = Arrays.copyOfRange(ciphertext, header + i * regular, header + (i + 1) * regular);
    }
    int bodyEnd = header + 5 * regular + 3 + FrameCipher.FINAL_OVERHEAD;
    frames[5] = Arrays.copyOfRange(ciphertext, header + 5 * regular, bodyEnd);
    byte[] head = Arrays.copyOf(ciphertext, header);
    byte[] footer = Arrays.copyOfRange(ciphertext, bodyEnd, ciphertext.length);

    assertArrayEquals(ciphertext, assemble(head, footer, frames, 0, 1, 2, 3, 4, 5));
    int max = 5 * frame;
    assertRefused(assemble(head, footer, frames, 0, 2, 1, 3, 4, 5), plaintext, max, "swap 2,3");
    assertRefused(assemble(head, footer, frames, 0, 1, 1, 2, 3, 4, 5), plaintext, max, "dup 2");
    assertRefused(assemble(head, footer, frames, 0, 1, 3, 4, 5), plaintext, max, "drop 3");
    assertRefused(assemble(head, footer, frames, 0, 1, 2, 3, 4), plaintext, max, "drop final");
    assertRefused(assemble(head, footer, frames, 1, 0, 2, 3, 4, 5), plaintext, 0, "swap 1,2");

    byte[][] renumbered = frames.clone();
    renumbered[1] = frames[2].clone();
    renumbered[2] = frames[1].clone();
    FrameCipher.putInt(renumbered[1], 0, 2);
    FrameCipher.putInt(renumbered[2], 0, 3);
    assertRefused(
        assemble(head, footer, renumbered, 0, 1, 2, 3, 4, 5), plaintext, frame, "renumbered swap");
  }

  private static byte[] assemble(byte[] head, byte[] footer, byte[][] frames, int... order) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head);
    for (int i : order) {
      out.writeBytes(frames[i]);
    }
    out.writeBytes(footer);
    return out.toByteArray();
  }

  @ParameterizedTest
  @EnumSource(
      value = AlgorithmSuite.class,
      names = {
        "AES_256_GCM_HKDF_SHA512_COMMIT_KEY",
        "AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384"
      })
  void expectedContext_wrongStoredValue_refusedBeforeAnyKeyring(AlgorithmSuite suite) {
    byte[] ciphertext = encrypt(suite, 4, Fixtures.plaintext(10));
    AtomicInteger calls = new AtomicInteger();
    Keyring counting = countingKeyring(calls);
    // Keys the header does not store are the authenticated-only part
    // (RequiredEncryptionContextTest)
    for (Map<String, String> expected :
        List.of(Map.of("tenant", "b"), Map.of("tenant", "b", "missing", "x"))) {
      DecryptRequest request =
          DecryptRequest.builder()
              .keyring(counting)
              .encryptionContext(expected)
              .ciphertext(ciphertext)
              .build();
      BadCiphertextException e =
          assertThrows(BadCiphertextException.class, () -> Envelope.defaults().decrypt(request));
      assertTrue(e.getMessage().contains("expected key"), e.getMessage());
    }
    assertEquals(0, calls.get(), "no keyring may run when the context is wrong");

    DecryptResult ok =
        Envelope.defaults()
            .decrypt(
                DecryptRequest.builder()
                    .keyring(Fixtures.keyring())
                    .encryptionContext(Map.of("tenant", "a"))
                    .ciphertext(ciphertext)
                    .build());
    assertEquals("a", ok.encryptionContext().get("tenant"));
  }

  static Keyring countingKeyring(AtomicInteger calls) {
    return new Keyring() {
      @Override
      public EncryptionMaterials onEncrypt(EncryptionMaterials materials) {
        calls.incrementAndGet();
        return Fixtures.keyring().onEncrypt(materials);
      }

      @Override
      public DecryptionMaterials onDecrypt(
          DecryptionMaterials materials, List<EncryptedDataKey> keys) {
        calls.incrementAndGet();
        return Fixtures.keyring().onDecrypt(materials, keys);
      }
    };
  }
}
