package io.envelope4j.interop;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A raw AES wrapping key as every implementation in a test names it: key namespace (the provider id
 * of its encrypted data keys), key name and key bytes.
 *
 * <p>Test keys are derived from a fixed seed in code, so no key file exists anywhere; {@link
 * #toString()} shows the names only.
 */
record WrappingKey(String namespace, String name, byte[] material) {
  WrappingKey {
    material = material.clone();
  }

  @Override
  public byte[] material() {
    return material.clone();
  }

  /** A deterministic test key of {@code lengthBytes} (16, 24 or 32) derived from {@code seed}. */
  static WrappingKey derived(String namespace, String name, int lengthBytes, long seed) {
    byte[] bytes = new byte[lengthBytes];
    new Random(seed).nextBytes(bytes);
    return new WrappingKey(namespace, name, bytes);
  }

  /** One 256-bit key: the single-data-key column of the grid. */
  static List<WrappingKey> single() {
    return List.of(derived("envelope4j-interop", "aes-256-a", 32, 1));
  }

  /**
   * Three keys of different sizes and namespaces, the first the generator: the multi-keyring column
   * of the grid, written as three encrypted data keys.
   */
  static List<WrappingKey> several() {
    return List.of(
        derived("envelope4j-interop", "aes-256-a", 32, 1),
        derived("envelope4j-interop", "aes-128-b", 16, 2),
        derived("other-namespace", "aes-192-c", 24, 3));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof WrappingKey that
        && namespace.equals(that.namespace)
        && name.equals(that.name)
        && Arrays.equals(material, that.material);
  }

  @Override
  public int hashCode() {
    return namespace.hashCode() * 31 + name.hashCode();
  }

  @Override
  public String toString() {
    return namespace + "/" + name + " (" + material.length * 8 + " bits)";
  }
}
