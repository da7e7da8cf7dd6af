package io.envelope4j.kmslocal.internal;

import io.envelope4j.kmslocal.KmsLocal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Applies a seed file: keys with given ids and material, their aliases and tags, for reproducible
 * fixtures.
 *
 * <pre>{@code
 * {"keys": [{"keyId": "0b8d6f7c-...",          // or mrk- plus 32 hex digits; default random
 *            "region": "us-east-1",            // default: the server's default Region
 *            "account": "111122223333",        // default: the server's default account
 *            "material": "<base64, 32 bytes>", // default: random
 *            "description": "...", "enabled": true, "policy": "{...}",
 *            "tags": {"team": "payments"}, "aliases": ["alias/app"],
 *            "replicaRegions": ["us-west-2"]}],  // mrk- keys only
 *  "aliases": [{"aliasName": "alias/other", "targetKeyId": "0b8d6f7c-...",
 *               "region": "us-east-1", "account": "111122223333"}]}
 * }</pre>
 *
 * <p>Seeding only adds: a key or alias that already exists in a persistent store is left as it is,
 * unless a seeded key gives material that differs from the stored key's original material, which is
 * an error (the fixture and the store disagree). Everything is checked before anything is added,
 * and the additions are made durable in one snapshot.
 */
final class Seeds {
  private static final Pattern UUID_ID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern MRK_ID = Pattern.compile("mrk-[0-9a-f]{32}");

  private Seeds() {}

  @SuppressWarnings("unchecked")
  static void apply(Path file, Store store, KmsLocal config) throws IOException {
    Object root = Json.parse(Files.readAllBytes(file));
    if (!(root instanceof Map<?, ?>)) {
      throw bad(file, "the top level is not a JSON object");
    }
    Map<String, Object> m = (Map<String, Object>) root;
    Instant now = config.clock().instant();
    List<KeyRecord> keys = new ArrayList<>();
    List<Boolean> materialGiven = new ArrayList<>();
    List<AliasRecord> aliases = new ArrayList<>();
    for (Object o : list(file, m, "keys")) {
      Map<String, Object> k = object(file, o, "keys[]");
      KeyRecord key = key(file, k, config, now);
      keys.add(key);
      materialGiven.add(k.get("material") != null);
      for (Object r : list(file, k, "replicaRegions")) {
        if (!key.multiRegion) {
          throw bad(file, "key " + key.keyId + " has replicaRegions but is not an mrk- key");
        }
        if (!(r instanceof String region) || region.equals(key.region)) {
          throw bad(file, "replicaRegions of key " + key.keyId + " must be other Region names");
        }
        KeyRecord replica = new KeyRecord(region, key.account, key.keyId, now, true);
        replica.primaryRegion = key.region;
        replica.description = key.description;
        replica.state = key.state;
        replica.policy = key.policy;
        replica.tags.putAll(key.tags);
        replica.materials.addAll(key.materials);
        keys.add(replica);
        materialGiven.add(k.get("material") != null);
      }
      for (Object a : list(file, k, "aliases")) {
        if (!(a instanceof String name)) {
          throw bad(file, "aliases of key " + key.keyId + " must be strings");
        }
        aliases.add(alias(file, key.region, key.account, name, key.keyId, now));
      }
    }
    for (Object o : list(file, m, "aliases")) {
      Map<String, Object> a = object(file, o, "aliases[]");
      String region = string(file, a, "region", config.defaultRegion());
      String account = string(file, a, "account", config.defaultAccount());
      aliases.add(
          alias(
              file,
              region,
              account,
              string(file, a, "aliasName", null),
              string(file, a, "targetKeyId", null),
              now));
    }
    store.write(
        () -> {
          List<KeyRecord> added = new ArrayList<>();
          for (int i = 0; i < keys.size(); i++) {
            KeyRecord k = keys.get(i);
            KeyRecord existing = store.key(k.region, k.account, k.keyId);
            if (existing == null) {
              added.add(k);
            } else if (materialGiven.get(i)
                && !Arrays.equals(
                    existing.materials.get(0).keyBytesShared(),
                    k.materials.get(0).keyBytesShared())) {
              throw new IllegalArgumentException(
                  "seed file "
                      + file
                      + " gives key "
                      + k.keyId
                      + " material that differs from the stored key; fix the seed or the store");
            }
          }
          added.forEach(store::putKey);
          for (AliasRecord a : aliases) {
            if (store.key(a.region, a.account, a.targetKeyId) == null) {
              throw new IllegalArgumentException(
                  "seed file "
                      + file
                      + ": alias "
                      + a.name
                      + " targets unknown key "
                      + a.targetKeyId);
            }
            if (store.alias(a.region, a.account, a.name) == null) {
              store.putAlias(a);
            }
          }
          return null;
        });
  }

  private static KeyRecord key(Path file, Map<String, Object> k, KmsLocal config, Instant now) {
    String id = string(file, k, "keyId", null);
    if (id == null) {
      id = UUID.randomUUID().toString();
    }
    boolean mrk = MRK_ID.matcher(id).matches();
    if (!mrk && !UUID_ID.matcher(id).matches()) {
      throw bad(file, "keyId '" + id + "' is neither a lowercase UUID nor mrk- and 32 hex digits");
    }
    String region = string(file, k, "region", config.defaultRegion());
    String account = string(file, k, "account", config.defaultAccount());
    if (!account.matches("[0-9]{12}")) {
      throw bad(file, "account '" + account + "' of key " + id + " is not twelve digits");
    }
    KeyRecord r = new KeyRecord(region, account, id, now, mrk);
    String material = string(file, k, "material", null);
    byte[] bytes;
    if (material == null) {
      bytes = Crypto.newKeyBytes();
    } else {
      try {
        bytes = Base64.getDecoder().decode(material);
      } catch (IllegalArgumentException e) {
        throw bad(file, "material of key " + id + " is not base64");
      }
      if (bytes.length != 32) {
        throw bad(file, "material of key " + id + " has " + bytes.length + " bytes, not 32");
      }
    }
    r.materials.add(new Material(bytes, now, null));
    Arrays.fill(bytes, (byte) 0);
    r.description = string(file, k, "description", "");
    Object enabled = k.get("enabled");
    if (enabled != null && !(enabled instanceof Boolean)) {
      throw bad(file, "enabled of key " + id + " is not true or false");
    }
    r.state = Boolean.FALSE.equals(enabled) ? KeyState.DISABLED : KeyState.ENABLED;
    r.policy = string(file, k, "policy", KeyOperations.defaultPolicy(account));
    Object tags = k.get("tags");
    if (tags != null) {
      if (!(tags instanceof Map<?, ?> t)) {
        throw bad(file, "tags of key " + id + " is not an object of strings");
      }
      for (Map.Entry<?, ?> e : t.entrySet()) {
        if (!(e.getValue() instanceof String v)) {
          throw bad(file, "tag " + e.getKey() + " of key " + id + " is not a string");
        }
        r.tags.put((String) e.getKey(), v);
      }
    }
    return r;
  }

  private static AliasRecord alias(
      Path file, String region, String account, String name, String target, Instant now) {
    if (name == null || !Keys.ALIAS_NAME.matcher(name).matches() || name.startsWith("alias/aws/")) {
      throw bad(file, "alias name '" + name + "' is not alias/ followed by [a-zA-Z0-9/_-]");
    }
    if (target == null) {
      throw bad(file, "alias " + name + " has no targetKeyId");
    }
    return new AliasRecord(region, account, name, target, now);
  }

  private static List<Object> list(Path file, Map<String, Object> m, String field) {
    Object v = m.get(field);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?>)) {
      throw bad(file, field + " is not an array");
    }
    @SuppressWarnings("unchecked")
    List<Object> list = (List<Object>) v;
    return list;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Path file, Object o, String what) {
    if (!(o instanceof Map<?, ?>)) {
      throw bad(file, what + " entries must be objects");
    }
    return (Map<String, Object>) o;
  }

  private static String string(Path file, Map<String, Object> m, String field, String dflt) {
    Object v = m.get(field);
    if (v == null) {
      return dflt;
    }
    if (!(v instanceof String s)) {
      throw bad(file, field + " is not a string");
    }
    return s;
  }

  private static IllegalArgumentException bad(Path file, String detail) {
    return new IllegalArgumentException("seed file " + file + " is invalid: " + detail);
  }
}
