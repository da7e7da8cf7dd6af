package io.envelope4j.internal;

import io.envelope4j.EnvelopeException;
import io.envelope4j.internal.format.FrameCipher;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Runs the frames of one message, cut into chunks, on the calling thread and on helper tasks of a
 * caller-given {@link Executor}, and hands the finished chunks, in order, to one consumer on the
 * calling thread.
 *
 * <p>Design note: every thread takes the next unclaimed chunk under one lock and works it with its
 * own {@link FrameCipher}; chunks are about {@value #CHUNK_BYTES} bytes, so the lock is taken a few
 * hundred times per 64 MiB. The calling thread works too: it consumes the next chunk in order as
 * soon as it is done (a signature digest, which is slower than sealing, so it runs pipelined behind
 * the helpers), and works a chunk itself whenever the consumer would otherwise wait. Hence an
 * executor that never runs our tasks (saturated, or the caller's own single pool thread) costs
 * speed, never progress. Before returning, normally or not, the caller closes the job: no further
 * chunk is claimed, helpers that are working finish their current chunk and are waited for
 * (uninterruptibly, at most one chunk of work), and helpers that have not started yet do nothing
 * when they finally run and hold no reference to the message. A helper's failure cancels the job
 * and is rethrown on the calling thread; an interrupt of the caller (found on entry or while it
 * waits) cancels it too, keeps the interrupt status and throws an {@link EnvelopeException}.
 */
final class ParallelFrames {
  /** The work in one chunk. */
  interface ChunkWork {
    void run(FrameCipher cipher, int chunk);
  }

  /** Consumes finished chunks in order, on the calling thread. */
  interface ChunkConsumer {
    void accept(int chunk);
  }

  /** Plaintext bytes per chunk of frames (at least one frame). */
  static final int CHUNK_BYTES = 256 * 1024;

  /** A message with fewer chunks than this stays on one thread. */
  static final int MIN_CHUNKS = 4;

  private final Object lock = new Object();
  private final int chunks;
  private final boolean[] done;
  private ChunkWork work;
  private Supplier<FrameCipher> ciphers;
  private int nextChunk;
  private int doneCount;
  private int active;
  private boolean closed;
  private Throwable failure;

  private ParallelFrames(int chunks, ChunkWork work, Supplier<FrameCipher> ciphers) {
    this.chunks = chunks;
    this.done = new boolean[chunks];
    this.work = work;
    this.ciphers = ciphers;
  }

  /** Frames per chunk at {@code frameLength}. */
  static int framesPerChunk(int frameLength) {
    return Math.max(1, CHUNK_BYTES / frameLength);
  }

  /** Whether {@code frames} frames of {@code frameLength} are worth more than one thread. */
  static boolean worthIt(Parallelism parallelism, long frames, int frameLength) {
    return parallelism != null
        && parallelism.maxThreads() > 1
        && frames >= (long) MIN_CHUNKS * framesPerChunk(frameLength);
  }

  /**
   * Works all {@code chunks} with up to {@code parallelism.maxThreads()} threads, the caller's
   * included, and returns when every chunk is done and consumed.
   *
   * @param besideOrNull work for the calling thread before it joins the chunks, run while the
   *     helpers already work
   * @param consumerOrNull in-order consumer of finished chunks, run on the calling thread
   * @throws java.util.concurrent.RejectedExecutionException if the executor refuses a helper
   * @throws EnvelopeException if the caller is interrupted on entry or while waiting
   */
  static void run(
      Parallelism parallelism,
      int chunks,
      Supplier<FrameCipher> ciphers,
      ChunkWork work,
      Runnable besideOrNull,
      ChunkConsumer consumerOrNull) {
    if (Thread.currentThread().isInterrupted()) {
      throw new EnvelopeException("interrupted before working frames on several threads");
    }
    ParallelFrames job = new ParallelFrames(chunks, work, ciphers);
    try {
      int helpers = Math.min(parallelism.maxThreads() - 1, chunks - 1);
      for (int i = 0; i < helpers; i++) {
        parallelism.executor().execute(job::help);
      }
      if (besideOrNull != null) {
        besideOrNull.run();
      }
      job.lead(consumerOrNull);
    } finally {
      job.close();
    }
  }

  private static final int CONSUME = 0;
  private static final int WORK = 1;
  private static final int FINISHED = 2;

  /** The calling thread's loop: consume in order, else work a chunk, else wait. */
  private void lead(ChunkConsumer consumerOrNull) {
    FrameCipher cipher = null;
    int consumed = consumerOrNull == null ? chunks : 0;
    while (true) {
      int action;
      int chunk = -1;
      synchronized (lock) {
        while (true) {
          rethrowFailure();
          if (consumed < chunks && done[consumed]) {
            action = CONSUME;
            break;
          }
          if (nextChunk < chunks) {
            chunk = nextChunk++;
            action = WORK;
            break;
          }
          if (consumed == chunks && doneCount == chunks) {
            action = FINISHED;
            break;
          }
          awaitChange();
        }
      }
      if (action == FINISHED) {
        return;
      }
      if (action == CONSUME) {
        consumerOrNull.accept(consumed++);
        continue;
      }
      if (cipher == null) {
        cipher = ciphers.get();
      }
      work.run(cipher, chunk);
      markDone(chunk);
    }
  }

  /** A helper task's loop: work chunks until none is left or the job is closed. */
  private void help() {
    ChunkWork myWork;
    Supplier<FrameCipher> myCiphers;
    synchronized (lock) {
      if (closed) {
        return;
      }
      active++;
      myWork = work;
      myCiphers = ciphers;
    }
    try {
      FrameCipher cipher = null;
      while (true) {
        int chunk;
        synchronized (lock) {
          if (closed || failure != null || nextChunk >= chunks) {
            return;
          }
          chunk = nextChunk++;
        }
        if (cipher == null) {
          cipher = myCiphers.get();
        }
        myWork.run(cipher, chunk);
        markDone(chunk);
      }
    } catch (Throwable t) {
      synchronized (lock) {
        if (failure == null) {
          failure = t;
        }
        lock.notifyAll();
      }
    } finally {
      synchronized (lock) {
        active--;
        lock.notifyAll();
      }
    }
  }

  private void markDone(int chunk) {
    synchronized (lock) {
      done[chunk] = true;
      doneCount++;
      lock.notifyAll();
    }
  }

  /** Called with the lock held. */
  private void awaitChange() {
    try {
      lock.wait();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EnvelopeException("interrupted while working frames on several threads", e);
    }
  }

  /** Called with the lock held. */
  private void rethrowFailure() {
    if (failure instanceof RuntimeException r) {
      throw r;
    }
    if (failure instanceof Error e) {
      throw e;
    }
    if (failure != null) {
      throw new EnvelopeException("a frame task failed", failure);
    }
  }

  /** Stops claiming, waits for helpers inside a chunk, and drops every reference to the message. */
  private void close() {
    boolean interrupted = false;
    synchronized (lock) {
      closed = true;
      while (active > 0) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      work = null;
      ciphers = null;
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
