package io.envelope4j.kmslocal.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One KMS key in one Region of one account: metadata, state, rotation schedule, tags, policy and
 * its material versions (index 0 is the original). A multi-Region primary and its replicas are
 * separate records with the same id and equal material lists. Mutable; guarded by the {@link Store}
 * lock.
 */
final class KeyRecord {
  final String region;
  final String account;
  final String keyId;
  final Instant creationDate;
  final boolean multiRegion;
  String primaryRegion;
  String description = "";
  KeyState state = KeyState.ENABLED;
  Instant deletionDate;
  int pendingWindowDays;
  String policy;
  final Map<String, String> tags = new LinkedHashMap<>();
  boolean rotationEnabled;
  int rotationPeriodDays;
  Instant nextRotationDate;
  final List<Material> materials = new ArrayList<>();

  KeyRecord(String region, String account, String keyId, Instant creationDate, boolean multi) {
    this.region = region;
    this.account = account;
    this.keyId = keyId;
    this.creationDate = creationDate;
    this.multiRegion = multi;
    this.primaryRegion = multi ? region : null;
  }

  String arn() {
    return arn(region, account, keyId);
  }

  static String arn(String region, String account, String keyId) {
    return "arn:aws:kms:" + region + ":" + account + ":key/" + keyId;
  }

  boolean isReplica() {
    return multiRegion && !region.equals(primaryRegion);
  }

  Material currentMaterial() {
    return materials.get(materials.size() - 1);
  }

  @Override
  public String toString() {
    return "KeyRecord{" + arn() + ", " + state + ", materials=" + materials.size() + "}";
  }
}
