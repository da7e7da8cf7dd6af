package io.envelope4j.benchmarks.report;

import io.envelope4j.benchmarks.Estimate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes {@code BENCHMARKS.md} from the JMH JSON results and the cold-start results that {@code
 * benchmarks/run} leaves in {@code benchmarks/target/results/}: the machine and JVM, the issue's
 * targets with PASS or MISS, one table per workload with each score, its error and its ratios to
 * the best peer and to the primitive ceiling, and every raw score.
 *
 * <p>Design note: the generator knows the benchmarks by name (see the constants) but needs none of
 * them to exist; a benchmark without a result shows as "not run" and a target that depends on it is
 * "not run", never PASS and never a zero. Ratios carry errors through {@link Estimate}, the
 * arithmetic {@code BulkReport} prints with, and a target is judged on the point estimate; the
 * error beside it says how far to trust the verdict. Bulk targets use the CPU-time throughput of
 * the benchmark thread (see {@code CpuTime}) as primary, because the machine may be shared; the
 * wall-clock ratio is shown beside it.
 *
 * <p>Arguments: {@code --results <dir>} (default {@code benchmarks/target/results}), {@code --out
 * <file>} (default {@code BENCHMARKS.md}), and the facts the runner script knows: {@code
 * --command}, {@code --commit}, {@code --date}, {@code --load-before}, {@code --load-after}, {@code
 * --plan}.
 */
public final class BenchmarksReport {
  static final String PACKAGE = "io.envelope4j.benchmarks.";
  static final String BULK = PACKAGE + "BulkEncryptionBenchmark";
  static final String BASELINE = PACKAGE + "JdkAesGcmBaseline";
  static final String PARALLEL = PACKAGE + "ParallelSealingBenchmark";
  static final String ESDK_BULK = PACKAGE + "peers.EsdkBulkBenchmark";
  static final String TINK_STREAMING = PACKAGE + "peers.TinkStreamingBenchmark";
  static final String SMALL = PACKAGE + "small.SmallMessageBenchmark";
  static final String PRIMITIVES = PACKAGE + "primitives.PrimitivesBenchmark";

  static final String NOT_RUN = "not run";
  static final List<String> SUITES = List.of("0x0478", "0x0578");
  static final List<String> FRAMES = List.of("4096", "65536");
  static final List<String> BULK_METHODS =
      List.of("encryptOneShot", "decryptOneShot", "encryptStream", "decryptStream");
  static final List<String> SMALL_OPS =
      List.of("Encrypt", "Decrypt", "CachedEncrypt", "CachedDecrypt");

  /** MiB of payload in one operation of the bulk benchmarks and {@code sha384_64MiB}. */
  static final double BULK_MIB_PER_OP = 64;

  static final long MIB = 1 << 20;

  private final List<JmhResult> results;
  private final ColdStartResult.Run coldStart;
  private final List<Target> targets = new ArrayList<>();

  /** The verdict on one target. */
  enum Verdict {
    PASS,
    MISS,
    NOT_RUN;

    @Override
    public String toString() {
      return this == NOT_RUN ? "not run" : name();
    }
  }

  /** One target of the issue with what was measured. */
  record Target(String name, String goal, String measured, Verdict verdict) {}

  /**
   * Facts about the run that the results files do not hold.
   *
   * @param date when the run ended
   * @param commit the git commit measured (with {@code -dirty} for local changes)
   * @param command the exact command that produced the report
   * @param loadBefore the load average before the run
   * @param loadAfter the load average after the run
   * @param cpu the CPU model
   * @param cores logical cores
   * @param memory total memory
   * @param plan forks, iterations and times per group
   */
  public record Facts(
      String date,
      String commit,
      String command,
      String loadBefore,
      String loadAfter,
      String cpu,
      int cores,
      String memory,
      String plan) {}

  BenchmarksReport(List<JmhResult> results, ColdStartResult.Run coldStart) {
    this.results = List.copyOf(results);
    this.coldStart = coldStart;
  }

  /** Writes the report; see the class comment for the arguments. */
  public static void main(String[] args) throws IOException {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i], args[i + 1]);
    }
    Path dir = Path.of(options.getOrDefault("--results", "benchmarks/target/results"));
    Path out = Path.of(options.getOrDefault("--out", "BENCHMARKS.md"));
    Facts facts =
        new Facts(
            options.getOrDefault("--date", java.time.ZonedDateTime.now().toString()),
            options.getOrDefault("--commit", "unknown"),
            options.getOrDefault("--command", "unknown"),
            options.getOrDefault("--load-before", "unknown"),
            options.getOrDefault("--load-after", "unknown"),
            MachineFacts.cpuModel(),
            Runtime.getRuntime().availableProcessors(),
            MachineFacts.memory(),
            options.getOrDefault("--plan", "unknown"));
    List<JmhResult> results = JmhResult.readDirectory(dir);
    ColdStartResult.Run coldStart = ColdStartResult.Run.readOrNull(dir.resolve("coldstart.json"));
    String report = new BenchmarksReport(results, coldStart).render(facts);
    Files.writeString(out, report);
    System.out.println("wrote " + out + " from " + results.size() + " JMH results");
  }

  /** The whole report as Markdown. */
  String render(Facts facts) {
    targets.clear();
    String bulk = bulkSection();
    String parallel = parallelSection();
    String small = smallSection();
    String primitives = primitivesSection();
    String cold = coldStartSection();
    StringBuilder out = new StringBuilder();
    out.append("# envelope4j benchmarks\n\n");
    out.append("Written by `benchmarks/run` (the generator is `")
        .append(getClass().getName())
        .append("`); do not edit by hand. How to read it: ")
        .append("[benchmarks/README.md](benchmarks/README.md).\n\n");
    out.append(machineSection(facts));
    out.append(targetsSection());
    out.append(bulk).append(parallel).append(small).append(primitives).append(cold);
    out.append(rawSection());
    return out.toString();
  }

  List<Target> targets() {
    return targets;
  }

  // ---- machine --------------------------------------------------------------------------------

  private String machineSection(Facts facts) {
    Set<String> jvms = new LinkedHashSet<>();
    Map<String, Set<String>> flags = new TreeMap<>();
    for (JmhResult r : results) {
      jvms.add(r.jvm().version() + " (`" + r.jvm().path() + "`)");
      flags
          .computeIfAbsent(String.join(" ", r.jvm().flags()), k -> new LinkedHashSet<>())
          .add(className(r.benchmark()));
    }
    StringBuilder out = new StringBuilder("## Machine and JVM\n\n| | |\n|---|---|\n");
    row(out, "Date", facts.date());
    row(out, "Commit", "`" + facts.commit() + "`");
    row(out, "Command", "`" + facts.command() + "`");
    row(out, "CPU", facts.cpu());
    row(out, "Cores", Integer.toString(facts.cores()));
    row(out, "Memory", facts.memory());
    row(out, "JVM (JMH forks)", jvms.isEmpty() ? NOT_RUN : String.join("; ", jvms));
    for (Map.Entry<String, Set<String>> e : flags.entrySet()) {
      row(
          out,
          "JVM flags of " + String.join(", ", e.getValue()),
          e.getKey().isEmpty() ? "(defaults)" : "`" + e.getKey() + "`");
    }
    if (coldStart != null) {
      row(
          out,
          "JVM of the cold starts",
          "`"
              + coldStart.java()
              + "`, defaults plus `"
              + String.join(" ", coldStart.jvmFlags())
              + "`");
    }
    row(out, "Load average before", facts.loadBefore());
    row(out, "Load average after", facts.loadAfter());
    row(out, "Run plan", facts.plan());
    out.append('\n');
    return out.toString();
  }

  // ---- targets --------------------------------------------------------------------------------

  private String targetsSection() {
    StringBuilder out = new StringBuilder("## Targets\n\n");
    out.append("| Target | Goal | Measured | Result |\n|---|---|---|---|\n");
    for (Target t : targets) {
      out.append("| ")
          .append(t.name())
          .append(" | ")
          .append(t.goal())
          .append(" | ")
          .append(t.measured())
          .append(" | ")
          .append(t.verdict() == Verdict.MISS ? "**MISS**" : t.verdict().toString())
          .append(" |\n");
    }
    out.append(
        "\nA verdict compares the point estimate with the goal; the error beside it is the 99.9%"
            + " interval JMH reports, carried through the ratio.\n\n");
    return out.toString();
  }

  private void target(
      String name,
      String goal,
      Estimate value,
      boolean higherIsBetter,
      double limit,
      String measured) {
    Verdict verdict;
    if (!value.present()) {
      verdict = Verdict.NOT_RUN;
      measured = NOT_RUN;
    } else {
      boolean pass = higherIsBetter ? value.mean() >= limit : value.mean() <= limit;
      verdict = pass ? Verdict.PASS : Verdict.MISS;
    }
    targets.add(new Target(name, goal, measured, verdict));
  }

  // ---- bulk -----------------------------------------------------------------------------------

  private String bulkSection() {
    StringBuilder out = new StringBuilder("## Bulk: one 64 MiB message per operation\n\n");
    out.append(
        "MiB/s is wall-clock throughput; MiB/CPU-s is MiB per CPU-second of the benchmark thread."
            + " Best peer: the faster of ESDK 3.0.2 (same suite, frame and operation) and, for"
            + " 0x0478 streams, Tink's streaming AEAD at its fastest segment size (Tink has no"
            + " signed equivalent of 0x0578); compared on CPU time where both have it, else wall."
            + " Ceiling: raw JDK AES-GCM over the same frames (`JdkAesGcmBaseline`) for 0x0478; for"
            + " 0x0578 that plus one SHA-384 pass over the 64 MiB (`sha384_64MiB`), time per"
            + " operation added.\n\n");
    out.append(
        "| Suite | Operation | Frame | envelope4j MiB/s | envelope4j MiB/CPU-s | ESDK MiB/s"
            + " | Tink MiB/s | vs best peer | Ceiling MiB/CPU-s | vs ceiling (CPU) | vs ceiling"
            + " (wall) |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (String suite : SUITES) {
      for (String method : BULK_METHODS) {
        for (String frame : FRAMES) {
          bulkRow(out, suite, method, frame);
        }
      }
    }
    out.append('\n');
    return out.toString();
  }

  private void bulkRow(StringBuilder out, String suite, String method, String frame) {
    Map<String, String> params = Map.of("suite", suite, "frameLengthBytes", frame);
    Optional<JmhResult> ours = find(BULK, method, params, 1);
    Optional<JmhResult> esdk = find(ESDK_BULK, method, params, 1);
    Optional<JmhResult> tink =
        suite.equals("0x0478") && method.endsWith("Stream")
            ? best(TINK_STREAMING, method, Map.of(), 1)
            : Optional.empty();
    Estimate oursWall = ours.map(BenchmarksReport::mibPerSecond).orElse(Estimate.NONE);
    Estimate oursCpu = ours.map(JmhResult::cpuMibPerSecond).orElse(Estimate.NONE);

    String peerRatio = bestPeerRatio(ours, List.of(esdk, tink));

    String op = method.startsWith("encrypt") ? "encrypt" : "decrypt";
    Optional<JmhResult> base = find(BASELINE, op, Map.of("frameLengthBytes", frame), 1);
    Estimate ceilingCpu = base.map(JmhResult::cpuMibPerSecond).orElse(Estimate.NONE);
    Estimate ceilingWall = base.map(BenchmarksReport::mibPerSecond).orElse(Estimate.NONE);
    if (suite.equals("0x0578")) {
      Optional<JmhResult> sha = find(PRIMITIVES, "sha384_64MiB", Map.of(), 1);
      Estimate shaWall = sha.map(BenchmarksReport::mibPerSecond).orElse(Estimate.NONE);
      Estimate shaCpu =
          sha.map(JmhResult::cpuMibPerSecond).filter(Estimate::present).orElse(shaWall);
      ceilingCpu = sum(ceilingCpu, shaCpu);
      ceilingWall = sum(ceilingWall, shaWall);
    }
    Estimate cpuRatio = ratio(oursCpu, ceilingCpu);
    Estimate wallRatio = ratio(oursWall, ceilingWall);
    out.append(
        cells(
            suite,
            method,
            frame,
            mib(oursWall),
            mib(oursCpu),
            esdk.map(r -> mib(mibPerSecond(r))).orElse(NOT_RUN),
            tink.map(r -> mib(mibPerSecond(r)) + " (" + r.param("segmentBytes") + ")")
                .orElse(suite.equals("0x0578") || method.endsWith("OneShot") ? "-" : NOT_RUN),
            peerRatio,
            mib(ceilingCpu),
            percent(cpuRatio),
            percent(wallRatio)));

    String against = suite.equals("0x0478") ? "JDK AES-GCM" : "AES-GCM + SHA-384 ceiling";
    Estimate judged = cpuRatio.present() ? cpuRatio : wallRatio;
    target(
        "Bulk " + suite + " " + method + ", frame " + frame,
        "≥ 90% of " + against + " (CPU time)",
        judged,
        true,
        0.9,
        (cpuRatio.present() ? percent(cpuRatio) + " CPU" : "CPU not measured")
            + "; wall "
            + percent(wallRatio));
  }

  /** Time per operation of the two added: the throughput of doing both, one after the other. */
  static Estimate sum(Estimate a, Estimate b) {
    if (!a.present() || !b.present()) {
      return Estimate.NONE;
    }
    return a.reciprocal().plus(b.reciprocal()).reciprocal();
  }

  private String bestPeerRatio(Optional<JmhResult> ours, List<Optional<JmhResult>> peers) {
    if (ours.isEmpty()) {
      return NOT_RUN;
    }
    Estimate best = Estimate.NONE;
    boolean cpu = false;
    for (Optional<JmhResult> peer : peers) {
      if (peer.isEmpty()) {
        continue;
      }
      boolean bothCpu =
          ours.get().cpuMibPerSecond().present() && peer.get().cpuMibPerSecond().present();
      Estimate ratio =
          bothCpu
              ? ratio(ours.get().cpuMibPerSecond(), peer.get().cpuMibPerSecond())
              : ratio(mibPerSecond(ours.get()), mibPerSecond(peer.get()));
      // The best peer is the one we are slowest against.
      if (ratio.present() && (!best.present() || ratio.mean() < best.mean())) {
        best = ratio;
        cpu = bothCpu;
      }
    }
    return best.present() ? times(best) + (cpu ? " CPU" : " wall") : NOT_RUN;
  }

  // ---- parallel -------------------------------------------------------------------------------

  private String parallelSection() {
    StringBuilder out =
        new StringBuilder("## Parallel sealing: one 64 MiB message, 1 or 2 threads\n\n");
    out.append("Wall-clock MiB/s of one message sealed with `threads` worker threads.\n\n");
    out.append("| Suite | Operation | Frame | threads=1 MiB/s | threads=2 MiB/s | Speed-up |\n");
    out.append("|---|---|---|---|---|---|\n");
    List<String> methods = new ArrayList<>(List.of("encryptOneShot"));
    for (JmhResult r : results) {
      if (className(r.benchmark()).equals(className(PARALLEL)) && !methods.contains(r.method())) {
        methods.add(r.method());
      }
    }
    for (String method : methods) {
      for (String suite : SUITES) {
        for (String frame : FRAMES) {
          Estimate one = parallel(method, suite, frame, "1");
          Estimate two = parallel(method, suite, frame, "2");
          Estimate speedUp = ratio(two, one);
          out.append(cells(suite, method, frame, mib(one), mib(two), times(speedUp)));
          if (suite.equals("0x0478")) {
            target(
                "Parallel 0x0478 " + method + ", frame " + frame,
                "threads=2 ≥ 1.7× threads=1 (wall)",
                speedUp,
                true,
                1.7,
                times(speedUp));
          }
        }
      }
    }
    out.append('\n');
    return out.toString();
  }

  private Estimate parallel(String method, String suite, String frame, String threads) {
    return find(
            PARALLEL,
            method,
            Map.of("suite", suite, "frameLengthBytes", frame, "threads", threads),
            1)
        .map(BenchmarksReport::mibPerSecond)
        .orElse(Estimate.NONE);
  }

  // ---- small messages ---------------------------------------------------------------------------

  private String smallSection() {
    StringBuilder out = new StringBuilder("## Small messages: one message per operation\n\n");
    out.append(
        "Operations per second over all JMH threads (suite 0x0478). Cached: through each"
            + " library's caching materials manager with a warm entry. Best peer: the faster of"
            + " ESDK 3.0.2 doing the same operation and Tink's AEAD in the same direction (Tink"
            + " has no per-message data key, so it is compared with both). Floor:"
            + " `smallMessageFloor1KiB` or `smallMessageFloor100B` of the primitives, one"
            + " thread.\n\n");
    out.append(
        "| Bytes | Threads | Operation | envelope4j ops/s | ESDK ops/s | Tink ops/s"
            + " | vs best peer | Floor ops/s | vs floor |\n"
            + "|---|---|---|---|---|---|---|---|---|\n");
    for (String bytes : List.of("100", "1024")) {
      for (int threads : List.of(1, 2)) {
        for (String op : SMALL_OPS) {
          smallRow(out, bytes, threads, op);
        }
      }
    }
    out.append('\n');
    return out.toString();
  }

  private void smallRow(StringBuilder out, String bytes, int threads, String op) {
    Map<String, String> params = Map.of("messageBytes", bytes);
    Optional<JmhResult> ours = findSmall("envelope4j" + op, params, threads);
    Optional<JmhResult> esdk = findSmall("esdk" + op, params, threads);
    String direction = op.endsWith("Encrypt") ? "Encrypt" : "Decrypt";
    Optional<JmhResult> tink = findSmall("tink" + direction, params, threads);
    Estimate oursOps = ours.map(JmhResult::score).orElse(Estimate.NONE);
    Estimate best = Estimate.NONE;
    for (Optional<JmhResult> peer : List.of(esdk, tink)) {
      Estimate r = ratio(oursOps, peer.map(JmhResult::score).orElse(Estimate.NONE));
      if (r.present() && (!best.present() || r.mean() < best.mean())) {
        best = r;
      }
    }
    Estimate floor = Estimate.NONE;
    boolean floorApplies = threads == 1 && direction.equals("Encrypt");
    if (floorApplies) {
      String name = bytes.equals("1024") ? "smallMessageFloor1KiB" : "smallMessageFloor100B";
      floor = find(PRIMITIVES, name, Map.of(), 1).map(JmhResult::score).orElse(Estimate.NONE);
    }
    Estimate vsFloor = ratio(oursOps, floor);
    out.append(
        cells(
            bytes,
            Integer.toString(threads),
            op,
            ops(oursOps),
            esdk.map(r -> ops(r.score())).orElse(NOT_RUN),
            tink.map(r -> ops(r.score())).orElse(NOT_RUN),
            best.present() ? times(best) : NOT_RUN,
            floorApplies ? ops(floor) : "-",
            floorApplies ? percent(vsFloor) : "-"));

    if (bytes.equals("1024") && op.equals("CachedEncrypt")) {
      Estimate vsEsdk = ratio(oursOps, esdk.map(JmhResult::score).orElse(Estimate.NONE));
      target(
          "Small 1 KiB cached encrypt, " + threads + (threads == 1 ? " thread" : " threads"),
          "≥ 4× ESDK cached encrypt",
          vsEsdk,
          true,
          4,
          times(vsEsdk));
      if (threads == 1) {
        Estimate slowdown = ratio(floor, oursOps);
        target(
            "Small 1 KiB cached encrypt vs floor",
            "time per message ≤ 1.5× `smallMessageFloor1KiB`",
            slowdown,
            false,
            1.5,
            times(slowdown));
      }
    }
  }

  /** A small-message result; a {@code suite} parameter, if the class has one, must be 0x0478. */
  private Optional<JmhResult> findSmall(String method, Map<String, String> params, int threads) {
    return find(SMALL, method, params, threads)
        .filter(r -> r.param("suite") == null || r.param("suite").equals("0x0478"));
  }

  // ---- primitives -------------------------------------------------------------------------------

  private String primitivesSection() {
    StringBuilder out = new StringBuilder("## Primitives: the ceilings, one thread\n\n");
    out.append("| Primitive | ops/s | Time per operation | MiB/s |\n|---|---|---|---|\n");
    List<String> names =
        List.of(
            "sha384_64MiB",
            "hkdfSha512",
            "ecdsaP384Sign",
            "ecdsaP384Verify",
            "aesGcm1KiB",
            "aesGcm100B",
            "randomMessageId",
            "aesGcmWrap32",
            "smallMessageFloor1KiB",
            "smallMessageFloor100B");
    for (String name : names) {
      Optional<JmhResult> r = find(PRIMITIVES, name, Map.of(), 1);
      Estimate score = r.map(JmhResult::score).orElse(Estimate.NONE);
      String perOp =
          score.present() ? String.format(Locale.ROOT, "%.3f µs", 1e6 / score.mean()) : NOT_RUN;
      String mib = name.equals("sha384_64MiB") ? mib(score.times(BULK_MIB_PER_OP)) : "-";
      out.append(cells(name, ops(score), perOp, mib));
    }
    out.append('\n');
    return out.toString();
  }

  // ---- cold start -------------------------------------------------------------------------------

  private String coldStartSection() {
    StringBuilder out = new StringBuilder("## Cold start: one 1 KiB message in a new JVM\n\n");
    if (coldStart == null) {
      out.append("Cold start: not run.\n\n");
      target("Cold start envelope4j 0x0478", "median ≤ 0.16 s", Estimate.NONE, false, 0.16, "");
      target(
          "Cold start envelope4j 0x0478 vs Tink",
          "median below Tink's",
          Estimate.NONE,
          false,
          1,
          "");
      target("Core runtime class path", "< 1 MiB", Estimate.NONE, false, 1, "");
      return out.toString();
    }
    int runs = coldStart.results().stream().mapToInt(r -> r.seconds().size()).max().orElse(0);
    out.append(
        String.format(
            Locale.ROOT,
            "Each program starts a JVM (`%s`, its defaults plus `%s`), encrypts one 1 KiB"
                + " message with a raw AES-256 key, decrypts it, checks the plaintext and exits"
                + " 0. Whole-process wall time, %d runs each, interleaved, after one untimed"
                + " round. Class path: the library's runtime class path as Maven resolves it for"
                + " a user (the program's own jar left out). Tink and the JDK have no signed"
                + " equivalent of 0x0578.%n%n",
            coldStart.java(),
            String.join(" ", coldStart.jvmFlags()),
            runs));
    out.append(
        "| Library | Variant | Suite | Median s | Min s | Max s | Runs | Class path MiB"
            + " | Jars |\n|---|---|---|---|---|---|---|---|---|\n");
    for (ColdStartResult r : coldStart.results()) {
      out.append(
          cells(
              r.library(),
              r.variant(),
              r.suite(),
              seconds(r.medianSeconds()),
              seconds(r.minSeconds()),
              seconds(r.maxSeconds()),
              Integer.toString(r.seconds().size()),
              String.format(Locale.ROOT, "%.2f", r.classpathBytes() / (double) MIB),
              Integer.toString(r.classpathEntries())));
    }
    out.append('\n');

    Optional<ColdStartResult> ours = coldStart("envelope4j", "0x0478");
    Optional<ColdStartResult> tink = coldStart("Tink", "-");
    Estimate oursMedian = median(ours);
    target(
        "Cold start envelope4j 0x0478",
        "median ≤ 0.16 s",
        oursMedian,
        false,
        0.16,
        seconds(oursMedian.mean()) + " s");
    Estimate vsTink = ratio(oursMedian, median(tink));
    target(
        "Cold start envelope4j 0x0478 vs Tink",
        "median below Tink's",
        vsTink,
        false,
        0.999999,
        tink.map(t -> seconds(oursMedian.mean()) + " s vs " + seconds(t.medianSeconds()) + " s")
            .orElse(NOT_RUN));
    Estimate coreBytes = ours.map(r -> new Estimate(r.classpathBytes(), 0)).orElse(Estimate.NONE);
    target(
        "Core runtime class path",
        "< 1 MiB",
        coreBytes,
        false,
        MIB - 1,
        String.format(
            Locale.ROOT, "%.3f MiB (%,d bytes)", coreBytes.mean() / MIB, (long) coreBytes.mean()));
    return out.toString();
  }

  private Optional<ColdStartResult> coldStart(String library, String suite) {
    return coldStart.results().stream()
        .filter(r -> r.library().startsWith(library) && r.suite().equals(suite))
        .filter(r -> !r.seconds().isEmpty())
        .findFirst();
  }

  private static Estimate median(Optional<ColdStartResult> r) {
    return r.map(c -> new Estimate(c.medianSeconds(), Double.NaN)).orElse(Estimate.NONE);
  }

  // ---- raw --------------------------------------------------------------------------------------

  private String rawSection() {
    StringBuilder out = new StringBuilder("## Every score\n\n");
    out.append(
        "| Benchmark | Parameters | Threads | Score | Unit | MiB/CPU-s |\n"
            + "|---|---|---|---|---|---|\n");
    List<JmhResult> sorted = new ArrayList<>(results);
    sorted.sort(
        Comparator.comparing(JmhResult::benchmark)
            .thenComparing(r -> r.params().toString())
            .thenComparingInt(JmhResult::threads));
    for (JmhResult r : sorted) {
      String params = new TreeMap<>(r.params()).toString().replaceAll("[{}]", "");
      out.append(
          cells(
              r.shortName(),
              params.isEmpty() ? "-" : params,
              Integer.toString(r.threads()),
              r.scored() ? r.score().format(r.score().mean() < 100 ? 3 : 0) : "no score",
              r.unit(),
              r.cpuMibPerSecond().present() ? mib(r.cpuMibPerSecond()) : "-"));
    }
    if (sorted.isEmpty()) {
      out.append("| " + NOT_RUN + " | | | | | |\n");
    }
    out.append('\n');
    return out.toString();
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /** The one result of {@code className.method} with these parameters on {@code threads}. */
  Optional<JmhResult> find(
      String className, String method, Map<String, String> params, int threads) {
    return results.stream()
        .filter(r -> r.benchmark().equals(className + "." + method))
        .filter(r -> r.threads() == threads)
        .filter(
            r -> params.entrySet().stream().allMatch(e -> e.getValue().equals(r.param(e.getKey()))))
        .filter(JmhResult::scored)
        .findFirst();
  }

  /** The highest-scoring result of {@code className.method} over its other parameters. */
  private Optional<JmhResult> best(
      String className, String method, Map<String, String> params, int threads) {
    return results.stream()
        .filter(r -> r.benchmark().equals(className + "." + method) && r.threads() == threads)
        .filter(
            r -> params.entrySet().stream().allMatch(e -> e.getValue().equals(r.param(e.getKey()))))
        .filter(JmhResult::scored)
        .max(Comparator.comparingDouble(r -> r.score().mean()));
  }

  /** Wall-clock MiB/s of a 64 MiB-per-operation benchmark scored in operations per second. */
  static Estimate mibPerSecond(JmhResult r) {
    return r.score().times(BULK_MIB_PER_OP * perSecond(r.unit()));
  }

  private static double perSecond(String unit) {
    switch (unit) {
      case "ops/ms":
        return 1e3;
      case "ops/us":
        return 1e6;
      case "ops/ns":
        return 1e9;
      case "ops/min":
        return 1 / 60.0;
      default:
        return 1;
    }
  }

  static Estimate ratio(Estimate a, Estimate b) {
    return a.present() && b.present() ? a.over(b) : Estimate.NONE;
  }

  static String mib(Estimate e) {
    return e.present() ? e.format(0) : NOT_RUN;
  }

  static String ops(Estimate e) {
    return e.present() ? e.format(e.mean() < 100 ? 2 : 0) : NOT_RUN;
  }

  static String percent(Estimate e) {
    return e.present() ? e.percent() : NOT_RUN;
  }

  static String times(Estimate e) {
    if (!e.present()) {
      return NOT_RUN;
    }
    if (Double.isNaN(e.error())) {
      return String.format(Locale.ROOT, "%.2f× ± ?", e.mean());
    }
    return String.format(Locale.ROOT, "%.2f× ± %.2f", e.mean(), e.error());
  }

  static String seconds(double s) {
    return Double.isFinite(s) ? String.format(Locale.ROOT, "%.3f", s) : NOT_RUN;
  }

  private static String className(String benchmark) {
    String type =
        benchmark.contains(".")
                && Character.isLowerCase(benchmark.charAt(benchmark.lastIndexOf('.') + 1))
            ? benchmark.substring(0, benchmark.lastIndexOf('.'))
            : benchmark;
    return type.substring(type.lastIndexOf('.') + 1);
  }

  private static String cells(String... cells) {
    return "| " + String.join(" | ", cells) + " |\n";
  }

  private static void row(StringBuilder out, String name, String value) {
    out.append(cells(name, value));
  }
}
