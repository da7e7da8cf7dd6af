package io.envelope4j.kmslocal.internal;

import java.time.Instant;

/** One alias in one Region of one account, pointing at a key id. Guarded by the store lock. */
final class AliasRecord {
  final String region;
  final String account;
  final String name;
  String targetKeyId;
  final Instant creationDate;
  Instant lastUpdatedDate;

  AliasRecord(String region, String account, String name, String target, Instant created) {
    this.region = region;
    this.account = account;
    this.name = name;
    this.targetKeyId = target;
    this.creationDate = created;
    this.lastUpdatedDate = created;
  }

  String arn() {
    return "arn:aws:kms:" + region + ":" + account + ":" + name;
  }
}
