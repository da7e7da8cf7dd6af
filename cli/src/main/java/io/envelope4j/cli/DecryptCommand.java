package io.envelope4j.cli;

import io.envelope4j.BadCiphertextException;
import io.envelope4j.DecryptRequest;
import io.envelope4j.DecryptingInputStream;
import io.envelope4j.Envelope;
import io.envelope4j.MessageInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code envelope4j decrypt}: reads AWS Encryption SDK messages. */
@Command(
    name = "decrypt",
    mixinStandardHelpOptions = true,
    description = {
      "Decrypt AWS Encryption SDK messages from files, directories or standard input.",
      "",
      "A file output appears under its name only after the whole message verified. With"
          + " -o - frames are written to standard output as each one verifies; the last frame"
          + " of a signed message only after its signature verifies. Use --decrypt-unsigned"
          + " to refuse signed messages, so that every byte written is final.",
    })
final class DecryptCommand extends CryptoCommand {
  @Option(
      names = "--decrypt-unsigned",
      description = "Refuse messages with a signature (suites 0578, 0378, 0346, 0214).")
  boolean unsignedOnly;

  @Option(names = "--decode", description = "The input is base64 (white space ignored).")
  boolean decode;

  private Envelope envelope;
  private DecryptRequest request;
  private final List<String> requiredKeys = new ArrayList<>();

  DecryptCommand(Terminal terminal) {
    super(terminal);
  }

  @Override
  String mode() {
    return "decrypt";
  }

  @Override
  boolean writesBinary() {
    return true;
  }

  @Override
  void prepare(KeySource source) throws IOException {
    envelope = envelope();
    request =
        DecryptRequest.builder()
            .materialsManager(materialsManager(source.decryptKeyring()))
            .encryptionContext(parseContext(true, requiredKeys))
            .refuseSignedMessages(unsignedOnly)
            .build();
  }

  @Override
  Map<String, Object> transform(InputStream in, OutputStream out, long inputSizeBytes)
      throws IOException {
    InputStream src = decode ? Base64Streams.decoding(in) : in;
    try (DecryptingInputStream dec = envelope.decryptingStream(new NonClosingInput(src), request)) {
      MessageInfo info = dec.info();
      for (String key : requiredKeys) {
        if (!info.encryptionContext().containsKey(key)) {
          throw new BadCiphertextException(
              "the message's encryption context has no key " + key + " (required by --context)");
        }
      }
      dec.transferTo(out);
      out.flush();
      return headerFacts(
          info.suite(),
          info.encryptionContext(),
          info.encryptedDataKeys(),
          info.frameLengthBytes());
    }
  }

  @Override
  String outputName(String inputName) {
    if (!suffix.isEmpty() && inputName.endsWith(suffix) && inputName.length() > suffix.length()) {
      return inputName.substring(0, inputName.length() - suffix.length());
    }
    throw new CliException(
        ExitCode.USAGE, inputName + " does not end in " + suffix + "; name the output with -o");
  }

  /** Keeps the decrypting stream's close from closing standard input. */
  static final class NonClosingInput extends java.io.FilterInputStream {
    NonClosingInput(InputStream in) {
      super(in);
    }

    @Override
    public void close() {
      // The caller owns the input.
    }
  }
}
