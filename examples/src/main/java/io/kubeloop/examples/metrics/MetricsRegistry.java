package io.kubeloop.examples.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The metrics of one program, exposed in the Prometheus text format (version 0.0.4) at {@code /metrics}. A
 * counterpart of client_golang's {@code prometheus.Registry}, small enough to read in one sitting: no
 * dependency, no global default registry, families sorted by name.
 *
 * <pre>{@code
 * MetricsRegistry metrics = new MetricsRegistry();
 * Counter reconciles = metrics.counter("vm_reconcile_total", "Reconciles by result.", "result");
 * reconciles.labels("success").inc();
 * String text = metrics.scrape();
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class MetricsRegistry {
  /** The content type of {@link #scrape()}. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Map<String, Metric<?>> families = new ConcurrentSkipListMap<>();

  public Counter counter(String name, String help, String... labelNames) {
    return register(new Counter(name, help, labelNames));
  }

  public Gauge gauge(String name, String help, String... labelNames) {
    return register(new Gauge(name, help, labelNames));
  }

  public Histogram histogram(String name, String help, double[] buckets, String... labelNames) {
    return register(new Histogram(name, help, buckets, labelNames));
  }

  private <M extends Metric<?>> M register(M metric) {
    if (families.putIfAbsent(metric.name, metric) != null) {
      throw new IllegalStateException("metric " + metric.name + " is already registered");
    }
    return metric;
  }

  /** Every family in the text format. */
  public String scrape() {
    StringBuilder out = new StringBuilder();
    for (Metric<?> m : families.values()) {
      m.write(out);
    }
    return out.toString();
  }
}
