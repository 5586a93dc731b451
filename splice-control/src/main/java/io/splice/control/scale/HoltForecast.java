package io.splice.control.scale;

/**
 * Holt's linear trend (double exponential smoothing): a smoothed level and a smoothed trend, so
 * that a rising load is seen a few samples before it arrives. Pure and tiny.
 *
 * <pre>
 * level = alpha * x + (1 - alpha) * (level + trend)
 * trend = beta * (level - previousLevel) + (1 - beta) * trend
 * forecast(h) = level + h * trend
 * </pre>
 */
public final class HoltForecast {
  private final double alpha;
  private final double beta;
  private double level;
  private double trend;
  private boolean started;

  public HoltForecast(double alpha, double beta) {
    if (alpha <= 0 || alpha > 1 || beta <= 0 || beta > 1) {
      throw new IllegalArgumentException("alpha, beta: " + alpha + ", " + beta + " (expected: in (0, 1])");
    }
    this.alpha = alpha;
    this.beta = beta;
  }

  public void add(double value) {
    if (!started) {
      level = value;
      trend = 0;
      started = true;
      return;
    }
    double previous = level;
    level = alpha * value + (1 - alpha) * (level + trend);
    trend = beta * (level - previous) + (1 - beta) * trend;
  }

  /** The value expected {@code steps} samples ahead; never below zero. */
  public double forecast(double steps) {
    return Math.max(0, level + steps * trend);
  }

  public double level() {
    return level;
  }

  public double trend() {
    return trend;
  }
}
