package io.envelope4j.kmslocal.internal;

/** The key states kms-local models, with their wire names. */
enum KeyState {
  ENABLED("Enabled"),
  DISABLED("Disabled"),
  PENDING_DELETION("PendingDeletion"),
  /** A multi-Region primary scheduled for deletion, waiting for its replicas to be deleted. */
  PENDING_REPLICA_DELETION("PendingReplicaDeletion");

  private final String wireName;

  KeyState(String wireName) {
    this.wireName = wireName;
  }

  boolean isPendingDeletion() {
    return this == PENDING_DELETION || this == PENDING_REPLICA_DELETION;
  }

  String wireName() {
    return wireName;
  }

  static KeyState ofWireName(String name) {
    for (KeyState s : values()) {
      if (s.wireName.equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown key state '" + name + "'");
  }
}
