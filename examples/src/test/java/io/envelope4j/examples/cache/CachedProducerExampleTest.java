package io.envelope4j.examples.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.envelope4j.cache.CacheStats;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Smoke test: the producer example runs, uses the cache, and prints its statistics. */
class CachedProducerExampleTest {
  @Test
  void run_25000EventsOn3Threads_loadsAboutOneKeyPer8000EventsAndPrintsStats() throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    CacheStats stats =
        CachedProducerExample.run(3, 25_000, new PrintStream(buffer, true, StandardCharsets.UTF_8));
    String printed = buffer.toString(StandardCharsets.UTF_8);

    assertEquals(25_000, stats.hits() + stats.misses());
    assertEquals(0, stats.loadFailures());
    // 10,000 events per key, refreshed at 8,000: 25,000 events need 3 to 5 keys, never 25,000.
    assertTrue(stats.loads() >= 3 && stats.loads() <= 5, stats.toString());
    assertTrue(printed.contains("25000 events on 3 threads"), printed);
    assertTrue(printed.contains(stats.hits() + " hits"), printed);
  }
}
