package io.envelope4j.interop.legacy;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * ESDK JS 5.0.2 through {@code interop/js/esdk-legacy.js}: every suite, raw AES and raw RSA keys.
 *
 * <p>Design note: one node process answers a whole batch. Node runs with {@code
 * --security-revert=CVE-2023-46809}, without which node 20 refuses PKCS#1 v1.5 RSA decryption; the
 * script disables node's socket and DNS entry points before it loads the SDK. A missing {@code
 * node_modules} fails the test (run {@code npm ci} in {@code interop/js}); it never skips.
 */
final class EsdkJsLegacy {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long TIMEOUT_MINUTES = 20;

  /** One answer: the output (plaintext or message) and the suite read, or the SDK's error. */
  record Result(byte[] outputOrNull, int suite, String errorOrNull) {
    byte[] outputOrFail(String what) {
      if (outputOrNull == null) {
        throw new AssertionError("ESDK JS 5.0.2 failed " + what + ": " + errorOrNull);
      }
      return outputOrNull;
    }
  }

  private final Path directory =
      Path.of(System.getProperty("interop.js.dir", "js")).toAbsolutePath();
  private final String node = System.getProperty("interop.node", "node");

  /** Encrypts every case under the policy its suite needs. */
  List<Result> encrypt(List<LegacyCase> cases) {
    return exchange(
        out -> {
          for (LegacyCase c : cases) {
            out.writeStartObject();
            out.writeStringField("id", c.id());
            out.writeStringField("op", "encrypt");
            out.writeNumberField("suite", c.suite().id());
            out.writeNumberField("frameLength", c.frameLength());
            out.writeStringField("commitmentPolicy", c.writePolicy().name());
            out.writeObjectFieldStart("context");
            for (Map.Entry<String, String> e : c.context().entrySet()) {
              out.writeStringField(e.getKey(), e.getValue());
            }
            out.writeEndObject();
            writeKey(out, c.key());
            out.writeFieldName("input");
            out.writeBinary(c.plaintext());
            out.writeEndObject();
          }
        },
        cases.size());
  }

  /** Decrypts {@code messages.get(i)} with {@code keys.get(i)} under {@code policy}. */
  List<Result> decrypt(List<LegacyKey> keys, List<byte[]> messages, String policy) {
    return exchange(
        out -> {
          for (int i = 0; i < messages.size(); i++) {
            out.writeStartObject();
            out.writeStringField("id", Integer.toString(i));
            out.writeStringField("op", "decrypt");
            out.writeStringField("commitmentPolicy", policy);
            writeKey(out, keys.get(i));
            out.writeFieldName("input");
            out.writeBinary(messages.get(i));
            out.writeEndObject();
          }
        },
        messages.size());
  }

  private static void writeKey(JsonGenerator out, LegacyKey key) throws IOException {
    out.writeObjectFieldStart("key");
    out.writeStringField("namespace", LegacyKey.NAMESPACE);
    out.writeStringField("name", key.name());
    if (key.isRsa()) {
      out.writeStringField("kind", "rsa");
      out.writeStringField("padding", key.esdkJsPadding());
      out.writeStringField("publicPem", key.publicPem());
      out.writeStringField("privatePem", key.privatePem());
    } else {
      out.writeStringField("kind", "aes");
      out.writeFieldName("key");
      out.writeBinary(key.aesKey());
    }
    out.writeEndObject();
  }

  private interface CaseWriter {
    void write(JsonGenerator out) throws IOException;
  }

  private List<Result> exchange(CaseWriter cases, int count) {
    Path clientPackage = directory.resolve("node_modules/@aws-crypto/client-node/package.json");
    if (!Files.isRegularFile(clientPackage)) {
      throw new IllegalStateException(
          "the ESDK JS oracle is not installed: run `npm ci` in " + directory.normalize());
    }
    Path request = null;
    Path response = null;
    Path log = null;
    try {
      request = Files.createTempFile("esdk-legacy-request", ".json");
      response = Files.createTempFile("esdk-legacy-response", ".json");
      log = Files.createTempFile("esdk-legacy-stderr", ".txt");
      try (JsonGenerator out =
          JSON.getFactory().createGenerator(request.toFile(), JsonEncoding.UTF8)) {
        out.writeStartObject();
        out.writeArrayFieldStart("cases");
        cases.write(out);
        out.writeEndArray();
        out.writeEndObject();
      }
      ProcessBuilder builder =
          new ProcessBuilder(
                  node,
                  "--security-revert=CVE-2023-46809",
                  "esdk-legacy.js",
                  request.toString(),
                  response.toString())
              .directory(directory.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(log.toFile());
      builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
      Process process = builder.start();
      if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("ESDK JS legacy oracle timed out on " + count + " cases");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "ESDK JS legacy oracle exited with "
                + process.exitValue()
                + ": "
                + Files.readString(log, StandardCharsets.UTF_8));
      }
      JsonNode results = JSON.readTree(response.toFile()).path("results");
      if (results.size() != count) {
        throw new IllegalStateException(
            "ESDK JS legacy oracle answered " + results.size() + " of " + count + " cases");
      }
      List<Result> answers = new ArrayList<>(count);
      for (JsonNode r : results) {
        answers.add(
            r.path("ok").asBoolean()
                ? new Result(r.path("output").binaryValue(), r.path("suite").asInt(), null)
                : new Result(null, 0, r.path("error").asText()));
      }
      return answers;
    } catch (IOException e) {
      throw new UncheckedIOException("could not run the ESDK JS legacy oracle with " + node, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for ESDK JS", e);
    } finally {
      for (Path p : new Path[] {request, response, log}) {
        if (p != null) {
          p.toFile().delete();
        }
      }
    }
  }
}
