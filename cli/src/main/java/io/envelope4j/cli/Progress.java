package io.envelope4j.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on stderr: bytes done, total, rate and time left.
 *
 * <p>Design note: the bar counts bytes read from the input, redraws at most five times a second
 * (the clock is injected so tests need not sleep) and erases itself when done, so a log that
 * captures stderr keeps only the final summary. It is drawn only when the launcher reports that
 * stderr is a terminal or the user forces it.
 */
final class Progress {
  private static final long REDRAW_NANOS = 200_000_000L;

  private final PrintStream err;
  private final String label;
  private final long totalBytes;
  private final LongSupplier nanoClock;
  private final long startNanos;
  private long doneBytes;
  private long lastDrawNanos;
  private boolean drawn;

  Progress(PrintStream err, String label, long totalBytes, LongSupplier nanoClock) {
    this.err = err;
    this.label = label;
    this.totalBytes = totalBytes;
    this.nanoClock = nanoClock;
    this.startNanos = nanoClock.getAsLong();
    this.lastDrawNanos = startNanos - REDRAW_NANOS;
  }

  /** Wraps {@code in} so that every byte read advances this bar. */
  InputStream counting(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          advance(1);
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
          advance(n);
        }
        return n;
      }
    };
  }

  void advance(long bytes) {
    doneBytes += bytes;
    long now = nanoClock.getAsLong();
    if (now - lastDrawNanos >= REDRAW_NANOS) {
      lastDrawNanos = now;
      draw(now);
    }
  }

  /** Erases the bar. */
  void finish() {
    if (drawn) {
      err.print("\r\033[K");
      err.flush();
    }
  }

  String line(long now) {
    double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
    double rate = doneBytes / seconds;
    StringBuilder sb = new StringBuilder(label).append(' ');
    if (totalBytes > 0) {
      int percent = (int) Math.min(100, doneBytes * 100 / totalBytes);
      int filled = percent / 5;
      sb.append('[')
          .append("#".repeat(filled))
          .append(" ".repeat(20 - filled))
          .append("] ")
          .append(String.format(Locale.ROOT, "%3d%% ", percent));
      sb.append(size(doneBytes)).append(" / ").append(size(totalBytes));
    } else {
      sb.append(size(doneBytes));
    }
    sb.append("  ").append(size((long) rate)).append("/s");
    if (totalBytes > 0 && rate > 0) {
      long left = (long) Math.max(0, (totalBytes - doneBytes) / rate);
      sb.append(String.format(Locale.ROOT, "  %d:%02d left", left / 60, left % 60));
    }
    return sb.toString();
  }

  private void draw(long now) {
    err.print("\r\033[K" + line(now));
    err.flush();
    drawn = true;
  }

  static String size(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
