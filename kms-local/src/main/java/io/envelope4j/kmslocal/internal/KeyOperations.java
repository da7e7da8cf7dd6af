package io.envelope4j.kmslocal.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Key lifecycle, rotation, multi-Region replication, tags and key policies. Each changing operation
 * validates everything first and mutates only once nothing can fail, inside {@link Store#write}, so
 * a refused request changes nothing.
 */
final class KeyOperations {
  private static final Set<String> KEY_SPECS =
      Set.of(
          "RSA_2048",
          "RSA_3072",
          "RSA_4096",
          "ECC_NIST_P256",
          "ECC_NIST_P384",
          "ECC_NIST_P521",
          "ECC_SECG_P256K1",
          "SYMMETRIC_DEFAULT",
          "HMAC_224",
          "HMAC_256",
          "HMAC_384",
          "HMAC_512",
          "SM2",
          "ML_DSA_44",
          "ML_DSA_65",
          "ML_DSA_87",
          "ECC_NIST_EDWARDS25519");
  private static final Set<String> KEY_USAGES =
      Set.of("SIGN_VERIFY", "ENCRYPT_DECRYPT", "GENERATE_VERIFY_MAC", "KEY_AGREEMENT");
  private static final Set<String> ORIGINS =
      Set.of("AWS_KMS", "EXTERNAL", "AWS_CLOUDHSM", "EXTERNAL_KEY_STORE");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");
  private static final int MAX_TAGS = 50;
  private static final int MAX_ON_DEMAND_ROTATIONS = 10;

  private final Store store;
  private final Clock clock;

  KeyOperations(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  Map<String, Object> createKey(Call c, Input in) {
    String policy = in.string("Policy", 1, 131072);
    String description = in.string("Description", 0, 8192);
    String usage = in.enumValue("KeyUsage", KEY_USAGES);
    String spec = in.enumValue("KeySpec", KEY_SPECS);
    String cmkSpec = in.enumValue("CustomerMasterKeySpec", KEY_SPECS);
    String origin = in.enumValue("Origin", ORIGINS);
    in.bool("BypassPolicyLockoutSafetyCheck");
    if (spec != null && cmkSpec != null) {
      throw KmsException.validation("give KeySpec or CustomerMasterKeySpec, not both");
    }
    String effectiveSpec = spec != null ? spec : cmkSpec != null ? cmkSpec : "SYMMETRIC_DEFAULT";
    if (!effectiveSpec.equals("SYMMETRIC_DEFAULT")) {
      throw new KmsException(
          "UnsupportedOperationException",
          "kms-local supports only SYMMETRIC_DEFAULT keys, not " + effectiveSpec);
    }
    if (usage != null && !usage.equals("ENCRYPT_DECRYPT")) {
      throw KmsException.validation(
          "KeyUsage " + usage + " is not valid for a SYMMETRIC_DEFAULT key; use ENCRYPT_DECRYPT");
    }
    if (origin != null && !origin.equals("AWS_KMS")) {
      throw new KmsException(
          "UnsupportedOperationException", "kms-local supports only Origin AWS_KMS, not " + origin);
    }
    if (in.has("CustomKeyStoreId") || in.has("XksKeyId")) {
      throw new KmsException(
          "CustomKeyStoreNotFoundException", "kms-local has no custom key stores");
    }
    if (policy != null) {
      checkPolicy(policy);
    }
    Map<String, String> tags = Operations.checkTags(in.tags("Tags"));
    checkTagCount(tags.size());
    boolean multi = in.bool("MultiRegion");
    return store.write(
        () -> {
          Instant now = clock.instant();
          String id = multi ? newMrkId() : UUID.randomUUID().toString();
          KeyRecord k = new KeyRecord(c.region, c.account, id, now, multi);
          k.description = description == null ? "" : description;
          k.policy = policy != null ? policy : defaultPolicy(c.account);
          k.tags.putAll(tags);
          k.materials.add(new Material(Crypto.newKeyBytes(), now, null));
          store.putKey(k);
          c.keyArn = k.arn();
          return Map.of("KeyMetadata", metadata(k));
        });
  }

  Map<String, Object> describeKey(Call c, Input in) {
    Operations.checkGrantTokens(in);
    String id = in.string("KeyId");
    return store.read(
        () -> {
          KeyRecord k = Keys.resolve(store, c, "KeyId", id, Keys.Forms.ANY);
          c.keyArn = k.arn();
          return Map.of("KeyMetadata", metadata(k));
        });
  }

  Map<String, Object> listKeys(Call c, Input in) {
    return store.read(
        () ->
            Operations.page(
                in,
                "Keys",
                store.keysOf(c.region, c.account),
                k -> k.keyId,
                k -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("KeyId", k.keyId);
                  m.put("KeyArn", k.arn());
                  return m;
                },
                100,
                1000));
  }

  Map<String, Object> enableKey(Call c, Input in, boolean enable) {
    String id = in.string("KeyId");
    return store.write(
        () -> {
          KeyRecord k = resolveKeyOnly(c, id);
          Keys.requireNotPendingDeletion(k);
          k.state = enable ? KeyState.ENABLED : KeyState.DISABLED;
          return Map.of();
        });
  }

  Map<String, Object> scheduleKeyDeletion(Call c, Input in) {
    String id = in.string("KeyId");
    Integer window = in.integer("PendingWindowInDays", 7, 30);
    int days = window == null ? 30 : window;
    return store.write(
        () -> {
          KeyRecord k = resolveKeyOnly(c, id);
          Keys.requireNotPendingDeletion(k);
          k.pendingWindowDays = days;
          if (k.multiRegion && !k.isReplica() && !store.relatedKeys(k).isEmpty()) {
            // The waiting period starts once the last replica is deleted.
            k.state = KeyState.PENDING_REPLICA_DELETION;
            k.deletionDate = null;
          } else {
            k.state = KeyState.PENDING_DELETION;
            k.deletionDate = clock.instant().plus(Duration.ofDays(days));
          }
          Map<String, Object> r = new LinkedHashMap<>();
          r.put("KeyId", k.arn());
          if (k.deletionDate != null) {
            r.put("DeletionDate", k.deletionDate);
          }
          r.put("KeyState", k.state.wireName());
          r.put("PendingWindowInDays", (long) days);
          return r;
        });
  }

  Map<String, Object> cancelKeyDeletion(Call c, Input in) {
    String id = in.string("KeyId");
    return store.write(
        () -> {
          KeyRecord k = resolveKeyOnly(c, id);
          if (!k.state.isPendingDeletion()) {
            throw KmsException.invalidState(
                k.arn() + " is " + k.state.wireName() + ", not pending deletion.");
          }
          k.state = KeyState.DISABLED;
          k.deletionDate = null;
          k.pendingWindowDays = 0;
          return Map.of("KeyId", k.arn());
        });
  }

  Map<String, Object> enableKeyRotation(Call c, Input in) {
    String id = in.string("KeyId");
    Integer period = in.integer("RotationPeriodInDays", 90, 2560);
    int days = period == null ? 365 : period;
    return store.write(
        () -> {
          KeyRecord k = rotatableKey(c, id);
          k.rotationEnabled = true;
          k.rotationPeriodDays = days;
          k.nextRotationDate = clock.instant().plus(Duration.ofDays(days));
          return Map.of();
        });
  }

  Map<String, Object> disableKeyRotation(Call c, Input in) {
    String id = in.string("KeyId");
    return store.write(
        () -> {
          KeyRecord k = rotatableKey(c, id);
          k.rotationEnabled = false;
          k.nextRotationDate = null;
          return Map.of();
        });
  }

  Map<String, Object> getKeyRotationStatus(Call c, Input in) {
    String id = in.string("KeyId");
    return store.read(
        () -> {
          KeyRecord k = Keys.resolve(store, c, "KeyId", id, Keys.Forms.KEY_ONLY_CROSS_ACCOUNT);
          c.keyArn = k.arn();
          Keys.requireNotPendingDeletion(k);
          KeyRecord owner = store.rotationOwner(k);
          Map<String, Object> r = new LinkedHashMap<>();
          r.put("KeyRotationEnabled", owner.rotationEnabled);
          r.put("KeyId", k.arn());
          if (owner.rotationEnabled) {
            r.put("RotationPeriodInDays", (long) owner.rotationPeriodDays);
            r.put("NextRotationDate", owner.nextRotationDate);
          }
          return r;
        });
  }

  Map<String, Object> rotateKeyOnDemand(Call c, Input in) {
    String id = in.string("KeyId");
    return store.write(
        () -> {
          KeyRecord k = rotatableKey(c, id);
          Keys.requireUsable(k);
          long done =
              k.materials.stream().filter(m -> "ON_DEMAND".equals(m.rotationType())).count();
          if (done >= MAX_ON_DEMAND_ROTATIONS) {
            throw new KmsException(
                "LimitExceededException",
                k.arn() + " was rotated on demand " + done + " times, the limit");
          }
          store.addMaterial(k, new Material(Crypto.newKeyBytes(), clock.instant(), "ON_DEMAND"));
          return Map.of("KeyId", k.arn());
        });
  }

  Map<String, Object> listKeyRotations(Call c, Input in) {
    String id = in.string("KeyId");
    return store.read(
        () -> {
          KeyRecord k = resolveKeyOnly(c, id);
          List<Material> rotations = new ArrayList<>(k.materials.subList(1, k.materials.size()));
          List<Integer> indexes = new ArrayList<>();
          for (int i = 0; i < rotations.size(); i++) {
            indexes.add(i);
          }
          return Operations.page(
              in,
              "Rotations",
              indexes,
              i -> String.format("%010d", i),
              i -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("KeyId", k.arn());
                m.put("RotationDate", rotations.get(i).createdAt());
                m.put("RotationType", rotations.get(i).rotationType());
                return m;
              },
              100,
              1000);
        });
  }

  Map<String, Object> replicateKey(Call c, Input in) {
    String id = in.string("KeyId");
    String replicaRegion = in.requiredString("ReplicaRegion", 1, 32);
    String policy = in.string("Policy", 1, 131072);
    String description = in.string("Description", 0, 8192);
    in.bool("BypassPolicyLockoutSafetyCheck");
    Map<String, String> tags = Operations.checkTags(in.tags("Tags"));
    checkTagCount(tags.size());
    if (!REGION.matcher(replicaRegion).matches()) {
      throw KmsException.validation(
          "ReplicaRegion '" + replicaRegion + "' is not a Region name such as us-west-2");
    }
    if (policy != null) {
      checkPolicy(policy);
    }
    return store.write(
        () -> {
          KeyRecord k = resolveKeyOnly(c, id);
          if (!k.multiRegion) {
            throw new KmsException(
                "UnsupportedOperationException",
                k.arn() + " is not a multi-Region key; only mrk- keys can be replicated");
          }
          if (k.isReplica()) {
            throw new KmsException(
                "UnsupportedOperationException",
                k.arn() + " is a replica; replicate its primary key in " + k.primaryRegion);
          }
          Keys.requireNotPendingDeletion(k);
          if (replicaRegion.equals(k.region)
              || store.key(replicaRegion, k.account, k.keyId) != null) {
            throw new KmsException(
                "AlreadyExistsException",
                "multi-Region key " + k.keyId + " already exists in " + replicaRegion);
          }
          KeyRecord r = new KeyRecord(replicaRegion, k.account, k.keyId, clock.instant(), true);
          r.primaryRegion = k.region;
          r.description = description != null ? description : k.description;
          r.policy = policy != null ? policy : k.policy;
          r.tags.putAll(tags);
          r.state = k.state;
          r.materials.addAll(k.materials);
          store.putKey(r);
          c.keyArn = k.arn();
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("ReplicaKeyMetadata", metadata(r));
          out.put("ReplicaPolicy", r.policy);
          out.put("ReplicaTags", Operations.renderTags(r.tags));
          return out;
        });
  }

  Map<String, Object> tagResource(Call c, Input in) {
    String id = in.string("KeyId");
    if (!in.has("Tags")) {
      throw Input.missing("Tags");
    }
    Map<String, String> tags = Operations.checkTags(in.tags("Tags"));
    return store.write(
        () -> {
          KeyRecord k = resolveKeyOnly(c, id);
          Keys.requireNotPendingDeletion(k);
          Map<String, String> merged = new LinkedHashMap<>(k.tags);
          merged.putAll(tags);
          checkTagCount(merged.size());
          k.tags.clear();
          k.tags.putAll(merged);
          return Map.of();
        });
  }

  Map<String, Object> untagResource(Call c, Input in) {
    String id = in.string("KeyId");
    if (!in.has("TagKeys")) {
      throw Input.missing("TagKeys");
    }
    List<String> keys = in.stringList("TagKeys");
    return store.write(
        () -> {
          KeyRecord k = resolveKeyOnly(c, id);
          Keys.requireNotPendingDeletion(k);
          keys.forEach(k.tags::remove);
          return Map.of();
        });
  }

  Map<String, Object> listResourceTags(Call c, Input in) {
    String id = in.string("KeyId");
    return store.read(
        () -> {
          KeyRecord k = resolveKeyOnly(c, id);
          return Operations.page(
              in,
              "Tags",
              new ArrayList<>(new java.util.TreeMap<>(k.tags).entrySet()),
              Map.Entry::getKey,
              e -> Operations.tag(e.getKey(), e.getValue()),
              50,
              50);
        });
  }

  Map<String, Object> getKeyPolicy(Call c, Input in) {
    String id = in.string("KeyId");
    checkPolicyName(in.string("PolicyName", 1, 128));
    return store.read(
        () -> {
          KeyRecord k = resolveKeyOnly(c, id);
          Map<String, Object> r = new LinkedHashMap<>();
          r.put("Policy", k.policy);
          r.put("PolicyName", "default");
          return r;
        });
  }

  Map<String, Object> putKeyPolicy(Call c, Input in) {
    String id = in.string("KeyId");
    checkPolicyName(in.string("PolicyName", 1, 128));
    String policy = in.requiredString("Policy", 1, 131072);
    in.bool("BypassPolicyLockoutSafetyCheck");
    checkPolicy(policy);
    return store.write(
        () -> {
          KeyRecord k = resolveKeyOnly(c, id);
          Keys.requireNotPendingDeletion(k);
          k.policy = policy;
          return Map.of();
        });
  }

  // Helpers.

  private KeyRecord resolveKeyOnly(Call c, String id) {
    KeyRecord k = Keys.resolve(store, c, "KeyId", id, Keys.Forms.KEY_ONLY);
    c.keyArn = k.arn();
    return k;
  }

  private KeyRecord rotatableKey(Call c, String id) {
    KeyRecord k = resolveKeyOnly(c, id);
    Keys.requireUsable(k);
    if (k.isReplica()) {
      throw new KmsException(
          "UnsupportedOperationException",
          k.arn() + " is a replica; manage rotation on its primary key in " + k.primaryRegion);
    }
    return k;
  }

  private static void checkTagCount(int n) {
    if (n > MAX_TAGS) {
      throw new KmsException("TagException", "a key may have " + MAX_TAGS + " tags, not " + n);
    }
  }

  private static void checkPolicyName(String name) {
    if (name != null && !name.equals("default")) {
      throw KmsException.notFound("No such policy exists: " + name + "; the only one is default");
    }
  }

  private static void checkPolicy(String policy) {
    try {
      if (!(Json.parse(policy.getBytes(StandardCharsets.UTF_8)) instanceof Map<?, ?>)) {
        throw new IOException("not a JSON object");
      }
    } catch (IOException | RuntimeException e) {
      throw new KmsException(
          "MalformedPolicyDocumentException", "Policy is not a JSON policy document");
    }
  }

  private static String newMrkId() {
    return "mrk-" + HexFormat.of().formatHex(Crypto.randomBytes(16));
  }

  static String defaultPolicy(String account) {
    return "{\"Version\":\"2012-10-17\",\"Id\":\"key-default-1\",\"Statement\":[{\"Sid\":"
        + "\"Enable IAM User Permissions\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
        + "\"arn:aws:iam::"
        + account
        + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
  }

  Map<String, Object> metadata(KeyRecord k) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("AWSAccountId", k.account);
    m.put("KeyId", k.keyId);
    m.put("Arn", k.arn());
    m.put("CreationDate", k.creationDate);
    m.put("Enabled", k.state == KeyState.ENABLED);
    m.put("Description", k.description);
    m.put("KeyUsage", "ENCRYPT_DECRYPT");
    m.put("KeyState", k.state.wireName());
    if (k.state.isPendingDeletion()) {
      if (k.deletionDate != null) {
        m.put("DeletionDate", k.deletionDate);
      }
      m.put("PendingDeletionWindowInDays", (long) k.pendingWindowDays);
    }
    m.put("Origin", "AWS_KMS");
    m.put("KeyManager", "CUSTOMER");
    m.put("CustomerMasterKeySpec", "SYMMETRIC_DEFAULT");
    m.put("KeySpec", "SYMMETRIC_DEFAULT");
    m.put("EncryptionAlgorithms", List.of("SYMMETRIC_DEFAULT"));
    m.put("MultiRegion", k.multiRegion);
    if (k.multiRegion) {
      Map<String, Object> mrc = new LinkedHashMap<>();
      mrc.put("MultiRegionKeyType", k.isReplica() ? "REPLICA" : "PRIMARY");
      mrc.put(
          "PrimaryKey",
          regionKey(KeyRecord.arn(k.primaryRegion, k.account, k.keyId), k.primaryRegion));
      List<Object> replicas = new ArrayList<>();
      List<KeyRecord> all = new ArrayList<>(store.relatedKeys(k));
      all.add(k);
      all.sort((a, b) -> a.region.compareTo(b.region));
      for (KeyRecord r : all) {
        if (r.isReplica()) {
          replicas.add(regionKey(r.arn(), r.region));
        }
      }
      mrc.put("ReplicaKeys", replicas);
      m.put("MultiRegionConfiguration", mrc);
    }
    return m;
  }

  private static Map<String, Object> regionKey(String arn, String region) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Arn", arn);
    m.put("Region", region);
    return m;
  }
}
