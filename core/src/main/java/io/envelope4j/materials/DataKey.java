package io.envelope4j.materials;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * The holder of a plaintext data key: the one type in envelope4j that carries secret key bytes
 * between components.
 *
 * <p>Bytes are copied in and out; {@link #revealCopy()} is the only way to reach them, so every
 * place that handles key bytes can be found by searching for that name. The holder never prints its
 * bytes, takes no part in {@code equals}/{@code hashCode} (use {@link #equalsConstantTime}), and is
 * wiped by {@link #destroy()}, after which every access fails.
 *
 * <p>Ownership: the component that created or received a data key destroys it when its message is
 * finished; envelope4j destroys the data key of the materials it used once the message is written
 * or read. A materials manager that keeps keys for reuse (a cache) must hand out {@link #copy()}s.
 * What the JVM lets us promise is limited: wiping zeroes this array, but the garbage collector may
 * already have copied it, and JCA key objects hold their own copies.
 *
 * <p>Thread-safe for concurrent reads; {@link #destroy()} racing with a read may let that read see
 * zeroes or fail.
 */
public final class DataKey implements Destroyable {
  private final byte[] bytes;
  private volatile boolean destroyed;

  private DataKey(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * A holder with a copy of {@code keyBytes}; the caller should wipe its own array afterwards.
   *
   * @throws IllegalArgumentException if {@code keyBytes} is empty
   */
  public static DataKey copyOf(byte[] keyBytes) {
    if (keyBytes.length == 0) {
      throw new IllegalArgumentException("data key length 0 is below the minimum 1");
    }
    return new DataKey(keyBytes.clone());
  }

  /** A fresh random data key of {@code lengthBytes} bytes drawn from {@code random}. */
  public static DataKey generate(int lengthBytes, SecureRandom random) {
    if (lengthBytes < 1) {
      throw new IllegalArgumentException(
          "data key length " + lengthBytes + " is below the minimum 1");
    }
    byte[] bytes = new byte[lengthBytes];
    random.nextBytes(bytes);
    return new DataKey(bytes);
  }

  /** Length of the key in bytes. */
  public int lengthBytes() {
    return bytes.length;
  }

  /**
   * A fresh copy of the secret bytes. The caller owns the copy and must wipe it (for example with
   * {@code Arrays.fill(copy, (byte) 0)}) as soon as it is done.
   *
   * @throws IllegalStateException if this key was destroyed
   */
  public byte[] revealCopy() {
    checkAlive();
    return bytes.clone();
  }

  /**
   * An independent holder with the same bytes, which the receiver owns and destroys.
   *
   * @throws IllegalStateException if this key was destroyed
   */
  public DataKey copy() {
    checkAlive();
    return new DataKey(bytes.clone());
  }

  /** Whether both keys hold the same bytes, compared in time independent of the content. */
  public boolean equalsConstantTime(DataKey other) {
    checkAlive();
    other.checkAlive();
    return MessageDigest.isEqual(bytes, other.bytes);
  }

  /** Zeroes the bytes; every later access fails. Calling it again is harmless. */
  @Override
  public void destroy() {
    destroyed = true;
    Arrays.fill(bytes, (byte) 0);
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  private void checkAlive() {
    if (destroyed) {
      throw new IllegalStateException("data key was destroyed; its owner finished with it");
    }
  }

  /** Shows the length only, never the bytes. */
  @Override
  public String toString() {
    return "DataKey[" + bytes.length + " bytes" + (destroyed ? ", destroyed]" : "]");
  }
}
