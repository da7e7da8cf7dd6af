package io.envelope4j.cache;

import io.envelope4j.KeyProviderException;
import io.envelope4j.keyring.EncryptedDataKey;
import io.envelope4j.keyring.Keyring;
import io.envelope4j.keyring.RawAesKeyring;
import io.envelope4j.materials.DataKey;
import io.envelope4j.materials.DecryptionMaterials;
import io.envelope4j.materials.EncryptionMaterials;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real raw AES keyring that counts its calls, remembers every data key it produced (so tests can
 * see whether the cache wiped them), and can be told to block or fail.
 */
final class RecordingKeyring implements Keyring {
  private final RawAesKeyring delegate;
  final AtomicInteger encryptCalls = new AtomicInteger();
  final AtomicInteger decryptCalls = new AtomicInteger();
  final List<DataKey> producedKeys = new CopyOnWriteArrayList<>();
  volatile CountDownLatch gate;
  volatile boolean fail;

  RecordingKeyring(String name, byte wrappingByte) {
    byte[] wrapping = new byte[32];
    java.util.Arrays.fill(wrapping, wrappingByte);
    this.delegate =
        RawAesKeyring.builder()
            .keyNamespace("cache-test")
            .keyName(name)
            .wrappingKey(wrapping)
            .build();
  }

  RecordingKeyring() {
    this("key-a", (byte) 7);
  }

  @Override
  public EncryptionMaterials onEncrypt(EncryptionMaterials materials) {
    encryptCalls.incrementAndGet();
    awaitGate();
    if (fail) {
      throw new KeyProviderException("test keyring refuses on purpose");
    }
    EncryptionMaterials result = delegate.onEncrypt(materials);
    producedKeys.add(result.dataKey().orElseThrow());
    return result;
  }

  @Override
  public DecryptionMaterials onDecrypt(
      DecryptionMaterials materials, List<EncryptedDataKey> encryptedDataKeys) {
    decryptCalls.incrementAndGet();
    awaitGate();
    if (fail) {
      throw new KeyProviderException("test keyring refuses on purpose");
    }
    DecryptionMaterials result = delegate.onDecrypt(materials, encryptedDataKeys);
    producedKeys.add(result.dataKey().orElseThrow());
    return result;
  }

  long destroyedKeys() {
    return producedKeys.stream().filter(DataKey::isDestroyed).count();
  }

  private void awaitGate() {
    CountDownLatch g = gate;
    if (g != null) {
      try {
        if (!g.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("test gate never opened");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  @Override
  public String toString() {
    return "RecordingKeyring[" + delegate + "]";
  }
}
