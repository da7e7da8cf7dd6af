package io.envelope4j.interop;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One point of issue 2's interop grid: suite, frame length, plaintext length, encryption context
 * and number of encrypted data keys.
 */
record GridPoint(
    Suite suite, int frameLength, int plaintextLength, TestData.Context context, int keyCount) {
  static final int MIB = 1 << 20;
  static final int[] FRAME_LENGTHS = {1, 64, 4096, MIB};

  /** The wrapping keys: one raw AES keyring, or a multi-keyring of three. */
  List<WrappingKey> keys() {
    return keyCount == 1 ? WrappingKey.single() : WrappingKey.several();
  }

  /** The plaintext, reproducible from the point alone. */
  byte[] plaintext() {
    return TestData.plaintext(plaintextLength, id().hashCode());
  }

  /** True for the points the fast suite leaves to the slow profile: 1 MiB at frames 1 and 64. */
  boolean slow() {
    return plaintextLength == MIB && frameLength < 4096;
  }

  String id() {
    return String.format(
        "%s frame %d, %d bytes, %s, %d %s",
        suite, frameLength, plaintextLength, context, keyCount, keyCount == 1 ? "key" : "keys");
  }

  @Override
  public String toString() {
    return id();
  }

  /**
   * Plaintext lengths at one frame length: 0, 1, frame-1, frame, frame+1, 3 frames + 7 and 1 MiB,
   * without repeats.
   */
  static Set<Integer> plaintextLengths(int frameLength) {
    Set<Integer> lengths = new LinkedHashSet<>();
    for (long length :
        new long[] {
          0, 1, frameLength - 1L, frameLength, frameLength + 1L, 3L * frameLength + 7, MIB
        }) {
      lengths.add((int) length);
    }
    return lengths;
  }

  /** The whole grid, the slow points included or only them. */
  static List<GridPoint> grid(boolean slowPoints) {
    List<GridPoint> points = new ArrayList<>();
    for (Suite suite : Suite.values()) {
      for (int frameLength : FRAME_LENGTHS) {
        for (int length : plaintextLengths(frameLength)) {
          for (TestData.Context context : TestData.Context.values()) {
            for (int keyCount : new int[] {1, 3}) {
              GridPoint point = new GridPoint(suite, frameLength, length, context, keyCount);
              if (point.slow() == slowPoints) {
                points.add(point);
              }
            }
          }
        }
      }
    }
    return points;
  }

  /** The fast suite's grid: every point but the slow ones. */
  static List<GridPoint> fast() {
    return grid(false);
  }

  /** The slow profile's extra points. */
  static List<GridPoint> slowOnly() {
    return grid(true);
  }
}
