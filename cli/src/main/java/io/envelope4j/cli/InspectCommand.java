package io.envelope4j.cli;

import io.envelope4j.Envelope;
import io.envelope4j.UnauthenticatedHeader;
import io.envelope4j.keyring.EncryptedDataKey;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code envelope4j inspect}: print a message's header as JSON, without decrypting. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Print a message's header (suite, encryption context, encrypted data keys, frame length)"
          + " as one JSON object, without any key and without decrypting.",
      "",
      "Nothing printed is authenticated: anyone can write any header. Only a successful"
          + " decrypt proves the header is genuine.",
    })
final class InspectCommand implements Callable<Integer> {
  private final Terminal terminal;

  @Mixin Verbosity verbosity = new Verbosity();

  @Option(
      names = {"-i", "--input"},
      required = true,
      paramLabel = "PATH",
      description = "The message file, or - for standard input.")
  String input;

  @Option(names = "--decode", description = "The input is base64 (white space ignored).")
  boolean decode;

  @Option(
      names = "--max-encrypted-data-keys",
      paramLabel = "N",
      description = "Most encrypted data keys a header may carry; default: ${DEFAULT-VALUE}.")
  int maxEncryptedDataKeys = Envelope.DEFAULT_MAX_ENCRYPTED_DATA_KEYS;

  InspectCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws IOException {
    Envelope envelope = Envelope.builder().maxEncryptedDataKeys(maxEncryptedDataKeys).build();
    UnauthenticatedHeader header;
    try (InputStream raw =
        input.equals("-")
            ? new DecryptCommand.NonClosingInput(terminal.in())
            : new BufferedInputStream(Files.newInputStream(terminal.resolve(input)))) {
      header = envelope.inspectHeader(decode ? Base64Streams.decoding(raw) : raw);
    }
    PrintStream out = new PrintStream(terminal.out(), true, StandardCharsets.UTF_8);
    out.println(Json.write(describe(header)));
    out.flush();
    return ExitCode.OK.code();
  }

  static Map<String, Object> describe(UnauthenticatedHeader header) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("authenticated", false);
    m.put("messageFormatVersion", header.messageFormatVersion());
    m.put("suite", header.suite().hexId());
    m.put("suiteName", header.suite().name());
    m.put("messageId", Base64.getEncoder().encodeToString(header.messageId()));
    m.put("encryptionContext", header.encryptionContext());
    List<Map<String, Object>> keys = new ArrayList<>();
    for (EncryptedDataKey edk : header.encryptedDataKeys()) {
      Map<String, Object> k = new LinkedHashMap<>();
      k.put("providerId", edk.providerId());
      k.put("providerInfo", CryptoCommand.printable(edk));
      k.put("providerInfoBase64", Base64.getEncoder().encodeToString(edk.providerInfo()));
      k.put("ciphertextLength", edk.ciphertextLengthBytes());
      keys.add(k);
    }
    m.put("encryptedDataKeys", keys);
    m.put("contentType", header.contentType().name());
    m.put("frameLength", header.frameLengthBytes());
    m.put("headerLength", header.headerLengthBytes());
    return m;
  }
}
