package io.envelope4j.kmslocal.internal;

import java.time.Instant;
import java.util.Arrays;

/**
 * One version of a key's AES-256 material: the initial one ({@code rotationType} null) or one added
 * by a rotation ({@code AUTOMATIC} or {@code ON_DEMAND}) at {@code createdAt}. The bytes never
 * print; {@link #wipe()} zeroes them when the key is deleted.
 */
final class Material {
  private final byte[] keyBytes;
  private final Instant createdAt;
  private final String rotationType;

  Material(byte[] keyBytes, Instant createdAt, String rotationType) {
    this.keyBytes = keyBytes.clone();
    this.createdAt = createdAt;
    this.rotationType = rotationType;
  }

  /** The raw key bytes, shared: callers must not modify or keep them. */
  byte[] keyBytesShared() {
    return keyBytes;
  }

  Instant createdAt() {
    return createdAt;
  }

  String rotationType() {
    return rotationType;
  }

  void wipe() {
    Arrays.fill(keyBytes, (byte) 0);
  }

  @Override
  public String toString() {
    return "Material{createdAt=" + createdAt + ", rotationType=" + rotationType + "}";
  }
}
