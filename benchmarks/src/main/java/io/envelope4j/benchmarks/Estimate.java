package io.envelope4j.benchmarks;

import java.util.Locale;
import org.openjdk.jmh.util.ListStatistics;

/**
 * A measured mean with its error (the half-width of a 99.9% confidence interval, {@code NaN} when
 * too few samples give none), and the arithmetic every report of this module shares: estimates from
 * samples, per-operation times, sums and ratios with errors combined in quadrature.
 *
 * @param mean the mean, in whatever unit the caller chose
 * @param error the half-width of the 99.9% interval around {@code mean}, or {@code NaN}
 */
public record Estimate(double mean, double error) {
  /** An estimate with no value, for a result that is missing. */
  public static final Estimate NONE = new Estimate(Double.NaN, Double.NaN);

  /** The mean of {@code samples} and its 99.9% interval ({@code NaN} error for one sample). */
  public static Estimate ofSamples(double... samples) {
    if (samples.length == 0) {
      return NONE;
    }
    ListStatistics statistics = new ListStatistics();
    for (double sample : samples) {
      statistics.addValue(sample);
    }
    double error = statistics.getN() > 1 ? statistics.getMeanErrorAt(0.999) : Double.NaN;
    return new Estimate(statistics.getMean(), error);
  }

  /** Whether this estimate carries a finite, positive mean. */
  public boolean present() {
    return mean > 0 && Double.isFinite(mean);
  }

  /** This estimate multiplied by a constant, for unit conversions. */
  public Estimate times(double factor) {
    return new Estimate(mean * factor, error * factor);
  }

  /** This estimate as a share of {@code base}, relative errors combined in quadrature. */
  public Estimate over(Estimate base) {
    double ratio = mean / base.mean;
    return new Estimate(ratio, ratio * Math.hypot(relative(), base.relative()));
  }

  /** The reciprocal (a rate as a time per operation, or back), with the same relative error. */
  public Estimate reciprocal() {
    double value = 1 / mean;
    return new Estimate(value, value * relative());
  }

  /** The sum of two estimates, absolute errors combined in quadrature. */
  public Estimate plus(Estimate other) {
    return new Estimate(mean + other.mean, Math.hypot(error, other.error));
  }

  /** The ratio to {@code base} as a percentage, such as {@code 93.1% ± 2.0}. */
  public String ratioTo(Estimate base) {
    return over(base).percent();
  }

  /** This estimate, a ratio, as a percentage. */
  public String percent() {
    if (Double.isNaN(error)) {
      return String.format(Locale.ROOT, "%.1f%% ± ?", 100 * mean);
    }
    return String.format(Locale.ROOT, "%.1f%% ± %.1f", 100 * mean, 100 * error);
  }

  /** This estimate with {@code decimals} digits after the point, such as {@code 1.52 ± 0.04}. */
  public String format(int decimals) {
    String number = "%." + decimals + "f";
    if (Double.isNaN(error)) {
      return String.format(Locale.ROOT, number + " ± ?", mean);
    }
    return String.format(Locale.ROOT, number + " ± " + number, mean, error);
  }

  private double relative() {
    return error / mean;
  }

  @Override
  public String toString() {
    return format(0);
  }
}
