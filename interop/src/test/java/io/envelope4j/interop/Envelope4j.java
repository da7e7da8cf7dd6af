package io.envelope4j.interop;

import io.envelope4j.AlgorithmSuite;
import io.envelope4j.CommitmentPolicy;
import io.envelope4j.DecryptRequest;
import io.envelope4j.DecryptResult;
import io.envelope4j.EncryptRequest;
import io.envelope4j.Envelope;
import io.envelope4j.MessageInfo;
import io.envelope4j.keyring.EncryptedDataKey;
import io.envelope4j.keyring.Keyring;
import io.envelope4j.keyring.MultiKeyring;
import io.envelope4j.keyring.RawAesKeyring;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * envelope4j itself, driven like the oracles so the grid tests can pair any writer with any reader.
 * Each instance uses one of our APIs for both directions.
 *
 * <p>The streaming APIs read and write in chunks whose sizes cycle through {@link #CHUNKS} (one
 * byte at a time included), so frame boundaries fall everywhere inside a chunk.
 */
final class Envelope4j implements Oracle {
  /** Read and write sizes the streaming APIs cycle through. */
  static final int[] CHUNKS = {1, 13, 4096, 70_001, 3};

  /** Which of our APIs an instance uses. */
  enum Api {
    /** {@link Envelope#encrypt} and {@link Envelope#decrypt} on {@code byte[]}. */
    ONE_SHOT,
    /**
     * {@link Envelope#encryptingStream} (an OutputStream) and {@link Envelope#decryptingStream}.
     */
    OUTPUT_STREAM,
    /** {@link Envelope#encryptingInputStream} and {@link Envelope#decryptingStream}. */
    INPUT_STREAM
  }

  private final Api api;

  Envelope4j(Api api) {
    this.api = api;
  }

  @Override
  public String name() {
    return "envelope4j " + api.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @Override
  public List<OracleResult> run(List<OracleCase> cases) {
    List<OracleResult> results = new ArrayList<>(cases.size());
    for (OracleCase c : cases) {
      results.add(runOne(c));
    }
    return results;
  }

  OracleResult runOne(OracleCase c) {
    try {
      Envelope envelope = Envelope.builder().commitmentPolicy(policy(c.policy())).build();
      Keyring keyring = keyring(c.keys());
      return switch (c.op()) {
        case ENCRYPT -> OracleResult.encrypted(c.id(), encrypt(envelope, keyring, c));
        case DECRYPT -> decrypt(envelope, keyring, c);
      };
    } catch (RuntimeException | IOException e) {
      return OracleResult.failed(c.id(), e.getClass().getName() + ": " + e.getMessage());
    }
  }

  private byte[] encrypt(Envelope envelope, Keyring keyring, OracleCase c) throws IOException {
    EncryptRequest.Builder request =
        EncryptRequest.builder()
            .keyring(keyring)
            .suite(suite(c.suite()))
            .frameLengthBytes(c.frameLength())
            .encryptionContext(c.context());
    byte[] plaintext = c.input();
    switch (api) {
      case ONE_SHOT:
        return envelope.encrypt(request.plaintext(plaintext).build()).ciphertext();
      case OUTPUT_STREAM:
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = envelope.encryptingStream(sink, request.build())) {
          int offset = 0;
          for (int i = 0; offset < plaintext.length; i++) {
            int chunk = Math.min(CHUNKS[i % CHUNKS.length], plaintext.length - offset);
            if (chunk == 1) {
              out.write(plaintext[offset]);
            } else {
              out.write(plaintext, offset, chunk);
            }
            offset += chunk;
          }
        }
        return sink.toByteArray();
      case INPUT_STREAM:
        try (InputStream in =
            envelope.encryptingInputStream(new ByteArrayInputStream(plaintext), request.build())) {
          return readChunked(in);
        }
      default:
        throw new AssertionError(api);
    }
  }

  private OracleResult decrypt(Envelope envelope, Keyring keyring, OracleCase c)
      throws IOException {
    DecryptRequest.Builder request = DecryptRequest.builder().keyring(keyring);
    byte[] plaintext;
    MessageInfo info;
    if (api == Api.ONE_SHOT) {
      DecryptResult result = envelope.decrypt(request.ciphertext(c.input()).build());
      plaintext = result.plaintext();
      info = result.info();
    } else {
      try (var in =
          envelope.decryptingStream(new ByteArrayInputStream(c.input()), request.build())) {
        plaintext = readChunked(in);
        info = in.info();
      }
    }
    List<DataKeyInfo> dataKeys = new ArrayList<>();
    for (EncryptedDataKey key : info.encryptedDataKeys()) {
      dataKeys.add(new DataKeyInfo(key.providerId(), key.providerInfo()));
    }
    return new OracleResult(
        c.id(),
        plaintext,
        null,
        info.suite().id(),
        info.frameLengthBytes(),
        info.encryptionContext(),
        dataKeys);
  }

  /** Reads {@code in} to its end with read sizes cycling through {@link #CHUNKS}. */
  private static byte[] readChunked(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[80_000];
    for (int i = 0; ; i++) {
      int want = CHUNKS[i % CHUNKS.length];
      if (want == 1) {
        int b = in.read();
        if (b < 0) {
          return out.toByteArray();
        }
        out.write(b);
        continue;
      }
      int offset = i % 5;
      int n = in.read(buffer, offset, want);
      if (n < 0) {
        return out.toByteArray();
      }
      out.write(buffer, offset, n);
    }
  }

  /** Our raw AES keyring for one key; our multi-keyring, first key the generator, for several. */
  static Keyring keyring(List<WrappingKey> keys) {
    List<Keyring> keyrings = new ArrayList<>();
    for (WrappingKey key : keys) {
      keyrings.add(
          RawAesKeyring.builder()
              .keyNamespace(key.namespace())
              .keyName(key.name())
              .wrappingKey(key.material())
              .build());
    }
    if (keyrings.size() == 1) {
      return keyrings.get(0);
    }
    return MultiKeyring.builder()
        .generator(keyrings.get(0))
        .children(keyrings.subList(1, keyrings.size()))
        .build();
  }

  static AlgorithmSuite suite(Suite suite) {
    return AlgorithmSuite.findById(suite.id()).orElseThrow();
  }

  static CommitmentPolicy policy(Policy policy) {
    return CommitmentPolicy.valueOf(policy.name());
  }
}
