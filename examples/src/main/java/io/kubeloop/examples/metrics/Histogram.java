package io.kubeloop.examples.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Prometheus histogram family: observations counted into cumulative buckets ({@code le}), plus their sum and
 * count, such as {@code workqueue_work_duration_seconds}.
 */
public final class Histogram extends Metric<Histogram.Child> {
  /** client-go's workqueue buckets: {@code ExponentialBuckets(10e-9, 10, 12)}, 10 ns to 1000 s. */
  public static final double[] WORKQUEUE_BUCKETS = exponential(10e-9, 10, 12);
  /** Prometheus' default buckets, 5 ms to 10 s. */
  public static final double[] DEFAULT_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  private final double[] bounds;

  /** One labelled histogram. */
  public final class Child {
    private final LongAdder[] counts = new LongAdder[bounds.length];
    private final LongAdder count = new LongAdder();
    private final DoubleAdder sum = new DoubleAdder();

    Child() {
      for (int i = 0; i < counts.length; i++) {
        counts[i] = new LongAdder();
      }
    }

    public void observe(double value) {
      for (int i = 0; i < bounds.length; i++) {
        if (value <= bounds[i]) {
          counts[i].increment();
          break;
        }
      }
      count.increment();
      sum.add(value);
    }

    public long count() {
      return count.sum();
    }

    public double sum() {
      return sum.sum();
    }
  }

  Histogram(String name, String help, double[] bounds, String... labelNames) {
    super(name, help, labelNames);
    double[] sorted = bounds.clone();
    Arrays.sort(sorted);
    if (sorted.length == 0 || !Arrays.equals(sorted, bounds)) {
      throw new IllegalArgumentException("expected increasing histogram buckets for " + name + " but was " + Arrays.toString(bounds));
    }
    this.bounds = sorted;
  }

  @Override
  public Child labels(String... values) {
    return super.labels(values);
  }

  /** Buckets {@code start, start*factor, ...}, {@code count} of them (client_golang's {@code ExponentialBuckets}). */
  public static double[] exponential(double start, double factor, int count) {
    double[] b = new double[count];
    for (int i = 0; i < count; i++) {
      b[i] = start * Math.pow(factor, i);
    }
    return b;
  }

  @Override
  Child newChild() {
    return new Child();
  }

  @Override
  String type() {
    return "histogram";
  }

  @Override
  void writeChild(StringBuilder out, List<String> labelValues, Child child) {
    long cumulative = 0;
    for (int i = 0; i < bounds.length; i++) {
      cumulative += child.counts[i].sum();
      out.append(name).append("_bucket").append(labelText(labelValues, "le", number(bounds[i])))
          .append(' ').append(cumulative).append('\n');
    }
    long total = child.count();
    out.append(name).append("_bucket").append(labelText(labelValues, "le", "+Inf")).append(' ').append(total).append('\n');
    out.append(name).append("_sum").append(labelText(labelValues, null, null)).append(' ').append(number(child.sum())).append('\n');
    out.append(name).append("_count").append(labelText(labelValues, null, null)).append(' ').append(total).append('\n');
  }
}
