package io.envelope4j.interop;

import java.util.List;
import org.junit.jupiter.api.Tag;

/**
 * The slow part of the interop grid: 1 MiB plaintexts at frame lengths 1 and 64 (about a million
 * and sixteen thousand frames per message). Runs with {@code -Pslow}.
 */
@Tag("slow")
class InteropGridSlowTest extends InteropGrid {
  @Override
  List<GridPoint> points() {
    return GridPoint.slowOnly();
  }
}
