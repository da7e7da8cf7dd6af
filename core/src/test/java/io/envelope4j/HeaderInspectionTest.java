package io.envelope4j;

import static io.envelope4j.Fixtures.SIGNED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.envelope4j.UnauthenticatedHeader.ContentType;
import io.envelope4j.keyring.EncryptedDataKey;
import io.envelope4j.materials.RequiredEncryptionContextMaterialsManager;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link Envelope#inspectHeader}: every header field, without keys, bounded like the reader. */
class HeaderInspectionTest {
  private static final Map<String, String> CONTEXT = Map.of("tenant", "acme", "purpose", "x");

  @Test
  void v2SignedMessage_everyFieldReported_streamLeftAtTheBody() throws IOException {
    byte[] plaintext = Fixtures.plaintext(250);
    EncryptResult encrypted =
        Envelope.defaults()
            .encrypt(
                EncryptRequest.builder()
                    .keyring(Fixtures.keyring())
                    .suite(SIGNED)
                    .frameLengthBytes(100)
                    .encryptionContext(CONTEXT)
                    .plaintext(plaintext)
                    .build());
    byte[] message = encrypted.ciphertext();
    ByteArrayInputStream in = new ByteArrayInputStream(message);

    UnauthenticatedHeader header = Envelope.defaults().inspectHeader(in);

    assertEquals(2, header.messageFormatVersion());
    assertEquals(SIGNED, header.suite());
    assertArrayEquals(Arrays.copyOfRange(message, 3, 35), header.messageId());
    assertEquals("acme", header.encryptionContext().get("tenant"));
    assertTrue(header.encryptionContext().containsKey("aws-crypto-public-key"));
    assertEquals(encrypted.info().encryptionContext(), header.encryptionContext());
    assertEquals(1, header.encryptedDataKeys().size());
    EncryptedDataKey edk = header.encryptedDataKeys().get(0);
    assertEquals("envelope4j-test", edk.providerId());
    assertTrue(edk.providerInfoAsString().startsWith("key-1"), edk.providerInfoAsString());
    assertEquals(encrypted.info().encryptedDataKeys(), header.encryptedDataKeys());
    assertEquals(ContentType.FRAMED, header.contentType());
    assertEquals(100, header.frameLengthBytes());
    assertEquals(message.length - header.headerLengthBytes(), in.available(), "at the body");
    assertEquals(1, ByteBuffer.wrap(message, header.headerLengthBytes(), 4).getInt(), "frame 1");

    String shown = header.toString();
    assertTrue(shown.contains("0x0578") && shown.contains("envelope4j-test"), shown);
    assertFalse(shown.contains("acme"), "context values stay out of toString: " + shown);
  }

  @Test
  void legacyAndNonFramedMessages_inspectedUnderTheDefaultPolicy() throws IOException {
    byte[] legacy =
        Envelope.builder()
            .commitmentPolicy(CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT)
            .build()
            .encrypt(
                EncryptRequest.builder()
                    .keyring(Fixtures.keyring())
                    .suite(AlgorithmSuite.AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384)
                    .plaintext(new byte[5])
                    .build())
            .ciphertext();
    UnauthenticatedHeader v1 = Envelope.defaults().inspectHeader(new ByteArrayInputStream(legacy));
    assertEquals(1, v1.messageFormatVersion());
    assertEquals(AlgorithmSuite.AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384, v1.suite());
    assertEquals(16, v1.messageId().length);
    assertEquals(ContentType.FRAMED, v1.contentType());

    AlgorithmSuite suite = AlgorithmSuite.AES_128_GCM_IV12_TAG16_NO_KDF;
    byte[] nonFramed = LegacySuitesTest.NonFramed.message(suite, new byte[7]);
    UnauthenticatedHeader body =
        Envelope.defaults().inspectHeader(new ByteArrayInputStream(nonFramed));
    assertEquals(ContentType.NON_FRAMED, body.contentType());
    assertEquals(0, body.frameLengthBytes());
    assertEquals(LegacySuitesTest.NonFramed.headerLength(suite), body.headerLengthBytes());
  }

  @Test
  void requiredContextMessage_showsOnlyTheStoredEntries() throws IOException {
    byte[] message =
        Envelope.defaults()
            .encrypt(
                EncryptRequest.builder()
                    .materialsManager(
                        RequiredEncryptionContextMaterialsManager.of(
                            Set.of("tenant"), Fixtures.keyring()))
                    .encryptionContext(CONTEXT)
                    .plaintext(new byte[1])
                    .build())
            .ciphertext();
    UnauthenticatedHeader header =
        Envelope.defaults().inspectHeader(new ByteArrayInputStream(message));
    assertFalse(header.encryptionContext().containsKey("tenant"));
    assertEquals("x", header.encryptionContext().get("purpose"));
  }

  @Test
  void hostileOrBrokenHeaders_refusedWithTheReadersBounds() {
    ByteBuffer many = ByteBuffer.allocate(39);
    many.put((byte) 2).putShort((short) 0x0478).put(new byte[32]).putShort((short) 0);
    many.putShort((short) 0xFFFF);
    BadCiphertextException count =
        assertThrows(
            BadCiphertextException.class,
            () -> Envelope.defaults().inspectHeader(new ByteArrayInputStream(many.array())));
    assertTrue(count.getMessage().contains("65535 encrypted data keys"), count.getMessage());

    byte[] message =
        Envelope.defaults()
            .encrypt(
                EncryptRequest.builder().keyring(Fixtures.keyring()).plaintext(new byte[1]).build())
            .ciphertext();
    for (int cut : new int[] {0, 1, 40, 100}) {
      byte[] truncated = Arrays.copyOf(message, cut);
      assertThrows(
          BadCiphertextException.class,
          () -> Envelope.defaults().inspectHeader(new ByteArrayInputStream(truncated)));
    }
    BadCiphertextException bound =
        assertThrows(
            BadCiphertextException.class,
            () ->
                Envelope.builder()
                    .maxHeaderBytes(64)
                    .build()
                    .inspectHeader(new ByteArrayInputStream(message)));
    assertTrue(bound.getMessage().contains("header exceeds the limit of 64"), bound.getMessage());
  }
}
