package io.envelope4j.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.envelope4j.benchmarks.Estimate;
import io.envelope4j.benchmarks.report.BenchmarksReport.Target;
import io.envelope4j.benchmarks.report.BenchmarksReport.Verdict;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The report generator against hand-written JMH JSON fixtures ({@code
 * src/test/resources/report/results}): tables, ratios, PASS and MISS, and "not run" for every
 * result the fixtures leave out.
 */
class BenchmarksReportTest {
  private static final BenchmarksReport.Facts FACTS =
      new BenchmarksReport.Facts(
          "2025-01-01 00:00 UTC",
          "abc1234",
          "benchmarks/run",
          "0.10 0.20 0.30",
          "1.00 1.10 1.20",
          "Test CPU",
          2,
          "4.0 GiB",
          "test plan");

  private List<JmhResult> results;
  private ColdStartResult.Run coldStart;

  @BeforeEach
  void load() throws IOException, URISyntaxException {
    Path dir = Path.of(getClass().getResource("/report/results").toURI());
    results = JmhResult.readDirectory(dir);
    coldStart = ColdStartResult.Run.readOrNull(dir.resolve("coldstart.json"));
  }

  @Test
  void jmhResult_fixtures_parseScoresErrorsAndCpuTime() {
    assertEquals(9, results.size());
    JmhResult ours = results.get(0);
    assertEquals("BulkEncryptionBenchmark.encryptOneShot", ours.shortName());
    assertEquals(Map.of("frameLengthBytes", "65536", "suite", "0x0478"), ours.params());
    assertEquals(new Estimate(20, 1), ours.score());
    // Samples 20 and 22 operations of 64 MiB in one CPU-second each.
    assertEquals(1344, ours.cpuMibPerSecond().mean(), 1e-9);
    assertTrue(Double.isNaN(results.get(1).score().error()), "JMH writes \"NaN\" for no error");
  }

  @Test
  void bulkTarget_cpuRatioAboveNinetyPercent_passes() {
    Target target = target("Bulk 0x0478 encryptOneShot, frame 65536");
    assertEquals(Verdict.PASS, target.verdict());
    // 1344 / 1408 MiB per CPU-second; wall 20 / 22 operations per second.
    assertTrue(target.measured().startsWith("95.5% ± "), target.measured());
    assertTrue(target.measured().contains("wall 90.9% ± "), target.measured());
  }

  @Test
  void bulkTarget_signedSuite_isJudgedAgainstAesGcmPlusSha384() {
    // Ceiling: 1 / (1/1408 + 1/640) = 440 MiB per CPU-second; ours 320.
    assertEquals(
        440, BenchmarksReport.sum(new Estimate(1408, 0), new Estimate(640, 0)).mean(), 1e-9);
    Target target = target("Bulk 0x0578 encryptOneShot, frame 65536");
    assertEquals(Verdict.MISS, target.verdict());
    assertTrue(target.measured().startsWith("72.7% ± "), target.measured());
  }

  @Test
  void targets_missingResults_areNotRunNeverPass() {
    assertEquals(Verdict.NOT_RUN, target("Bulk 0x0478 decryptOneShot, frame 65536").verdict());
    assertEquals(Verdict.NOT_RUN, target("Bulk 0x0478 encryptOneShot, frame 4096").verdict());
    assertEquals(Verdict.NOT_RUN, target("Parallel 0x0478 encryptOneShot, frame 4096").verdict());
    assertEquals("not run", target("Parallel 0x0478 encryptOneShot, frame 4096").measured());
  }

  @Test
  void smallTargets_cachedEncrypt_comparedPerThreadCountAndWithTheFloor() {
    Target one = target("Small 1 KiB cached encrypt, 1 thread");
    assertEquals(Verdict.PASS, one.verdict());
    assertTrue(one.measured().startsWith("5.00× ± "), one.measured());
    Target two = target("Small 1 KiB cached encrypt, 2 threads");
    assertEquals(Verdict.MISS, two.verdict());
    assertEquals("3.00× ± ?", two.measured());
    Target floor = target("Small 1 KiB cached encrypt vs floor");
    assertEquals(Verdict.MISS, floor.verdict());
    assertTrue(floor.measured().startsWith("2.00× ± "), floor.measured());
  }

  @Test
  void coldStartTargets_medianAndClassPath_pass() {
    assertEquals(Verdict.PASS, target("Cold start envelope4j 0x0478").verdict());
    assertEquals("0.150 s", target("Cold start envelope4j 0x0478").measured());
    assertEquals(Verdict.PASS, target("Cold start envelope4j 0x0478 vs Tink").verdict());
    assertEquals(Verdict.PASS, target("Core runtime class path").verdict());
  }

  @Test
  void coldStartTargets_noColdStartRun_areNotRun() {
    BenchmarksReport report = new BenchmarksReport(results, null);
    String markdown = report.render(FACTS);
    assertTrue(markdown.contains("Cold start: not run."));
    for (Target t : report.targets()) {
      if (t.name().startsWith("Cold start") || t.name().startsWith("Core")) {
        assertEquals(Verdict.NOT_RUN, t.verdict(), t.name());
      }
    }
  }

  @Test
  void render_tables_showScoresRatiosAndNotRun() {
    String markdown = new BenchmarksReport(results, coldStart).render(FACTS);
    assertTrue(markdown.contains("| CPU | Test CPU |"), "machine facts");
    assertTrue(markdown.contains("| Load average after | 1.00 1.10 1.20 |"));
    assertTrue(markdown.contains("`-Xms2g -Xmx2g`"), "JVM flags from the JSON");
    // Bulk row: 20 ± 1 ops/s is 1280 ± 64 MiB/s; two CPU samples give JMH no interval (?).
    assertTrue(
        markdown.contains(
            "| 0x0478 | encryptOneShot | 65536 | 1280 ± 64 | 1344 ± ? | not run | - | not run"
                + " | 1408 ± ? | 95.5% ± ? | 90.9% ± 5.0 |"),
        markdown);
    assertTrue(markdown.contains("| 0x0478 | decryptOneShot | 65536 | not run | not run |"));
    assertTrue(
        markdown.contains("| 1024 | 1 | CachedEncrypt | 100000 ± 2000 | 20000 ± 400 | not run"));
    assertTrue(
        markdown.contains("| envelope4j | RawAesKeyring | 0x0478 | 0.150 | 0.140 | 0.160 | 3"));
    assertTrue(markdown.contains("| **MISS** |"));
    assertFalse(markdown.contains("| 0 ± 0 |"), "a missing result never shows as zero");
  }

  @Test
  void smokeCheck_missingScores_areReported() {
    List<SmokeCheck.Expected> expected =
        List.of(
            new SmokeCheck.Expected(
                BenchmarksReport.BULK + ".encryptOneShot",
                Map.of("frameLengthBytes", "65536", "suite", "0x0478"),
                0),
            new SmokeCheck.Expected(
                BenchmarksReport.SMALL + ".esdkCachedEncrypt", Map.of("messageBytes", "1024"), 2),
            new SmokeCheck.Expected(
                BenchmarksReport.SMALL + ".esdkCachedEncrypt", Map.of("messageBytes", "100"), 1));

    List<SmokeCheck.Expected> missing = SmokeCheck.missing(expected, results);

    assertEquals(List.of(expected.get(2)), missing);
  }

  private Target target(String name) {
    BenchmarksReport report = new BenchmarksReport(results, coldStart);
    report.render(FACTS);
    return report.targets().stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no target " + name + " in " + report.targets()));
  }
}
