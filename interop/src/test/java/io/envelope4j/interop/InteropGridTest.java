package io.envelope4j.interop;

import java.util.List;

/** The fast interop grid: every point of issue 2's grid but 1 MiB at frame lengths 1 and 64. */
class InteropGridTest extends InteropGrid {
  @Override
  List<GridPoint> points() {
    return GridPoint.fast();
  }
}
