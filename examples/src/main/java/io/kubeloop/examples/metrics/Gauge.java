package io.kubeloop.examples.metrics;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/**
 * A Prometheus gauge family: values that go up and down, such as {@code workqueue_depth} or
 * {@code leader_election_master_status}. A child either holds a value or reads one from a supplier at scrape
 * time ({@link Child#setFunction}).
 */
public final class Gauge extends Metric<Gauge.Child> {
  /** One labelled gauge. */
  public static final class Child {
    private final AtomicLong bits = new AtomicLong(Double.doubleToLongBits(0));
    private volatile DoubleSupplier function;

    public void set(double value) {
      bits.set(Double.doubleToLongBits(value));
    }

    public void add(double delta) {
      bits.getAndUpdate(b -> Double.doubleToLongBits(Double.longBitsToDouble(b) + delta));
    }

    /** Reads the value from {@code supplier} at every scrape; it must be fast and must not block. */
    public void setFunction(DoubleSupplier supplier) {
      this.function = supplier;
    }

    public double get() {
      DoubleSupplier f = function;
      return f != null ? f.getAsDouble() : Double.longBitsToDouble(bits.get());
    }
  }

  Gauge(String name, String help, String... labelNames) {
    super(name, help, labelNames);
  }

  @Override
  Child newChild() {
    return new Child();
  }

  @Override
  String type() {
    return "gauge";
  }

  @Override
  void writeChild(StringBuilder out, List<String> labelValues, Child child) {
    out.append(name).append(labelText(labelValues, null, null)).append(' ').append(number(child.get())).append('\n');
  }
}
