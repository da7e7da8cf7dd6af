package io.envelope4j;

import static io.envelope4j.Fixtures.SIGNED;
import static io.envelope4j.Fixtures.UNSIGNED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.envelope4j.keyring.Keyring;
import io.envelope4j.keyring.MultiKeyring;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Commitment policy, decrypt bounds and input checks: each fails early, typed and explained. */
class PolicyAndLimitsTest {
  private static byte[] encrypt(Keyring keyring, AlgorithmSuite suite, int frame) {
    return Envelope.defaults()
        .encrypt(
            EncryptRequest.builder()
                .keyring(keyring)
                .suite(suite)
                .frameLengthBytes(frame)
                .plaintext(Fixtures.plaintext(10))
                .build())
        .ciphertext();
  }

  private static <T extends Throwable> T assertBothRefuse(
      Class<T> type, Envelope envelope, Keyring keyring, byte[] ciphertext) {
    T e =
        assertThrows(
            type,
            () ->
                envelope.decrypt(
                    DecryptRequest.builder().keyring(keyring).ciphertext(ciphertext).build()));
    IOException io =
        assertThrows(
            IOException.class,
            () ->
                envelope
                    .decryptingStream(
                        new ByteArrayInputStream(ciphertext),
                        DecryptRequest.builder().keyring(keyring).build())
                    .read());
    assertTrue(type.isInstance(io.getCause()), io.toString());
    return e;
  }

  /** A hand-built version 1 header in suite 0x0178, with one encrypted data key. */
  private static byte[] v1Header() {
    ByteBuffer b = ByteBuffer.allocate(200);
    b.put((byte) 1).put((byte) 0x80).putShort((short) 0x0178).put(new byte[16]);
    b.putShort((short) 0).putShort((short) 1);
    for (String field : new String[] {"envelope4j-test", "key-1", "wrapped"}) {
      byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
      b.putShort((short) bytes.length).put(bytes);
    }
    b.put((byte) 2).putInt(0).put((byte) 12).putInt(4096).put(new byte[12 + 16]);
    byte[] out = new byte[b.position()];
    b.flip().get(out);
    return out;
  }

  @Test
  void encrypt_suiteAgainstPolicy_refused() {
    Envelope forbid =
        Envelope.builder().commitmentPolicy(CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT).build();
    EncryptRequest committing =
        EncryptRequest.builder()
            .keyring(Fixtures.keyring())
            .suite(UNSIGNED)
            .plaintext(new byte[1])
            .build();
    assertThrows(CommitmentPolicyException.class, () -> forbid.encrypt(committing));
    EncryptRequest legacy =
        EncryptRequest.builder()
            .keyring(Fixtures.keyring())
            .suite(AlgorithmSuite.AES_256_GCM_IV12_TAG16_HKDF_SHA256)
            .plaintext(new byte[1])
            .build();
    CommitmentPolicyException e =
        assertThrows(CommitmentPolicyException.class, () -> Envelope.defaults().encrypt(legacy));
    assertTrue(e.getMessage().contains("0x0178"), e.getMessage());
  }

  @Test
  void encrypt_defaultSuite_isSignedCommitting0x0578() {
    EncryptResult result =
        Envelope.defaults()
            .encrypt(
                EncryptRequest.builder()
                    .keyring(Fixtures.keyring())
                    .plaintext(new byte[3])
                    .build());
    assertEquals(SIGNED, result.suite());
    assertTrue(result.encryptionContext().containsKey("aws-crypto-public-key"));
    assertEquals(4096, result.info().frameLengthBytes());
  }

  @Test
  void decrypt_nonCommittingSuite_refusedByPolicyBeforeAnyKeyring() {
    AtomicInteger calls = new AtomicInteger();
    Keyring counting = TamperTest.countingKeyring(calls);
    CommitmentPolicyException e =
        assertBothRefuse(
            CommitmentPolicyException.class, Envelope.defaults(), counting, v1Header());
    assertTrue(e.getMessage().contains("0x0178"), e.getMessage());
    assertTrue(e.getMessage().contains("REQUIRE_ENCRYPT_REQUIRE_DECRYPT"), e.getMessage());
    assertEquals(0, calls.get());

    Envelope allow =
        Envelope.builder().commitmentPolicy(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT).build();
    EnvelopeException past =
        assertThrows(
            EnvelopeException.class,
            () ->
                allow.decrypt(
                    DecryptRequest.builder().keyring(counting).ciphertext(v1Header()).build()));
    assertFalse(past instanceof CommitmentPolicyException, past.toString());
    assertTrue(calls.get() > 0, "the allowing policy passes the message on to the keyring");
  }

  @Test
  void maxEncryptedDataKeys_enforcedOnEncryptAndAsSoonAsParsed() {
    Keyring three =
        MultiKeyring.builder()
            .generator(Fixtures.keyring("a", 1))
            .child(Fixtures.keyring("b", 2))
            .child(Fixtures.keyring("c", 3))
            .build();
    Envelope two = Envelope.builder().maxEncryptedDataKeys(2).build();
    EnvelopeException e =
        assertThrows(
            EnvelopeException.class,
            () ->
                two.encrypt(
                    EncryptRequest.builder().keyring(three).plaintext(new byte[1]).build()));
    assertTrue(e.getMessage().contains("over the limit 2"), e.getMessage());

    byte[] ciphertext = encrypt(three, UNSIGNED, 4096);
    AtomicInteger calls = new AtomicInteger();
    BadCiphertextException parsed =
        assertBothRefuse(
            BadCiphertextException.class, two, TamperTest.countingKeyring(calls), ciphertext);
    assertTrue(parsed.getMessage().contains("3 encrypted data keys"), parsed.getMessage());
    assertEquals(0, calls.get());
  }

  @Test
  void maxFrameLengthAndHeaderBytes_enforced() {
    byte[] ciphertext = encrypt(Fixtures.keyring(), UNSIGNED, 4096);
    BadCiphertextException frame =
        assertBothRefuse(
            BadCiphertextException.class,
            Envelope.builder().maxFrameLengthBytes(1024).build(),
            Fixtures.keyring(),
            ciphertext);
    assertTrue(
        frame.getMessage().contains("frame length 4096 exceeds the limit 1024"),
        frame.getMessage());
    BadCiphertextException header =
        assertBothRefuse(
            BadCiphertextException.class,
            Envelope.builder().maxHeaderBytes(64).build(),
            Fixtures.keyring(),
            ciphertext);
    assertTrue(header.getMessage().contains("header exceeds the limit of 64"), header.getMessage());
  }

  @Test
  void hugeLengthFields_failAsTruncationNotAllocation() {
    byte[] ciphertext = encrypt(Fixtures.keyring(), UNSIGNED, 4096);
    byte[] bad = java.util.Arrays.copyOf(ciphertext, 40);
    bad[35] = (byte) 0xFF;
    bad[36] = (byte) 0xFF;
    BadCiphertextException e =
        assertBothRefuse(
            BadCiphertextException.class, Envelope.defaults(), Fixtures.keyring(), bad);
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void encryptionContext_reservedOrUnreadable_refusedBeforeAnyKeyring() {
    AtomicInteger calls = new AtomicInteger();
    Keyring counting = TamperTest.countingKeyring(calls);
    Map<String, String> large = new HashMap<>();
    large.put("big", "x".repeat(40_000));
    List<Map<String, String>> refused =
        List.of(
            Map.of("aws-crypto-public-key", "x"),
            Map.of("aws-crypto-anything", "x"),
            Map.of("", "empty key"),
            Map.of("empty value", ""),
            Map.of("bad\uD800", "unpaired surrogate"),
            large);
    for (Map<String, String> context : refused) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  Envelope.defaults()
                      .encrypt(
                          EncryptRequest.builder()
                              .keyring(counting)
                              .encryptionContext(context)
                              .plaintext(new byte[1])
                              .build()));
      assertTrue(e.getMessage().contains("encryption context"), e.getMessage());
    }
    assertEquals(0, calls.get());
  }

  @Test
  void encryptionContext_justUnderWriterLimit_accepted() {
    Map<String, String> context = Map.of("k", "v".repeat(32_767 - 2 - 2 - 1 - 2 - 200));
    EncryptResult result =
        Envelope.defaults()
            .encrypt(
                EncryptRequest.builder()
                    .keyring(Fixtures.keyring())
                    .suite(UNSIGNED)
                    .encryptionContext(context)
                    .plaintext(new byte[1])
                    .build());
    assertEquals(context, result.encryptionContext());
  }

  @Test
  void base64Input_getsItsOwnMessage() {
    byte[] ciphertext = encrypt(Fixtures.keyring(), UNSIGNED, 4096);
    byte[] base64 = Base64.getEncoder().encode(ciphertext);
    BadCiphertextException e =
        assertBothRefuse(
            BadCiphertextException.class, Envelope.defaults(), Fixtures.keyring(), base64);
    assertTrue(e.getMessage().contains("base64"), e.getMessage());
  }

  @Test
  void emptyOrForeignInput_explained() {
    Supplier<Keyring> k = Fixtures::keyring;
    assertTrue(
        assertBothRefuse(BadCiphertextException.class, Envelope.defaults(), k.get(), new byte[0])
            .getMessage()
            .contains("empty"));
    assertTrue(
        assertBothRefuse(
                BadCiphertextException.class, Envelope.defaults(), k.get(), new byte[] {3, 0})
            .getMessage()
            .contains("version 0x03"));
    byte[] unknownSuite = encrypt(k.get(), UNSIGNED, 4096);
    unknownSuite[1] = 0x7F;
    assertTrue(
        assertBothRefuse(BadCiphertextException.class, Envelope.defaults(), k.get(), unknownSuite)
            .getMessage()
            .contains("0x7F78"));
  }

  @Test
  void builders_outOfRangeValues_refusedWithTheLimit() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Envelope.builder().maxEncryptedDataKeys(0));
    assertTrue(e.getMessage().contains("maxEncryptedDataKeys 0"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> EncryptRequest.builder().frameLengthBytes(0));
    assertThrows(IllegalStateException.class, () -> EncryptRequest.builder().build());
    assertThrows(IllegalStateException.class, () -> DecryptRequest.builder().build());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Envelope.defaults()
                .encrypt(EncryptRequest.builder().keyring(Fixtures.keyring()).build()));
  }

  @Test
  void largestFrameLength_oneShotRoundTrips() {
    byte[] plaintext = Fixtures.plaintext(10);
    byte[] ciphertext = encrypt(Fixtures.keyring(), UNSIGNED, Integer.MAX_VALUE);
    DecryptResult result =
        Envelope.builder()
            .maxFrameLengthBytes(Integer.MAX_VALUE)
            .build()
            .decrypt(
                DecryptRequest.builder()
                    .keyring(Fixtures.keyring())
                    .ciphertext(ciphertext)
                    .build());
    assertArrayEquals(plaintext, result.plaintext());
    assertEquals(Integer.MAX_VALUE, result.info().frameLengthBytes());
  }

  @Test
  void manyMessages_oneClient_concurrently() throws Exception {
    Envelope envelope = Envelope.defaults();
    Keyring keyring = Fixtures.keyring();
    List<Thread> threads = new java.util.ArrayList<>();
    AtomicInteger ok = new AtomicInteger();
    for (int t = 0; t < 4; t++) {
      int seed = t;
      threads.add(
          new Thread(
              () -> {
                for (int i = 0; i < 20; i++) {
                  byte[] p = Fixtures.plaintext(seed * 100 + i);
                  ByteArrayOutputStream sink = new ByteArrayOutputStream();
                  byte[] c =
                      envelope
                          .encrypt(
                              EncryptRequest.builder()
                                  .keyring(keyring)
                                  .suite(UNSIGNED)
                                  .frameLengthBytes(64)
                                  .plaintext(p)
                                  .build())
                          .ciphertext();
                  sink.writeBytes(c);
                  byte[] back =
                      envelope
                          .decrypt(
                              DecryptRequest.builder()
                                  .keyring(keyring)
                                  .ciphertext(sink.toByteArray())
                                  .build())
                          .plaintext();
                  if (java.util.Arrays.equals(p, back)) {
                    ok.incrementAndGet();
                  }
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join();
    }
    assertEquals(80, ok.get());
  }
}
