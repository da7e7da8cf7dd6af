package io.envelope4j.kmslocal.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The operation table: maps each {@code X-Amz-Target} operation to its implementation, and holds
 * what the implementations share (paging, tag checks, key metadata).
 */
final class Operations {
  private final Store store;
  private final Clock clock;
  private final KeyOperations keyOps;
  private final AliasOperations aliasOps;
  private final CryptoOperations cryptoOps;

  Operations(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.keyOps = new KeyOperations(store, clock);
    this.aliasOps = new AliasOperations(store, clock);
    this.cryptoOps = new CryptoOperations(store);
  }

  Store store() {
    return store;
  }

  /** Runs {@code c.operation} on {@code in}; returns the response object. */
  Map<String, Object> execute(Call c, Input in) {
    store.maintain(clock.instant());
    return switch (c.operation) {
      case "CreateKey" -> keyOps.createKey(c, in);
      case "DescribeKey" -> keyOps.describeKey(c, in);
      case "ListKeys" -> keyOps.listKeys(c, in);
      case "EnableKey" -> keyOps.enableKey(c, in, true);
      case "DisableKey" -> keyOps.enableKey(c, in, false);
      case "ScheduleKeyDeletion" -> keyOps.scheduleKeyDeletion(c, in);
      case "CancelKeyDeletion" -> keyOps.cancelKeyDeletion(c, in);
      case "EnableKeyRotation" -> keyOps.enableKeyRotation(c, in);
      case "DisableKeyRotation" -> keyOps.disableKeyRotation(c, in);
      case "GetKeyRotationStatus" -> keyOps.getKeyRotationStatus(c, in);
      case "RotateKeyOnDemand" -> keyOps.rotateKeyOnDemand(c, in);
      case "ListKeyRotations" -> keyOps.listKeyRotations(c, in);
      case "ReplicateKey" -> keyOps.replicateKey(c, in);
      case "TagResource" -> keyOps.tagResource(c, in);
      case "UntagResource" -> keyOps.untagResource(c, in);
      case "ListResourceTags" -> keyOps.listResourceTags(c, in);
      case "GetKeyPolicy" -> keyOps.getKeyPolicy(c, in);
      case "PutKeyPolicy" -> keyOps.putKeyPolicy(c, in);
      case "CreateAlias" -> aliasOps.createAlias(c, in);
      case "UpdateAlias" -> aliasOps.updateAlias(c, in);
      case "DeleteAlias" -> aliasOps.deleteAlias(c, in);
      case "ListAliases" -> aliasOps.listAliases(c, in);
      case "Encrypt" -> cryptoOps.encrypt(c, in);
      case "Decrypt" -> cryptoOps.decrypt(c, in);
      case "ReEncrypt" -> cryptoOps.reEncrypt(c, in);
      case "GenerateDataKey" -> cryptoOps.generateDataKey(c, in, true);
      case "GenerateDataKeyWithoutPlaintext" -> cryptoOps.generateDataKey(c, in, false);
      case "GenerateRandom" -> cryptoOps.generateRandom(c, in);
      default ->
          throw new KmsException(
              "UnsupportedOperationException",
              "kms-local does not implement "
                  + c.operation
                  + "; see kms-local/README.md for the list");
    };
  }

  static boolean isKnown(String operation) {
    return KNOWN.contains(operation);
  }

  private static final Set<String> KNOWN =
      Set.of(
          "CreateKey",
          "DescribeKey",
          "ListKeys",
          "EnableKey",
          "DisableKey",
          "ScheduleKeyDeletion",
          "CancelKeyDeletion",
          "EnableKeyRotation",
          "DisableKeyRotation",
          "GetKeyRotationStatus",
          "RotateKeyOnDemand",
          "ListKeyRotations",
          "ReplicateKey",
          "TagResource",
          "UntagResource",
          "ListResourceTags",
          "GetKeyPolicy",
          "PutKeyPolicy",
          "CreateAlias",
          "UpdateAlias",
          "DeleteAlias",
          "ListAliases",
          "Encrypt",
          "Decrypt",
          "ReEncrypt",
          "GenerateDataKey",
          "GenerateDataKeyWithoutPlaintext",
          "GenerateRandom",
          // Real KMS operations kms-local answers with UnsupportedOperationException.
          "CreateGrant",
          "ListGrants",
          "RetireGrant",
          "RevokeGrant",
          "ListRetirableGrants",
          "Sign",
          "Verify",
          "GetPublicKey",
          "GenerateMac",
          "VerifyMac",
          "GenerateDataKeyPair",
          "GenerateDataKeyPairWithoutPlaintext",
          "UpdateKeyDescription",
          "UpdatePrimaryRegion",
          "ImportKeyMaterial",
          "GetParametersForImport",
          "DeleteImportedKeyMaterial",
          "DeriveSharedSecret",
          "ListKeyPolicies",
          "CreateCustomKeyStore",
          "DescribeCustomKeyStores",
          "ConnectCustomKeyStore",
          "DisconnectCustomKeyStore",
          "DeleteCustomKeyStore",
          "UpdateCustomKeyStore");

  /** The key ARNs a request names, resolved best-effort, for fault matching. */
  Set<String> namedKeys(Call c, Input in, Set<String> raw) {
    return store.read(
        () -> {
          Set<String> arns = new LinkedHashSet<>();
          for (String field : List.of("KeyId", "SourceKeyId", "DestinationKeyId", "TargetKeyId")) {
            Object v = in.fields().get(field);
            if (v instanceof String s) {
              raw.add(s);
              String arn = Keys.arnOrNull(store, c, s);
              if (arn != null) {
                arns.add(arn);
              }
            }
          }
          if (in.fields().get("CiphertextBlob") instanceof String blob) {
            try {
              Crypto.Header h = Crypto.header(Base64.getDecoder().decode(blob));
              arns.add(KeyRecord.arn(c.region, h.account(), h.keyId()));
            } catch (RuntimeException e) {
              // Not a kms-local blob: no key to match.
            }
          }
          return arns;
        });
  }

  // Shared helpers.

  /** One page of {@code items} after {@code Marker}, at most {@code Limit} long. */
  static <T> Map<String, Object> page(
      Input in,
      String listField,
      List<T> items,
      Function<T, String> id,
      Function<T, Object> render,
      int defaultLimit,
      int maxLimit) {
    Integer limit = in.integer("Limit", 1, maxLimit);
    int n = limit == null ? defaultLimit : limit;
    String marker = in.string("Marker", 1, 1024);
    int start = 0;
    if (marker != null) {
      String after = decodeMarker(marker);
      start = items.size();
      for (int i = 0; i < items.size(); i++) {
        if (id.apply(items.get(i)).compareTo(after) > 0) {
          start = i;
          break;
        }
      }
    }
    int end = Math.min(items.size(), start + n);
    List<Object> out = new ArrayList<>();
    for (int i = start; i < end; i++) {
      out.add(render.apply(items.get(i)));
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put(listField, out);
    boolean truncated = end < items.size();
    if (truncated) {
      r.put("NextMarker", encodeMarker(id.apply(items.get(end - 1))));
    }
    r.put("Truncated", truncated);
    return r;
  }

  private static String encodeMarker(String lastId) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("m1:" + lastId).getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeMarker(String marker) {
    try {
      String s = new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
      if (s.startsWith("m1:")) {
        return s.substring(3);
      }
    } catch (IllegalArgumentException e) {
      // Falls through to the error below.
    }
    throw new KmsException(
        "InvalidMarkerException", "Marker is not a NextMarker returned by kms-local");
  }

  /** Validates {@code Tags} entries; returns them as an ordered map. */
  static Map<String, String> checkTags(List<Map<String, String>> tags) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map<String, String> t : tags) {
      String key = t.get("TagKey");
      String value = t.get("TagValue");
      if (key.isEmpty() || key.length() > 128) {
        throw KmsException.validation("TagKey '" + key + "' has length outside 1..128");
      }
      if (value.length() > 256) {
        throw KmsException.validation("TagValue of '" + key + "' is longer than 256");
      }
      if (key.startsWith("aws:")) {
        throw new KmsException(
            "TagException", "TagKey '" + key + "' uses the reserved prefix aws:");
      }
      out.put(key, value);
    }
    return out;
  }

  static List<Object> renderTags(Map<String, String> tags) {
    List<Object> out = new ArrayList<>();
    tags.forEach((k, v) -> out.add(tag(k, v)));
    return out;
  }

  static Map<String, Object> tag(String key, String value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("TagKey", key);
    m.put("TagValue", value);
    return m;
  }

  static void checkGrantTokens(Input in) {
    List<String> tokens = in.stringList("GrantTokens");
    if (tokens.size() > 10) {
      throw KmsException.validation("GrantTokens has " + tokens.size() + " entries, over 10");
    }
    for (String t : tokens) {
      if (t.isEmpty() || t.length() > 8192) {
        throw KmsException.validation("a grant token has length outside 1..8192");
      }
    }
  }

  static void checkDryRun(Input in) {
    if (in.bool("DryRun")) {
      throw new KmsException(
          "DryRunOperationException",
          "The request would have succeeded, but the DryRun option is set.");
    }
  }
}
