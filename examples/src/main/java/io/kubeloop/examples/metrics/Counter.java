package io.kubeloop.examples.metrics;

import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;

/** A Prometheus counter family: values that only go up, such as {@code workqueue_adds_total}. */
public final class Counter extends Metric<Counter.Child> {
  /** One labelled counter. */
  public static final class Child {
    private final DoubleAdder value = new DoubleAdder();

    public void inc() {
      value.add(1);
    }

    /** @throws IllegalArgumentException for a negative amount: counters never go down */
    public void add(double amount) {
      if (amount < 0) {
        throw new IllegalArgumentException("expected a counter increment >= 0 but was " + amount);
      }
      value.add(amount);
    }

    public double get() {
      return value.sum();
    }
  }

  Counter(String name, String help, String... labelNames) {
    super(name, help, labelNames);
  }

  @Override
  Child newChild() {
    return new Child();
  }

  @Override
  String type() {
    return "counter";
  }

  @Override
  void writeChild(StringBuilder out, List<String> labelValues, Child child) {
    out.append(name).append(labelText(labelValues, null, null)).append(' ').append(number(child.get())).append('\n');
  }
}
