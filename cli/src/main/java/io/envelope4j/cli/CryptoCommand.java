package io.envelope4j.cli;

import io.envelope4j.AlgorithmSuite;
import io.envelope4j.CommitmentPolicy;
import io.envelope4j.Envelope;
import io.envelope4j.keyring.EncryptedDataKey;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What {@code encrypt} and {@code decrypt} share: inputs and outputs (files, standard streams,
 * directory trees), keys, context, limits, metadata and progress.
 *
 * <p>Design note: every file output goes through {@link AtomicOutput}, so a failure at any point
 * (bad tag, wrong key, disk full, Ctrl-C) leaves nothing under the output name. Standard output
 * cannot be taken back: there, decrypted frames stream out as they verify, and the help says so. A
 * directory run reports each failing file and carries on; its exit code then says that something
 * failed. Links and special files are reported and skipped, never followed.
 */
abstract class CryptoCommand implements Callable<Integer> {
  static final long PROGRESS_MIN_BYTES = 1 << 20;

  final Terminal terminal;

  @Mixin Verbosity verbosity = new Verbosity();

  @Option(
      names = {"-i", "--input"},
      required = true,
      paramLabel = "PATH",
      description = "Input file, directory (with -r), or - for standard input.")
  String input;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "PATH",
      description =
          "Output file, directory, or - for standard output. Default for a file input: the"
              + " input name with the suffix added (encrypt) or removed (decrypt).")
  String output;

  @Option(
      names = {"-r", "--recursive"},
      description = "Process every regular file under the input directory into -o DIR.")
  boolean recursive;

  @Mixin KeyOptions keys = new KeyOptions();

  @Option(
      names = "--context",
      paramLabel = "KEY=VALUE",
      description = "Encryption context entry (repeatable).")
  List<String> context = new ArrayList<>();

  @Option(
      names = "--commitment-policy",
      paramLabel = "POLICY",
      description =
          "FORBID_ENCRYPT_ALLOW_DECRYPT, REQUIRE_ENCRYPT_ALLOW_DECRYPT or"
              + " REQUIRE_ENCRYPT_REQUIRE_DECRYPT (default).")
  CommitmentPolicy commitmentPolicy = CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT;

  @Option(
      names = "--max-encrypted-data-keys",
      paramLabel = "N",
      description = "Most encrypted data keys a message may carry; default: ${DEFAULT-VALUE}.")
  int maxEncryptedDataKeys = Envelope.DEFAULT_MAX_ENCRYPTED_DATA_KEYS;

  @Option(
      names = "--metadata-output",
      paramLabel = "FILE",
      description =
          "Append one JSON line per file (mode, input, output, header facts); - for stdout.")
  String metadataOutput;

  @Option(names = "--no-overwrite", description = "Never replace an existing output file.")
  boolean noOverwrite;

  @Option(
      names = "--suffix",
      paramLabel = "SUFFIX",
      description = "Added on encrypt, removed on decrypt; default: ${DEFAULT-VALUE}.")
  String suffix = ".e4j";

  @Option(
      names = "--cache",
      paramLabel = "SETTINGS",
      description = {
        "Reuse data keys across the files of this run: capacity=N,max-age=DURATION,"
            + "max-messages=N[,max-bytes=N], for example capacity=100,max-age=5m,max-messages=1000."
            + " Fewer KMS calls; each data key then protects several files."
      })
  String cache;

  @Option(
      names = "--progress",
      negatable = true,
      description = "Show a progress bar on stderr (default: when stderr is a terminal).")
  Boolean progress;

  private PrintStream metadata;
  private boolean metadataIsStdout;

  CryptoCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  /** {@code "encrypt"} or {@code "decrypt"}. */
  abstract String mode();

  /** Prepares keys and settings; called once per run before any file. */
  abstract void prepare(KeySource source) throws IOException;

  /**
   * Transforms one input into one output; returns the header facts for the metadata line.
   *
   * @param inputSizeBytes the input's size if it is a file, or -1
   */
  abstract Map<String, Object> transform(InputStream in, OutputStream out, long inputSizeBytes)
      throws IOException;

  /** The output name for an input name when no -o names one. */
  abstract String outputName(String inputName);

  /** Whether this command would write binary data to a terminal given its flags. */
  abstract boolean writesBinary();

  @Override
  public Integer call() throws Exception {
    if ("-".equals(metadataOutput) && "-".equals(output)) {
      throw new CliException(
          ExitCode.USAGE,
          "--metadata-output - and -o - would mix metadata into the output; send one to a file");
    }
    try (KeySource source = KeySource.open(keys, terminal)) {
      openMetadata();
      try {
        prepare(source);
        if (recursive) {
          return runDirectory();
        }
        runSingle();
        return ExitCode.OK.code();
      } finally {
        closeMetadata();
      }
    }
  }

  /** The materials manager for {@code keyring}: cached when --cache says so. */
  io.envelope4j.materials.MaterialsManager materialsManager(io.envelope4j.keyring.Keyring keyring) {
    return cache == null
        ? io.envelope4j.materials.DefaultMaterialsManager.of(keyring)
        : CacheSpec.parse(cache).manager(keyring);
  }

  Envelope envelope() {
    return Envelope.builder()
        .commitmentPolicy(commitmentPolicy)
        .maxEncryptedDataKeys(maxEncryptedDataKeys)
        .build();
  }

  Map<String, String> parseContext(boolean allowBareKeys, List<String> bareKeys) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String entry : context) {
      int eq = entry.indexOf('=');
      if (eq < 0) {
        if (!allowBareKeys) {
          throw new CliException(
              ExitCode.USAGE, "--context " + entry + " needs the form KEY=VALUE");
        }
        bareKeys.add(entry);
        continue;
      }
      String key = entry.substring(0, eq);
      if (map.put(key, entry.substring(eq + 1)) != null) {
        throw new CliException(ExitCode.USAGE, "--context key " + key + " is given twice");
      }
    }
    return map;
  }

  private void runSingle() throws IOException {
    boolean fromStdin = input.equals("-");
    Path in = fromStdin ? null : terminal.resolve(input);
    if (in != null) {
      if (Files.isDirectory(in)) {
        throw new CliException(
            ExitCode.USAGE, input + " is a directory; add -r to process a directory tree");
      }
      if (!Files.exists(in, LinkOption.NOFOLLOW_LINKS)) {
        throw new CliException(ExitCode.IO, input + ": no such file");
      }
    }
    String out = output;
    if (out == null) {
      if (fromStdin) {
        throw new CliException(
            ExitCode.USAGE, "reading standard input needs -o FILE, or -o - for standard output");
      }
      out = in.resolveSibling(outputName(in.getFileName().toString())).toString();
    }
    if (out.equals("-")) {
      if (writesBinary() && terminal.stdoutTty()) {
        throw new CliException(
            ExitCode.USAGE,
            "refusing to write binary "
                + (mode().equals("encrypt") ? "ciphertext" : "plaintext")
                + " to a terminal; redirect it, or use -o FILE"
                + (mode().equals("encrypt") ? " or --encode" : ""));
      }
      try (InputStream src = open(in)) {
        Map<String, Object> facts = transform(src, terminal.out(), sizeOrUnknown(in));
        terminal.out().flush();
        record(inputName(in), "-", facts, null);
      }
      return;
    }
    Path target = terminal.resolve(out);
    if (Files.isDirectory(target)) {
      if (fromStdin) {
        throw new CliException(ExitCode.USAGE, "-o " + out + " is a directory; name a file");
      }
      target = target.resolve(outputName(in.getFileName().toString()));
    }
    if (in != null && Files.exists(target) && Files.isSameFile(in, target)) {
      throw new CliException(ExitCode.USAGE, "input and output are the same file: " + target);
    }
    processFile(in, target);
  }

  private void processFile(Path in, Path target) throws IOException {
    try (InputStream src = open(in);
        AtomicOutput sink = AtomicOutput.open(target, !noOverwrite)) {
      Map<String, Object> facts;
      try (OutputStream os = sink.stream()) {
        facts = transform(src, os, sizeOrUnknown(in));
      }
      sink.commit();
      record(inputName(in), target.toString(), facts, null);
    }
  }

  private int runDirectory() throws IOException {
    Path root = terminal.resolve(input);
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      throw new CliException(ExitCode.USAGE, "-r needs a directory input; " + input + " is not");
    }
    if (output == null || output.equals("-")) {
      throw new CliException(ExitCode.USAGE, "-r needs -o DIR, the directory to write into");
    }
    Path outRoot = terminal.resolve(output);
    if (outRoot.toAbsolutePath().startsWith(root.toAbsolutePath())) {
      throw new CliException(
          ExitCode.USAGE, "the output directory must not lie inside the input directory");
    }
    Files.createDirectories(outRoot);
    int[] failures = {0};
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            Files.createDirectories(outRoot.resolve(root.relativize(dir).toString()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            String rel = root.relativize(file).toString();
            if (attrs.isSymbolicLink()) {
              skip(file, "symbolic link, not followed");
              return FileVisitResult.CONTINUE;
            }
            if (!attrs.isRegularFile()) {
              skip(file, "not a regular file");
              return FileVisitResult.CONTINUE;
            }
            String name = file.getFileName().toString();
            if (mode().equals("decrypt") && !suffix.isEmpty() && !name.endsWith(suffix)) {
              skip(file, "no " + suffix + " suffix");
              return FileVisitResult.CONTINUE;
            }
            Path target = outRoot.resolve(rel).resolveSibling(outputName(name));
            try {
              processFile(file, target);
            } catch (Exception e) {
              failures[0]++;
              CliException c = Failures.classify(e);
              verbosity.error(terminal.err(), file + ": " + c.getMessage(), e);
              record(file.toString(), target.toString(), null, c.getMessage());
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            failures[0]++;
            String message = Failures.describe(e);
            verbosity.error(terminal.err(), file + ": " + message, e);
            record(file.toString(), null, null, message);
            return FileVisitResult.CONTINUE;
          }
        });
    if (failures[0] > 0) {
      terminal.err().println("envelope4j: " + failures[0] + " file(s) failed; see above");
      return ExitCode.PARTIAL.code();
    }
    return ExitCode.OK.code();
  }

  private void skip(Path file, String why) {
    terminal.err().println("envelope4j: skipped " + file + ": " + why);
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("mode", mode());
    line.put("input", file.toString());
    line.put("skipped", why);
    writeMetadata(line);
  }

  private InputStream open(Path in) throws IOException {
    InputStream raw = in == null ? terminal.in() : new BufferedInputStream(openFile(in), 1 << 16);
    long size = sizeOrUnknown(in);
    boolean show =
        progress != null
            ? progress
            : terminal.stderrTty() && !verbosity.quiet && size >= PROGRESS_MIN_BYTES;
    if (!show) {
      return raw;
    }
    Progress bar =
        new Progress(terminal.err(), mode() + " " + inputName(in), size, System::nanoTime);
    InputStream counted = bar.counting(raw);
    return new java.io.FilterInputStream(counted) {
      @Override
      public void close() throws IOException {
        bar.finish();
        if (in != null) {
          super.close();
        }
      }
    };
  }

  /**
   * FIFOs and devices through FileInputStream: JDK 17's channel stream seeks, which they refuse.
   */
  private static InputStream openFile(Path in) throws IOException {
    return Files.isRegularFile(in)
        ? Files.newInputStream(in, StandardOpenOption.READ)
        : new java.io.FileInputStream(in.toFile());
  }

  /** A regular file's size; -1 for standard input, FIFOs and devices. */
  private static long sizeOrUnknown(Path in) throws IOException {
    return in != null && Files.isRegularFile(in) ? Files.size(in) : -1;
  }

  private static String inputName(Path in) {
    return in == null ? "-" : in.toString();
  }

  static Map<String, Object> headerFacts(
      AlgorithmSuite suite, Map<String, String> context, List<EncryptedDataKey> edks, int frame) {
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("suite", suite.hexId());
    facts.put("suiteName", suite.name());
    facts.put("encryptionContext", context);
    List<Map<String, Object>> keys = new ArrayList<>();
    for (EncryptedDataKey edk : edks) {
      Map<String, Object> k = new LinkedHashMap<>();
      k.put("providerId", edk.providerId());
      k.put("providerInfo", printable(edk));
      keys.add(k);
    }
    facts.put("encryptedDataKeys", keys);
    facts.put("frameLength", frame);
    return facts;
  }

  static String printable(EncryptedDataKey edk) {
    byte[] info = edk.providerInfo();
    String s = new String(info, StandardCharsets.UTF_8);
    boolean text = s.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    if (text) {
      return s;
    }
    // Raw AES provider info is the key name followed by binary IV facts: show the name part.
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c < 0x20 || c >= 0x7f) {
        break;
      }
      sb.append(c);
    }
    return sb.toString();
  }

  private void openMetadata() throws IOException {
    if (metadataOutput == null) {
      return;
    }
    if (metadataOutput.equals("-")) {
      metadata = new PrintStream(terminal.out(), true, StandardCharsets.UTF_8);
      metadataIsStdout = true;
      return;
    }
    metadata =
        new PrintStream(
            Files.newOutputStream(
                terminal.resolve(metadataOutput),
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND),
            true,
            StandardCharsets.UTF_8);
  }

  private void closeMetadata() {
    if (metadata != null) {
      metadata.flush();
      if (!metadataIsStdout) {
        metadata.close();
      }
    }
  }

  private void record(String in, String out, Map<String, Object> facts, String error) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("mode", mode());
    line.put("input", in);
    line.put("output", out);
    if (facts != null) {
      line.putAll(facts);
    }
    line.put("status", error == null ? "ok" : "failed");
    if (error != null) {
      line.put("error", error);
    }
    writeMetadata(line);
    if (error == null && verbosity.verbose) {
      terminal.err().println("envelope4j: " + mode() + "ed " + in + " -> " + out);
    }
  }

  private void writeMetadata(Map<String, Object> line) {
    if (metadata != null) {
      metadata.println(Json.write(line));
    }
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
