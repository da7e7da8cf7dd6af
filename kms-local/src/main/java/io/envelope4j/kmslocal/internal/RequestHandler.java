package io.envelope4j.kmslocal.internal;

import io.envelope4j.kmslocal.FaultRule;
import io.envelope4j.kmslocal.KmsLocal;
import io.envelope4j.kmslocal.WireRequest;
import io.envelope4j.kmslocal.WireResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one wire request into one wire response: reads the caller from the headers, counts the
 * attempt, parses the body, applies faults, runs the operation, writes the audit line.
 *
 * <p>The SigV4 signature is not verified: any {@code Authorization} header is accepted and only its
 * credential scope is read (access key id and Region). Without one the request acts as the
 * configured default Region and account.
 */
final class RequestHandler {
  private static final Pattern CREDENTIAL =
      Pattern.compile("Credential=([^/,\\s]+)/[0-9]{8}/([^/,\\s]+)/[^/,\\s]+/aws4_request");
  private static final Pattern REGION = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  private static final Pattern ATTEMPT = Pattern.compile("attempt=([0-9]{1,9})");
  private static final String TARGET_PREFIX = "TrentService.";
  private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
  private static final Set<String> READ_ONLY =
      Set.of(
          "DescribeKey",
          "ListKeys",
          "ListAliases",
          "Encrypt",
          "Decrypt",
          "ReEncrypt",
          "GenerateDataKey",
          "GenerateDataKeyWithoutPlaintext",
          "GenerateRandom",
          "GetKeyRotationStatus",
          "ListKeyRotations",
          "ListResourceTags",
          "GetKeyPolicy");
  private static final Set<String> SECRET_FIELDS = Set.of("Plaintext", "CiphertextBlob");

  private final KmsLocal config;
  private final Clock clock;
  private final Operations operations;
  private final Counters counters;
  private final FaultEngine faults;
  private final AuditLog audit;

  RequestHandler(
      KmsLocal config,
      Operations operations,
      Counters counters,
      FaultEngine faults,
      AuditLog audit) {
    this.config = config;
    this.clock = config.clock();
    this.operations = operations;
    this.counters = counters;
    this.faults = faults;
    this.audit = audit;
  }

  WireResponse handle(WireRequest request) {
    Call c = call(request);
    counters.record(c.operation, c.invocationId);
    Map<String, Object> parameters = Map.of();
    String errorCode = null;
    boolean injected = false;
    WireResponse response;
    try {
      checkTarget(request, c.operation);
      checkRegion(c.region);
      Input in = parse(request.body());
      parameters = in.fields();
      FaultRule fault = applyFaults(c, in);
      if (fault != null) {
        injected = true;
        throw new KmsException(fault.errorCode().get(), fault.errorMessage(), fault.httpStatus());
      }
      Map<String, Object> result = operations.execute(c, in);
      response = ok(c, result);
    } catch (KmsException e) {
      errorCode = e.code();
      response = error(c, e);
    } catch (RuntimeException e) {
      System.getLogger(RequestHandler.class.getName())
          .log(System.Logger.Level.WARNING, "kms-local failed on " + c.operation, e);
      KmsException ke =
          KmsException.internal("kms-local internal error: " + e.getClass().getName());
      errorCode = ke.code();
      response = error(c, ke);
    }
    if (audit != null) {
      audit.append(event(c, parameters, errorCode, response, injected));
    }
    return response;
  }

  private Call call(WireRequest request) {
    String target = request.header("X-Amz-Target").orElse("");
    String operation =
        target.startsWith(TARGET_PREFIX)
            ? target.substring(TARGET_PREFIX.length())
            : target.isEmpty() ? "(none)" : target;
    String accessKey = null;
    String region = config.defaultRegion();
    Matcher m = CREDENTIAL.matcher(request.header("Authorization").orElse(""));
    if (m.find()) {
      accessKey = m.group(1);
      region = m.group(2);
    }
    int attempt = 1;
    Matcher am = ATTEMPT.matcher(request.header("amz-sdk-request").orElse(""));
    if (am.find()) {
      attempt = Integer.parseInt(am.group(1));
    }
    return new Call(
        operation,
        region,
        config.accountOf(accessKey),
        accessKey,
        request.sourceAddress(),
        request.header("User-Agent").orElse(null),
        newId(),
        request.header("amz-sdk-invocation-id").orElse(null),
        attempt,
        clock.instant());
  }

  /** A random version-4 UUID for request and event ids: unique, not secret, so not SecureRandom. */
  private static String newId() {
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    long hi = (r.nextLong() & ~0xf000L) | 0x4000L;
    long lo = (r.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(hi, lo).toString();
  }

  private static void checkRegion(String region) {
    if (!REGION.matcher(region).matches()) {
      throw new KmsException(
          "UnrecognizedClientException",
          "the credential scope names Region '"
              + region
              + "'; use a Region name of lowercase letters, digits and dashes, such as us-east-1");
    }
  }

  private static void checkTarget(WireRequest request, String operation) {
    String target = request.header("X-Amz-Target").orElse("");
    if (!target.startsWith(TARGET_PREFIX) || !Operations.isKnown(operation)) {
      throw new KmsException(
          "UnknownOperationException",
          "X-Amz-Target '"
              + target
              + "' is not a KMS operation; expected TrentService.<Operation>");
    }
  }

  @SuppressWarnings("unchecked")
  private static Input parse(byte[] body) {
    Object value;
    try {
      value = Json.parse(body);
    } catch (IOException | RuntimeException e) {
      throw new KmsException("SerializationException", "request body is not valid JSON");
    }
    if (!(value instanceof Map<?, ?>)) {
      throw new KmsException("SerializationException", "request body is not a JSON object");
    }
    return new Input((Map<String, Object>) value);
  }

  private FaultRule applyFaults(Call c, Input in) {
    if (faults.isEmpty()) {
      return null;
    }
    Set<String> raw = new LinkedHashSet<>();
    Set<String> arns = operations.namedKeys(c, in, raw);
    FaultEngine.Decision d =
        faults.decide(
            c.operation,
            c.attempt,
            raw,
            arns,
            id -> operations.store().read(() -> Keys.arnOrNull(operations.store(), c, id)));
    sleep(d.latency());
    return d.error();
  }

  private static void sleep(Duration d) {
    if (d.isZero()) {
      return;
    }
    try {
      Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static WireResponse ok(Call c, Map<String, Object> result) {
    byte[] body = Json.write(result);
    if (result.get("Plaintext") instanceof byte[] secret) {
      java.util.Arrays.fill(secret, (byte) 0);
    }
    return new WireResponse(200, headers(c), body);
  }

  private static WireResponse error(Call c, KmsException e) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("__type", e.code());
    body.put("message", e.getMessage());
    Map<String, String> h = headers(c);
    h.put("x-amzn-ErrorType", e.code());
    return new WireResponse(e.status(), h, Json.write(body));
  }

  private static Map<String, String> headers(Call c) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", CONTENT_TYPE);
    h.put("x-amzn-RequestId", c.requestId);
    return h;
  }

  private Map<String, Object> event(
      Call c, Map<String, Object> parameters, String errorCode, WireResponse r, boolean injected) {
    Map<String, Object> identity = new LinkedHashMap<>();
    identity.put("type", "IAMUser");
    identity.put("accountId", c.account);
    identity.put("accessKeyId", c.accessKeyId);
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("eventVersion", "1.08");
    e.put("userIdentity", identity);
    e.put("eventTime", c.time.toString());
    e.put("eventSource", "kms.amazonaws.com");
    e.put("eventName", c.operation);
    e.put("awsRegion", c.region);
    e.put("sourceIPAddress", c.sourceIp);
    e.put("userAgent", c.userAgent);
    if (errorCode != null) {
      e.put("errorCode", errorCode);
    }
    e.put("requestParameters", auditParameters(parameters));
    e.put("responseElements", null);
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("invocationId", c.invocationId);
    extra.put("attempt", (long) c.attempt);
    extra.put("httpStatus", (long) r.statusCode());
    if (injected) {
      extra.put("faultInjected", true);
    }
    e.put("additionalEventData", extra);
    e.put("requestID", c.requestId);
    e.put("eventID", newId());
    e.put("readOnly", READ_ONLY.contains(c.operation));
    List<Object> resources = new ArrayList<>();
    if (c.keyArn != null) {
      Map<String, Object> res = new LinkedHashMap<>();
      res.put("accountId", c.account);
      res.put("type", "AWS::KMS::Key");
      res.put("ARN", c.keyArn);
      resources.add(res);
    }
    e.put("resources", resources);
    e.put("eventType", "AwsApiCall");
    e.put("managementEvent", true);
    e.put("recipientAccountId", c.account);
    e.put("eventCategory", "Management");
    return e;
  }

  /** The request's fields in CloudTrail's camelCase, without plaintext or ciphertext. */
  private static Map<String, Object> auditParameters(Map<String, Object> parameters) {
    Map<String, Object> out = new LinkedHashMap<>();
    parameters.forEach(
        (k, v) -> {
          if (!SECRET_FIELDS.contains(k) && !k.isEmpty()) {
            out.put(Character.toLowerCase(k.charAt(0)) + k.substring(1), v);
          }
        });
    return out;
  }
}
