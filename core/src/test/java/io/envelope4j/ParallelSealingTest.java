package io.envelope4j;

import static io.envelope4j.Fixtures.SIGNED;
import static io.envelope4j.Fixtures.UNSIGNED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Opt-in parallel sealing: the same bytes as one thread across suites, frame lengths, sizes around
 * the threshold and thread counts; executors that run tasks inline, late, never, or refuse them;
 * interrupts, tampering, and no task working after a call returns.
 */
class ParallelSealingTest {
  private static ExecutorService pool;

  @BeforeAll
  static void startPool() {
    pool = Executors.newFixedThreadPool(3);
  }

  @AfterAll
  static void stopPool() {
    pool.shutdownNow();
  }

  /** Smallest plaintext whose regular frames reach the parallel threshold (4 chunks of 256 KiB). */
  private static int threshold(int frame) {
    int perChunk = Math.max(1, (256 * 1024) / frame);
    return 4 * perChunk * frame + 1;
  }

  static Stream<Arguments> grid() {
    List<Arguments> cases = new ArrayList<>();
    for (AlgorithmSuite suite : new AlgorithmSuite[] {UNSIGNED, SIGNED}) {
      for (int frame : new int[] {100, 4096, 65536, 1 << 20}) {
        int t = threshold(frame);
        for (int size : new int[] {0, 3 * frame, t - 1, t, t + 5 * frame + 17}) {
          cases.add(Arguments.of(suite, frame, size, 2));
        }
        cases.add(Arguments.of(suite, frame, t + 9 * frame, 3));
      }
    }
    return cases.stream();
  }

  private static EncryptRequest request(AlgorithmSuite suite, int frame, byte[] plaintext) {
    return EncryptRequest.builder()
        .keyring(Fixtures.keyring())
        .suite(suite)
        .frameLengthBytes(frame)
        .plaintext(plaintext)
        .build();
  }

  private static Envelope parallel(java.util.concurrent.Executor executor, int threads) {
    return Envelope.builder()
        .secureRandom(new Fixtures.SeededRandom(11))
        .parallelSealing(executor, threads)
        .build();
  }

  private static byte[] sequential(AlgorithmSuite suite, int frame, byte[] plaintext) {
    return Fixtures.envelope(11).encrypt(request(suite, frame, plaintext)).ciphertext();
  }

  private static DecryptRequest decrypt(byte[] ciphertext) {
    return DecryptRequest.builder().keyring(Fixtures.keyring()).ciphertext(ciphertext).build();
  }

  @ParameterizedTest(name = "{0} frame {1} size {2} threads {3}")
  @MethodSource("grid")
  void parallelSealing_anySize_sameBytesAsOneThreadAndRoundTrips(
      AlgorithmSuite suite, int frame, int size, int threads) {
    byte[] plaintext = Fixtures.plaintext(size);
    byte[] expected = sequential(suite, frame, plaintext);

    Envelope envelope = parallel(pool, threads);
    byte[] actual = envelope.encrypt(request(suite, frame, plaintext)).ciphertext();

    assertArrayEquals(expected, actual);
    assertArrayEquals(plaintext, envelope.decrypt(decrypt(actual)).plaintext());
  }

  @ParameterizedTest
  @MethodSource("suites")
  void parallelSealing_inlineLateAndIdleExecutors_sameBytes(AlgorithmSuite suite) {
    int frame = 4096;
    byte[] plaintext = Fixtures.plaintext(threshold(frame) + 3 * frame);
    byte[] expected = sequential(suite, frame, plaintext);

    assertArrayEquals(
        expected,
        parallel(Runnable::run, 4).encrypt(request(suite, frame, plaintext)).ciphertext());

    List<Runnable> parked = new ArrayList<>();
    Envelope idle = parallel(parked::add, 2);
    byte[] actual = idle.encrypt(request(suite, frame, plaintext)).ciphertext();
    assertArrayEquals(expected, actual);
    byte[] opened = idle.decrypt(decrypt(actual)).plaintext();
    assertEquals(2, parked.size(), "one helper per call was offered");

    // Tasks that start after their call returned do nothing.
    byte[] before = actual.clone();
    parked.forEach(Runnable::run);
    assertArrayEquals(before, actual);
    assertArrayEquals(plaintext, opened);
  }

  static List<AlgorithmSuite> suites() {
    return List.of(UNSIGNED, SIGNED);
  }

  @Test
  void parallelSealing_shutDownExecutor_rejectsLargeButSealsSmall() {
    ExecutorService dead = Executors.newSingleThreadExecutor();
    dead.shutdown();
    Envelope envelope = parallel(dead, 2);
    int frame = 4096;
    byte[] large = Fixtures.plaintext(threshold(frame));

    assertThrows(
        RejectedExecutionException.class, () -> envelope.encrypt(request(UNSIGNED, frame, large)));
    byte[] message = Fixtures.envelope(1).encrypt(request(UNSIGNED, frame, large)).ciphertext();
    assertThrows(RejectedExecutionException.class, () -> envelope.decrypt(decrypt(message)));

    byte[] small = Fixtures.plaintext(3 * frame);
    byte[] sealed = envelope.encrypt(request(UNSIGNED, frame, small)).ciphertext();
    assertArrayEquals(small, envelope.decrypt(decrypt(sealed)).plaintext());
  }

  @Test
  void parallelSealing_interruptedCaller_failsAndKeepsInterruptStatus() {
    Envelope envelope = parallel(pool, 2);
    int frame = 4096;
    byte[] large = Fixtures.plaintext(threshold(frame));
    byte[] message = Fixtures.envelope(1).encrypt(request(SIGNED, frame, large)).ciphertext();

    Thread.currentThread().interrupt();
    try {
      assertThrows(EnvelopeException.class, () -> envelope.encrypt(request(SIGNED, frame, large)));
      assertTrue(Thread.currentThread().isInterrupted(), "interrupt status kept after encrypt");
      assertThrows(EnvelopeException.class, () -> envelope.decrypt(decrypt(message)));
      assertTrue(Thread.currentThread().isInterrupted(), "interrupt status kept after decrypt");
    } finally {
      Thread.interrupted();
    }
  }

  @ParameterizedTest
  @MethodSource("suites")
  void parallelOpening_tamperedFrame_badCiphertextAndNoTaskLeftWorking(AlgorithmSuite suite) {
    AtomicInteger working = new AtomicInteger();
    AtomicInteger ran = new AtomicInteger();
    java.util.concurrent.Executor counting =
        task ->
            pool.execute(
                () -> {
                  working.incrementAndGet();
                  ran.incrementAndGet();
                  try {
                    task.run();
                  } finally {
                    working.decrementAndGet();
                  }
                });
    Envelope envelope = parallel(counting, 3);
    int frame = 4096;
    byte[] plaintext = Fixtures.plaintext(threshold(frame) * 4);
    byte[] message = envelope.encrypt(request(suite, frame, plaintext)).ciphertext();
    // A helper that starts after the call returned may still be inside the executor for a moment,
    // but it must not touch the message: once the pool is idle the bytes are unchanged.
    byte[] snapshot = message.clone();
    awaitIdle(working);
    assertArrayEquals(snapshot, message, "no helper wrote after encrypt returned");

    for (int at : new int[] {message.length / 3, message.length / 2, message.length - 600}) {
      byte[] tampered = message.clone();
      tampered[at] ^= 1;
      assertThrows(BadCiphertextException.class, () -> envelope.decrypt(decrypt(tampered)));
    }
    byte[] opened = envelope.decrypt(decrypt(message)).plaintext();
    byte[] snapshot2 = opened.clone();
    awaitIdle(working);
    assertArrayEquals(snapshot2, opened, "no helper wrote after decrypt returned");
    assertArrayEquals(plaintext, opened);
    assertTrue(ran.get() > 0, "the executor was used");
  }

  private static void awaitIdle(AtomicInteger working) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (working.get() > 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals(0, working.get(), "helpers finished");
  }

  @Test
  void parallelSealing_builder_checksArgumentsAndReportsThreads() {
    assertThrows(IllegalArgumentException.class, () -> Envelope.builder().parallelSealing(pool, 0));
    assertThrows(
        IllegalArgumentException.class, () -> Envelope.builder().parallelSealing(pool, 257));
    assertThrows(NullPointerException.class, () -> Envelope.builder().parallelSealing(null, 2));
    assertEquals(1, Envelope.defaults().maxSealingThreads());
    assertEquals(1, Envelope.builder().parallelSealing(pool, 1).build().maxSealingThreads());
    Envelope two = Envelope.builder().parallelSealing(pool, 2).build();
    assertEquals(2, two.maxSealingThreads());
    assertTrue(two.toString().contains("maxThreads=2"), two.toString());
  }
}
