package io.envelope4j.benchmarks.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The benchmark's operations write real messages, each readable, all under one cached key. */
class CachedEncryptBenchmarkTest {
  @Test
  void operations_warmCache_roundTripAndReuseTheDataKey() {
    CachedEncryptBenchmark bench = new CachedEncryptBenchmark();
    bench.setUp();
    byte[] ours = bench.envelope4j_1thread();
    byte[] theirs = bench.esdk_2threads();
    assertArrayEquals(bench.plaintext, bench.open(ours));
    assertArrayEquals(bench.plaintext, bench.open(theirs));
    assertEquals(0x0478, ((ours[1] & 0xFF) << 8) | (ours[2] & 0xFF));
    assertEquals(0x0478, ((theirs[1] & 0xFF) << 8) | (theirs[2] & 0xFF));
    bench.envelope4j_2threads();
    bench.esdk_1thread();
    // Setup's message loaded the key (the one miss); the benchmark's messages were all hits.
    assertEquals(1, bench.ours.stats().loads());
    assertEquals(1, bench.ours.stats().misses());
    assertEquals(2, bench.ours.stats().hits());
  }
}
