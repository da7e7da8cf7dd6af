package io.envelope4j.fuzz;

import io.envelope4j.CommitmentPolicy;
import io.envelope4j.DecryptRequest;
import io.envelope4j.DecryptResult;
import io.envelope4j.Envelope;
import io.envelope4j.EnvelopeException;
import io.envelope4j.keyring.RawAesKeyring;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Fuzz target for the whole decrypt path: header parser, body (framed and non-framed), footer. The
 * input is a message; it goes through one-shot {@link Envelope#decrypt} and through the decrypting
 * stream, both with a raw AES keyring that holds the key the seed corpus was made with, so mutated
 * messages get past the data key and reach the body and the signature.
 *
 * <p>Allowed outcomes: success, an {@link EnvelopeException} from one-shot decryption, an {@link
 * IOException} whose cause is an {@code EnvelopeException} from the stream. Anything else (an NPE,
 * index or negative-size error, an {@code OutOfMemoryError}, an undeclared exception) escapes and
 * is a finding. The two paths must also agree: same success, same plaintext.
 *
 * <p>Run by {@link DecryptFuzzTest} (corpus replay in normal test runs) and by the standalone
 * Jazzer driver in fuzzing mode (see {@code core/FUZZING.md}).
 */
public final class DecryptFuzzTarget {
  /** Key namespace of the fuzzing keyring; the seeds were encrypted under it. */
  public static final String NAMESPACE = "envelope4j-fuzz";

  /** Key name of the fuzzing keyring. */
  public static final String KEY_NAME = "fuzz-key";

  /** Small bounds, so a hostile length field meets a limit quickly. */
  private static final Envelope ENVELOPE =
      Envelope.builder()
          .commitmentPolicy(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT)
          .maxEncryptedDataKeys(4)
          .maxFrameLengthBytes(64 * 1024)
          .maxHeaderBytes(16 * 1024)
          .build();

  private static final RawAesKeyring KEYRING = keyring();

  private DecryptFuzzTarget() {}

  /** The raw AES keyring whose 256-bit wrapping key is bytes 0x40, 0x41, ..., 0x5F. */
  public static RawAesKeyring keyring() {
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (0x40 + i);
    }
    return RawAesKeyring.builder()
        .keyNamespace(NAMESPACE)
        .keyName(KEY_NAME)
        .wrappingKey(key)
        .build();
  }

  /** The client the target decrypts with. */
  public static Envelope envelope() {
    return ENVELOPE;
  }

  /** Jazzer entry point. */
  public static void fuzzerTestOneInput(byte[] data) {
    byte[] oneShot = oneShotOrNull(data);
    byte[] streamed = streamOrNull(data, 1 + (data.length % 7) * 61);
    if ((oneShot == null) != (streamed == null)) {
      throw new IllegalStateException(
          "one-shot " + (oneShot == null ? "failed" : "succeeded") + " but the stream did not");
    }
    if (oneShot != null && !Arrays.equals(oneShot, streamed)) {
      throw new IllegalStateException("one-shot and stream decrypted to different plaintexts");
    }
  }

  private static byte[] oneShotOrNull(byte[] data) {
    try {
      DecryptResult r =
          ENVELOPE.decrypt(DecryptRequest.builder().keyring(KEYRING).ciphertext(data).build());
      return r.plaintext();
    } catch (EnvelopeException expected) {
      return null;
    }
  }

  private static byte[] streamOrNull(byte[] data, int chunk) {
    DecryptRequest request = DecryptRequest.builder().keyring(KEYRING).build();
    try (InputStream in = ENVELOPE.decryptingStream(new ByteArrayInputStream(data), request)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[chunk];
      for (int n; (n = in.read(buf)) >= 0; ) {
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      if (e.getCause() instanceof EnvelopeException) {
        return null;
      }
      throw new IllegalStateException("stream failed without an envelope exception cause", e);
    }
  }
}
