package io.envelope4j.interop;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The AWS Encryption SDK for JavaScript ({@code @aws-crypto/client-node} 5.0.2, pinned by {@code
 * interop/js/package-lock.json}) as an oracle, driven through {@code interop/js/esdk-batch.js}.
 *
 * <p>Design note: a node process costs about 0.2 s to start, so cases travel in batches: one JSON
 * request file per process, one JSON response file back. A batch is cut once the larger of its
 * inputs and its expected outputs passes {@link #BATCH_INPUT_BYTES}, which keeps each process's
 * JSON strings well inside what node can hold: a 1 MiB plaintext encrypted at frame length 1 comes
 * back as a 34 MiB message, and two dozen of those in one response overflow V8's longest string.
 * The script disables node's socket and DNS entry points before it loads the SDK, so the oracle
 * cannot reach a network. When {@code node_modules} is missing the oracle fails (it never skips)
 * and says to run {@code npm ci}.
 */
final class EsdkJs implements Oracle {
  /** Inputs or expected outputs per node process, before base64. */
  static final long BATCH_INPUT_BYTES = 48L << 20;

  /** More than any frame's overhead: sequence number, IV, tag, and a final frame's length. */
  private static final long FRAME_OVERHEAD_BOUND = 40;

  /** More than a grid message's header and footer. */
  private static final long HEADER_AND_FOOTER_BOUND = 8 << 10;

  /**
   * Reads responses whose base64 strings run to a few tens of MiB (a million-frame message), past
   * Jackson's default 20-million-character guard; a batch never holds more than about {@link
   * #BATCH_INPUT_BYTES}, so the bound below is never the limit.
   */
  private static final ObjectMapper JSON =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(
                  StreamReadConstraints.builder().maxStringLength(512 << 20).build())
              .build());

  private static final long TIMEOUT_MINUTES = 20;

  private final Path directory;
  private final String node;

  EsdkJs(Path directory, String node) {
    this.directory = directory;
    this.node = node;
  }

  /** The oracle in {@code interop/js}, as the build's surefire configuration locates it. */
  static EsdkJs fromBuild() {
    String dir = System.getProperty("interop.js.dir", "js");
    return new EsdkJs(Path.of(dir).toAbsolutePath(), System.getProperty("interop.node", "node"));
  }

  @Override
  public String name() {
    return "ESDK JS 5.0.2";
  }

  /**
   * Throws {@link IllegalStateException} naming the fix when the npm packages are not installed, so
   * that a test needing node fails rather than skips.
   */
  void requireInstalled() {
    Path clientPackage =
        directory.resolve("node_modules/@aws-crypto/client-node/package.json").normalize();
    if (!Files.isRegularFile(clientPackage)) {
      throw new IllegalStateException(
          "the ESDK JS oracle is not installed: "
              + clientPackage
              + " is missing; run `npm ci` in "
              + directory.normalize()
              + " (the lockfile pins @aws-crypto/client-node 5.0.2)");
    }
  }

  @Override
  public List<OracleResult> run(List<OracleCase> cases) {
    requireInstalled();
    List<OracleResult> results = new ArrayList<>(cases.size());
    List<OracleCase> batch = new ArrayList<>();
    long batchBytes = 0;
    for (OracleCase c : cases) {
      long weight = weightBytes(c);
      if (!batch.isEmpty() && batchBytes + weight > BATCH_INPUT_BYTES) {
        results.addAll(runBatch(batch));
        batch.clear();
        batchBytes = 0;
      }
      batch.add(c);
      batchBytes += weight;
    }
    if (!batch.isEmpty()) {
      results.addAll(runBatch(batch));
    }
    return results;
  }

  /**
   * What a case adds to its batch: its input, or for an encryption the message it will produce if
   * that is larger (a bound: every frame's overhead, plus header and footer).
   */
  static long weightBytes(OracleCase c) {
    long input = c.input().length;
    if (c.op() != OracleCase.Op.ENCRYPT || c.frameLength() <= 0) {
      return input;
    }
    long frames = input / c.frameLength() + 1;
    return Math.max(input, input + frames * FRAME_OVERHEAD_BOUND + HEADER_AND_FOOTER_BOUND);
  }

  private List<OracleResult> runBatch(List<OracleCase> batch) {
    return readResults(exchange(request -> writeRequest(request, batch), batch.size()), batch);
  }

  /**
   * Asks the script which of node's network entry points it failed to disable; an empty list means
   * every socket, server and DNS entry point the script guards refuses to run.
   */
  List<String> unguardedNetworkEntryPoints() {
    requireInstalled();
    JsonNode results =
        exchange(
            request ->
                Files.writeString(
                    request, "{\"cases\": [{\"id\": \"guard\", \"op\": \"networkGuardCheck\"}]}"),
            1);
    List<String> names = new ArrayList<>();
    for (JsonNode name : results.path(0).path("unguarded")) {
      names.add(name.asText());
    }
    if (!results.path(0).path("unguarded").isArray()) {
      throw new IllegalStateException("ESDK JS oracle gave no guard report: " + results);
    }
    return names;
  }

  /** Writes a request file. */
  private interface RequestWriter {
    void write(Path request) throws IOException;
  }

  /** Runs one node process over the request {@code writer} makes; answers its results array. */
  private JsonNode exchange(RequestWriter writer, int caseCount) {
    Path request = null;
    Path response = null;
    Path log = null;
    try {
      request = Files.createTempFile("esdk-js-request", ".json");
      response = Files.createTempFile("esdk-js-response", ".json");
      log = Files.createTempFile("esdk-js-stderr", ".txt");
      writer.write(request);
      ProcessBuilder builder =
          new ProcessBuilder(node, "esdk-batch.js", request.toString(), response.toString())
              .directory(directory.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(log.toFile());
      builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
      Process process = builder.start();
      if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "ESDK JS oracle did not answer "
                + caseCount
                + " cases in "
                + TIMEOUT_MINUTES
                + " minutes");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "ESDK JS oracle exited with "
                + process.exitValue()
                + ": "
                + Files.readString(log, StandardCharsets.UTF_8));
      }
      JsonNode results = JSON.readTree(response.toFile()).path("results");
      if (results.size() != caseCount) {
        throw new IllegalStateException(
            "ESDK JS oracle answered " + results.size() + " results to " + caseCount + " cases");
      }
      return results;
    } catch (IOException e) {
      throw new UncheckedIOException("could not run the ESDK JS oracle with " + node, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the ESDK JS oracle", e);
    } finally {
      deleteQuietly(request);
      deleteQuietly(response);
      deleteQuietly(log);
    }
  }

  private static void writeRequest(Path request, List<OracleCase> batch) throws IOException {
    try (JsonGenerator out =
        JSON.getFactory().createGenerator(request.toFile(), JsonEncoding.UTF8)) {
      out.writeStartObject();
      out.writeArrayFieldStart("cases");
      for (OracleCase c : batch) {
        out.writeStartObject();
        out.writeStringField("id", c.id());
        out.writeStringField("op", c.op() == OracleCase.Op.ENCRYPT ? "encrypt" : "decrypt");
        if (c.suite() != null) {
          out.writeNumberField("suite", c.suite().id());
        }
        if (c.frameLength() > 0) {
          out.writeNumberField("frameLength", c.frameLength());
        }
        out.writeStringField("commitmentPolicy", c.policy().name());
        out.writeBooleanField("utf8Sorting", c.utf8Sorting());
        out.writeObjectFieldStart("context");
        for (Map.Entry<String, String> entry : c.context().entrySet()) {
          out.writeStringField(entry.getKey(), entry.getValue());
        }
        out.writeEndObject();
        out.writeArrayFieldStart("keys");
        for (WrappingKey key : c.keys()) {
          out.writeStartObject();
          out.writeStringField("namespace", key.namespace());
          out.writeStringField("name", key.name());
          out.writeFieldName("key");
          out.writeBinary(key.material());
          out.writeEndObject();
        }
        out.writeEndArray();
        out.writeFieldName("input");
        out.writeBinary(c.input());
        out.writeEndObject();
      }
      out.writeEndArray();
      out.writeEndObject();
    }
  }

  private static List<OracleResult> readResults(JsonNode results, List<OracleCase> batch) {
    List<OracleResult> answers = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      JsonNode result = results.get(i);
      String id = result.path("id").asText();
      if (!id.equals(batch.get(i).id())) {
        throw new IllegalStateException(
            "ESDK JS oracle answered case " + id + " in place of " + batch.get(i).id());
      }
      if (!result.path("ok").asBoolean()) {
        answers.add(OracleResult.failed(id, result.path("error").asText()));
        continue;
      }
      Map<String, String> context = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> fields = result.path("context").properties().iterator();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        context.put(field.getKey(), field.getValue().asText());
      }
      List<DataKeyInfo> dataKeys = new ArrayList<>();
      for (JsonNode key : result.path("keys")) {
        dataKeys.add(
            new DataKeyInfo(key.path("providerId").asText(), base64(key.path("providerInfo"))));
      }
      answers.add(
          new OracleResult(
              id,
              base64(result.path("output")),
              null,
              result.path("suite").asInt(),
              result.path("frameLength").asInt(),
              context,
              dataKeys));
    }
    return answers;
  }

  private static byte[] base64(JsonNode text) {
    try {
      return text.binaryValue();
    } catch (IOException e) {
      throw new IllegalStateException("ESDK JS oracle answered bad base64", e);
    }
  }

  private static File nullDevice() {
    return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }

  private static void deleteQuietly(Path path) {
    if (path == null) {
      return;
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // A temporary file left behind is harmless; the answer matters more.
    }
  }
}
