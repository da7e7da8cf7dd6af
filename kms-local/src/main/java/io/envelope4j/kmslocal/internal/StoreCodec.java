package io.envelope4j.kmslocal.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The store snapshot format, {@code store.json}:
 *
 * <pre>{@code
 * {"format": 1,
 *  "keys": [{"region", "account", "keyId", "creationDate" (epoch ms), "multiRegion",
 *            "primaryRegion", "description", "state", "deletionDate", "pendingWindowDays",
 *            "policy", "tags": {..}, "rotationEnabled", "rotationPeriodDays",
 *            "nextRotationDate", "materials": [{"key" (base64), "createdAt", "rotationType"}]}],
 *  "aliases": [{"region", "account", "name", "targetKeyId", "creationDate",
 *               "lastUpdatedDate"}]}
 * }</pre>
 *
 * <p>Replicas of a multi-Region key each carry the full material list.
 */
final class StoreCodec {
  static final int FORMAT = 1;

  private StoreCodec() {}

  record Snapshot(List<KeyRecord> keys, List<AliasRecord> aliases) {}

  static byte[] encode(Collection<KeyRecord> keys, Collection<AliasRecord> aliases) {
    List<Object> ks = new ArrayList<>();
    for (KeyRecord k : keys) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("region", k.region);
      m.put("account", k.account);
      m.put("keyId", k.keyId);
      m.put("creationDate", k.creationDate.toEpochMilli());
      m.put("multiRegion", k.multiRegion);
      m.put("primaryRegion", k.primaryRegion);
      m.put("description", k.description);
      m.put("state", k.state.wireName());
      m.put("deletionDate", millis(k.deletionDate));
      m.put("pendingWindowDays", (long) k.pendingWindowDays);
      m.put("policy", k.policy);
      m.put("tags", new LinkedHashMap<>(k.tags));
      m.put("rotationEnabled", k.rotationEnabled);
      m.put("rotationPeriodDays", (long) k.rotationPeriodDays);
      m.put("nextRotationDate", millis(k.nextRotationDate));
      List<Object> mats = new ArrayList<>();
      for (Material mat : k.materials) {
        Map<String, Object> mm = new LinkedHashMap<>();
        mm.put("key", Base64.getEncoder().encodeToString(mat.keyBytesShared()));
        mm.put("createdAt", mat.createdAt().toEpochMilli());
        mm.put("rotationType", mat.rotationType());
        mats.add(mm);
      }
      m.put("materials", mats);
      ks.add(m);
    }
    List<Object> as = new ArrayList<>();
    for (AliasRecord a : aliases) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("region", a.region);
      m.put("account", a.account);
      m.put("name", a.name);
      m.put("targetKeyId", a.targetKeyId);
      m.put("creationDate", a.creationDate.toEpochMilli());
      m.put("lastUpdatedDate", a.lastUpdatedDate.toEpochMilli());
      as.add(m);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("format", (long) FORMAT);
    root.put("keys", ks);
    root.put("aliases", as);
    return Json.write(root);
  }

  /**
   * Decodes a snapshot.
   *
   * @throws IllegalArgumentException naming {@code source} if the snapshot is malformed
   */
  @SuppressWarnings("unchecked")
  static Snapshot decode(byte[] bytes, String source) {
    try {
      Map<String, Object> root = (Map<String, Object>) Json.parse(bytes);
      Object format = root.get("format");
      if (!(format instanceof Long f) || f != FORMAT) {
        throw new IllegalArgumentException(
            source + " has format " + format + "; this kms-local reads format " + FORMAT);
      }
      List<KeyRecord> keys = new ArrayList<>();
      for (Object o : (List<Object>) root.get("keys")) {
        Map<String, Object> m = (Map<String, Object>) o;
        KeyRecord k =
            new KeyRecord(
                (String) m.get("region"),
                (String) m.get("account"),
                (String) m.get("keyId"),
                Instant.ofEpochMilli((Long) m.get("creationDate")),
                (Boolean) m.get("multiRegion"));
        k.primaryRegion = (String) m.get("primaryRegion");
        k.description = (String) m.get("description");
        k.state = KeyState.ofWireName((String) m.get("state"));
        k.deletionDate = instant(m.get("deletionDate"));
        k.pendingWindowDays = ((Long) m.get("pendingWindowDays")).intValue();
        k.policy = (String) m.get("policy");
        k.tags.putAll((Map<String, String>) m.get("tags"));
        k.rotationEnabled = (Boolean) m.get("rotationEnabled");
        k.rotationPeriodDays = ((Long) m.get("rotationPeriodDays")).intValue();
        k.nextRotationDate = instant(m.get("nextRotationDate"));
        for (Object mo : (List<Object>) m.get("materials")) {
          Map<String, Object> mm = (Map<String, Object>) mo;
          byte[] key = Base64.getDecoder().decode((String) mm.get("key"));
          if (key.length != 32) {
            throw new IllegalArgumentException("key material of " + k.keyId + " is not 32 bytes");
          }
          k.materials.add(
              new Material(
                  key,
                  Instant.ofEpochMilli((Long) mm.get("createdAt")),
                  (String) mm.get("rotationType")));
        }
        if (k.materials.isEmpty()) {
          throw new IllegalArgumentException("key " + k.keyId + " has no material");
        }
        keys.add(k);
      }
      List<AliasRecord> aliases = new ArrayList<>();
      for (Object o : (List<Object>) root.get("aliases")) {
        Map<String, Object> m = (Map<String, Object>) o;
        AliasRecord a =
            new AliasRecord(
                (String) m.get("region"),
                (String) m.get("account"),
                (String) m.get("name"),
                (String) m.get("targetKeyId"),
                Instant.ofEpochMilli((Long) m.get("creationDate")));
        a.lastUpdatedDate = Instant.ofEpochMilli((Long) m.get("lastUpdatedDate"));
        aliases.add(a);
      }
      return new Snapshot(keys, aliases);
    } catch (IOException | ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException(source + " is not a valid kms-local store: " + e, e);
    }
  }

  private static Long millis(Instant i) {
    return i == null ? null : i.toEpochMilli();
  }

  private static Instant instant(Object o) {
    return o == null ? null : Instant.ofEpochMilli((Long) o);
  }
}
