package io.envelope4j.interop.kms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.envelope4j.DecryptRequest;
import io.envelope4j.EncryptRequest;
import io.envelope4j.Envelope;
import io.envelope4j.keyring.Keyring;
import io.envelope4j.kms.DiscoveryFilter;
import io.envelope4j.kms.KmsArn;
import io.envelope4j.kms.KmsClientSupplier;
import io.envelope4j.kms.KmsDiscoveryKeyring;
import io.envelope4j.kms.KmsKeyring;
import io.envelope4j.kmslocal.KmsLocal;
import io.envelope4j.kmslocal.junit.KmsLocalExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/**
 * envelope4j's KMS keyrings against the AWS Encryption SDK for JavaScript ({@code
 * @aws-crypto/client-node}) and its KMS keyrings, both using one in-process kms-local server on
 * 127.0.0.1. The node side runs {@code kms-esdk.js}, which refuses every connection but to
 * 127.0.0.1; both sides sign with static dummy credentials.
 *
 * <p>System properties: {@code interop.js.dir} (the directory holding {@code node_modules} with
 * the SDK, and {@code kms-esdk.js} unless {@code kms.interop.script} names it), {@code
 * interop.node} (the node binary, default {@code node}).
 */
class KmsEsdkJsInteropTest {
  @RegisterExtension
  static final KmsLocalExtension KMS = KmsLocalExtension.of(KmsLocal.builder().build());

  static final String EAST = "us-east-1";
  static final String WEST = "eu-west-1";
  static final String ACCESS_KEY = "AKIDINTEROPJS";
  static final String SECRET = "dummy-secret";
  static final Map<String, String> CONTEXT = Map.of("purpose", "interop-js");
  static final byte[] PLAINTEXT =
      "interop with the JavaScript SDK".getBytes(StandardCharsets.UTF_8);
  static final ObjectMapper JSON = new ObjectMapper();

  static SdkHttpClient http;
  static KmsClient east;
  static KmsClientSupplier clients;

  @TempDir static Path work;

  @BeforeAll
  static void start() {
    http =
        UrlConnectionHttpClient.builder()
            .proxyConfiguration(
                p -> p.useSystemPropertyValues(false).useEnvironmentVariablesValues(false))
            .build();
    var credentials =
        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET));
    east =
        KmsClient.builder()
            .region(Region.of(EAST))
            .credentialsProvider(credentials)
            .endpointOverride(KMS.server().endpoint())
            .httpClient(http)
            .build();
    clients =
        KmsClientSupplier.builder()
            .credentialsProvider(credentials)
            .endpointOverride(KMS.server().endpoint())
            .httpClient(http)
            .build();
  }

  @AfterAll
  static void stop() {
    clients.close();
    east.close();
    http.close();
  }

  static KeyMetadata replicatedMrk() {
    KeyMetadata primary = east.createKey(r -> r.multiRegion(true)).keyMetadata();
    east.replicateKey(r -> r.keyId(primary.arn()).replicaRegion(WEST));
    return primary;
  }

  static byte[] envelopeEncrypt(Keyring keyring) {
    return Envelope.defaults()
        .encrypt(
            EncryptRequest.builder()
                .keyring(keyring)
                .encryptionContext(CONTEXT)
                .plaintext(PLAINTEXT)
                .build())
        .ciphertext();
  }

  static byte[] envelopeDecrypt(Keyring keyring, byte[] message) {
    return Envelope.defaults()
        .decrypt(
            DecryptRequest.builder()
                .keyring(keyring)
                .encryptionContext(CONTEXT)
                .ciphertext(message)
                .build())
        .plaintext();
  }

  static ObjectNode jsCase(String id, String op, ObjectNode keyring, byte[] input) {
    ObjectNode c = JSON.createObjectNode();
    c.put("id", id).put("op", op).put("input", Base64.getEncoder().encodeToString(input));
    c.set("keyring", keyring);
    c.set("context", JSON.valueToTree(CONTEXT));
    return c;
  }

  static ObjectNode jsKeyring(String type, String keyId, String region, List<String> accounts) {
    ObjectNode k = JSON.createObjectNode().put("type", type);
    if (keyId != null) {
      k.put("keyId", keyId);
    }
    if (region != null) {
      k.put("region", region);
    }
    if (accounts != null) {
      k.set("accounts", JSON.valueToTree(accounts));
    }
    return k;
  }

  /** Runs the cases in one node process; returns each result, failing on an error result. */
  static List<JsonNode> runJs(ObjectNode... cases) throws IOException, InterruptedException {
    Path dir = Path.of(System.getProperty("interop.js.dir", "interop/js"));
    Path script =
        Path.of(System.getProperty("kms.interop.script", dir.resolve("kms-esdk.js").toString()));
    ObjectNode request = JSON.createObjectNode();
    request.put("endpoint", KMS.server().endpoint().toString());
    request.put("accessKeyId", ACCESS_KEY).put("secretAccessKey", SECRET);
    ArrayNode list = request.putArray("cases");
    for (ObjectNode c : cases) {
      list.add(c);
    }
    Path in = Files.createTempFile(work, "kms-request", ".json");
    Path out = Files.createTempFile(work, "kms-response", ".json");
    JSON.writeValue(in.toFile(), request);

    ProcessBuilder pb =
        new ProcessBuilder(
                System.getProperty("interop.node", "node"),
                script.toAbsolutePath().toString(),
                in.toString(),
                out.toString())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("node.log").toFile());
    pb.environment().put("NODE_PATH", dir.resolve("node_modules").toAbsolutePath().toString());
    pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
    Process p = pb.start();
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), "node did not finish");
    assertEquals(0, p.exitValue(), () -> readLog());

    JsonNode results = JSON.readTree(out.toFile()).get("results");
    List<JsonNode> all = new java.util.ArrayList<>();
    for (JsonNode r : results) {
      assertTrue(r.get("ok").asBoolean(), () -> "node case " + r.get("id") + ": " + r.get("error"));
      all.add(r);
    }
    return all;
  }

  private static String readLog() {
    try {
      return Files.readString(work.resolve("node.log"));
    } catch (IOException e) {
      return e.toString();
    }
  }

  static byte[] output(JsonNode result) {
    return Base64.getDecoder().decode(result.get("output").asText());
  }

  @Test
  void envelope4jEncrypts_jsKmsKeyringDecrypts() throws Exception {
    String key = east.createKey(r -> r.description("interop js")).keyMetadata().arn();
    byte[] message =
        envelopeEncrypt(KmsKeyring.builder().generatorKeyId(key).clientSupplier(clients).build());

    JsonNode r = runJs(jsCase("d", "decrypt", jsKeyring("kms", key, null, null), message)).get(0);

    assertArrayEquals(PLAINTEXT, output(r));
    assertEquals("aws-kms", r.get("keys").get(0).get("providerId").asText());
    assertEquals(key, r.get("keys").get(0).get("providerInfo").asText());
  }

  @Test
  void jsEncrypts_envelope4jKmsAndDiscoveryKeyringsDecrypt() throws Exception {
    String key = east.createKey(r -> r.description("interop js")).keyMetadata().arn();

    byte[] message =
        output(runJs(jsCase("e", "encrypt", jsKeyring("kms", key, null, null), PLAINTEXT)).get(0));

    assertArrayEquals(
        PLAINTEXT,
        envelopeDecrypt(
            KmsKeyring.builder().generatorKeyId(key).clientSupplier(clients).build(), message));
    assertArrayEquals(
        PLAINTEXT,
        envelopeDecrypt(
            KmsDiscoveryKeyring.builder()
                .clientSupplier(clients)
                .discoveryFilter(DiscoveryFilter.of("aws", KmsArn.parse(key).account()))
                .build(),
            message));
  }

  @Test
  void multiRegionKey_eachSideDecryptsTheOthersInTheReplicaRegion() throws Exception {
    KeyMetadata primary = replicatedMrk();
    String replica = KmsArn.parse(primary.arn()).withRegion(WEST).toString();
    String account = KmsArn.parse(primary.arn()).account();
    byte[] ours =
        envelopeEncrypt(
            KmsKeyring.builder().generatorKeyId(primary.arn()).clientSupplier(clients).build());
    byte[] theirs =
        output(
            runJs(jsCase("e", "encrypt", jsKeyring("kms", primary.arn(), null, null), PLAINTEXT))
                .get(0));
    east.disableKey(r -> r.keyId(primary.keyId()));

    List<JsonNode> js =
        runJs(
            jsCase("mrk", "decrypt", jsKeyring("mrk", replica, null, null), ours),
            jsCase(
                "disc", "decrypt", jsKeyring("mrkDiscovery", null, WEST, List.of(account)), ours));
    assertArrayEquals(PLAINTEXT, output(js.get(0)));
    assertArrayEquals(PLAINTEXT, output(js.get(1)));

    KmsKeyring mrkAware =
        KmsKeyring.builder()
            .generatorKeyId(replica)
            .multiRegionKeyAware(true)
            .clientSupplier(clients)
            .build();
    KmsDiscoveryKeyring mrkDiscovery =
        KmsDiscoveryKeyring.builder()
            .multiRegionKeyAware(true)
            .region(WEST)
            .clientSupplier(clients)
            .build();
    assertArrayEquals(PLAINTEXT, envelopeDecrypt(mrkAware, theirs));
    assertArrayEquals(PLAINTEXT, envelopeDecrypt(mrkDiscovery, theirs));
  }
}
