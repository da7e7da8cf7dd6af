package io.envelope4j.keyring;

import io.envelope4j.EnvelopeException;
import io.envelope4j.NoDecryptionKeyException;
import io.envelope4j.materials.DecryptionMaterials;
import io.envelope4j.materials.EncryptionMaterials;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Combines keyrings: on encrypt the generator (if any) creates the data key and every child adds
 * its encrypted copy; on decrypt the generator and then each child are tried in order, the first
 * success wins and, if none succeeds, the failure carries every keyring's reason.
 *
 * <p>Immutable; thread-safe when its keyrings are.
 */
public final class MultiKeyring implements Keyring {
  private final Keyring generator;
  private final List<Keyring> children;

  private MultiKeyring(Keyring generator, List<Keyring> children) {
    this.generator = generator;
    this.children = List.copyOf(children);
  }

  /** A builder; set a generator, children, or both. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public EncryptionMaterials onEncrypt(EncryptionMaterials materials) {
    EncryptionMaterials result = materials;
    if (generator != null) {
      result = generator.onEncrypt(result);
    } else if (result.dataKey().isEmpty()) {
      throw new IllegalStateException(
          "multi-keyring without a generator needs materials that already hold a data key");
    }
    for (Keyring child : children) {
      result = child.onEncrypt(result);
    }
    return result;
  }

  @Override
  public DecryptionMaterials onDecrypt(
      DecryptionMaterials materials, List<EncryptedDataKey> encryptedDataKeys) {
    if (materials.dataKey().isPresent()) {
      return materials;
    }
    List<Throwable> failures = new ArrayList<>();
    for (Keyring keyring : all()) {
      try {
        DecryptionMaterials result = keyring.onDecrypt(materials, encryptedDataKeys);
        if (result.dataKey().isPresent()) {
          return result;
        }
        failures.add(new NoDecryptionKeyException(keyring + " returned no data key"));
      } catch (EnvelopeException e) {
        failures.add(e);
      }
    }
    throw new NoDecryptionKeyException(
        "none of the " + all().size() + " keyrings of the multi-keyring decrypted a data key",
        failures);
  }

  private List<Keyring> all() {
    List<Keyring> all = new ArrayList<>(children.size() + 1);
    if (generator != null) {
      all.add(generator);
    }
    all.addAll(children);
    return all;
  }

  @Override
  public String toString() {
    return "MultiKeyring[generator=" + generator + ", children=" + children + "]";
  }

  /** Builds a {@link MultiKeyring}; not thread-safe. */
  public static final class Builder {
    private Keyring generator;
    private final List<Keyring> children = new ArrayList<>();

    private Builder() {}

    /** The keyring that generates the data key on encrypt. */
    public Builder generator(Keyring keyring) {
      this.generator = Objects.requireNonNull(keyring, "keyring");
      return this;
    }

    /** Adds children, which wrap the generated data key on encrypt. */
    public Builder children(List<? extends Keyring> keyrings) {
      for (Keyring keyring : keyrings) {
        children.add(Objects.requireNonNull(keyring, "child keyring"));
      }
      return this;
    }

    /** Adds one child. */
    public Builder child(Keyring keyring) {
      children.add(Objects.requireNonNull(keyring, "keyring"));
      return this;
    }

    /**
     * Builds the keyring.
     *
     * @throws IllegalStateException if there is neither a generator nor a child
     */
    public MultiKeyring build() {
      if (generator == null && children.isEmpty()) {
        throw new IllegalStateException("multi-keyring needs a generator or at least one child");
      }
      return new MultiKeyring(generator, children);
    }
  }
}
