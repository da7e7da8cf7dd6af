package io.envelope4j.kmslocal.internal;

/** The key states kms-local models, with their wire names. */
enum KeyState {
  ENABLED("Enabled"),
  DISABLED("Disabled"),
  PENDING_DELETION("PendingDeletion");

  private final String wireName;

  KeyState(String wireName) {
    this.wireName = wireName;
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
