package io.envelope4j.cli;

import io.envelope4j.AlgorithmSuite;
import io.envelope4j.CommitmentPolicyException;
import io.envelope4j.EncryptRequest;
import io.envelope4j.Envelope;
import io.envelope4j.keyring.Keyring;
import io.envelope4j.materials.MaterialsManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code envelope4j encrypt}: writes AWS Encryption SDK messages. */
@Command(
    name = "encrypt",
    mixinStandardHelpOptions = true,
    description = {
      "Encrypt files, directories or standard input into AWS Encryption SDK messages.",
      "",
      "Without key flags the data key is wrapped by the default key of the local key store in"
          + " $ENVELOPE4J_HOME (~/.envelope4j), created on first use.",
    })
final class EncryptCommand extends CryptoCommand {
  @Option(
      names = "--suite",
      paramLabel = "SUITE",
      description =
          "Algorithm suite: hex id (0478, 0578) or ESDK name; default 0578"
              + " (AES-256-GCM, HKDF-SHA512, key commitment, ECDSA P-384).")
  String suite;

  @Option(
      names = "--frame-length",
      paramLabel = "BYTES",
      description =
          "Frame length in bytes, 1 to 4194304 (the largest frame readers accept by default);"
              + " default: ${DEFAULT-VALUE}.")
  int frameLength = EncryptRequest.DEFAULT_FRAME_LENGTH_BYTES;

  @Option(names = "--encode", description = "Write the message as one line of base64.")
  boolean encode;

  private Envelope envelope;
  private MaterialsManager materials;
  private Map<String, String> encryptionContext;
  private AlgorithmSuite requestedSuite;

  EncryptCommand(Terminal terminal) {
    super(terminal);
  }

  @Override
  String mode() {
    return "encrypt";
  }

  @Override
  boolean writesBinary() {
    return !encode;
  }

  @Override
  void prepare(KeySource source) throws IOException {
    if (frameLength < 1 || frameLength > Envelope.DEFAULT_MAX_FRAME_LENGTH_BYTES) {
      throw new CliException(
          ExitCode.USAGE,
          "--frame-length "
              + frameLength
              + " is outside 1 to "
              + Envelope.DEFAULT_MAX_FRAME_LENGTH_BYTES
              + "; larger frames would make messages that readers refuse by default");
    }
    envelope = envelope();
    Keyring keyring = source.encryptKeyring();
    materials = materialsManager(keyring);
    encryptionContext = parseContext(false, new java.util.ArrayList<>());
    requestedSuite = suite == null ? null : parseSuite(suite);
    request(-1);
  }

  private EncryptRequest request(long plaintextLengthBytes) {
    EncryptRequest.Builder b =
        EncryptRequest.builder()
            .materialsManager(materials)
            .encryptionContext(encryptionContext)
            .frameLengthBytes(frameLength);
    if (requestedSuite != null) {
      b.suite(requestedSuite);
    }
    if (plaintextLengthBytes >= 0) {
      b.plaintextLengthBytes(plaintextLengthBytes);
    }
    return b.build();
  }

  @Override
  Map<String, Object> transform(InputStream in, OutputStream out, long inputSizeBytes)
      throws IOException {
    EncryptRequest request = request(inputSizeBytes);
    OutputStream sink = encode ? Base64Streams.encoding(new NonClosing(out)) : new NonClosing(out);
    try (OutputStream enc = envelope.encryptingStream(sink, request)) {
      in.transferTo(enc);
    } catch (IOException e) {
      if (e.getCause() instanceof CommitmentPolicyException policy) {
        throw new CliException(
            ExitCode.USAGE,
            policy.getMessage() + "; choose --suite and --commitment-policy to match",
            e);
      }
      throw e;
    } catch (CommitmentPolicyException policy) {
      throw new CliException(
          ExitCode.USAGE,
          policy.getMessage() + "; choose --suite and --commitment-policy to match",
          policy);
    }
    AlgorithmSuite written = request.suite().orElse(envelope.commitmentPolicy().defaultSuite());
    return headerFacts(written, request.encryptionContext(), List.of(), frameLength);
  }

  @Override
  String outputName(String inputName) {
    return inputName + suffix;
  }

  static AlgorithmSuite parseSuite(String text) {
    String t = text.trim();
    String hex = t.toLowerCase(Locale.ROOT).startsWith("0x") ? t.substring(2) : t;
    if (hex.matches("[0-9a-fA-F]{1,4}")) {
      return AlgorithmSuite.findById(Integer.parseInt(hex, 16))
          .orElseThrow(() -> new CliException(ExitCode.USAGE, "unknown suite id " + text));
    }
    try {
      return AlgorithmSuite.valueOf(t.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CliException(
          ExitCode.USAGE,
          "unknown suite " + text + "; use a hex id such as 0478 or 0578, or an ESDK suite name");
    }
  }

  /** Keeps a message stream's close from closing the file or standard output under it. */
  static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
