package io.kubeloop.watch.workqueue;

import io.kubeloop.core.clock.Clock;
import java.util.Objects;

/**
 * Java counterpart of client-go {@code TypedQueueConfig} / {@code TypedDelayingQueueConfig} /
 * {@code TypedRateLimitingQueueConfig}: how every queue of this package is built.
 *
 * <pre>{@code
 * QueueConfig config = QueueConfig.named("vms").withClock(clock).withMetricsProvider(metrics);
 * RateLimitingQueue<ObjectKey> queue = RateLimitingQueue.create(RateLimiters.defaultControllerRateLimiter(clock), config);
 * }</pre>
 *
 * <p>Differences from client-go: one config for all three queue kinds; no pluggable {@code Queue} ordering (the
 * queue is always FIFO); no global metrics provider.
 *
 * @param name names the queue for metrics (the {@code name} label) and logs; empty means unnamed, and an unnamed
 *     queue reports no metrics. Default empty.
 * @param clock the source of time for add-after delays, latencies and the periodic metrics update. Default
 *     {@link Clock#system()}.
 * @param metricsProvider where the queue reports; default {@link MetricsProvider#noop()}
 */
public record QueueConfig(String name, Clock clock, MetricsProvider metricsProvider) {
  public QueueConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(metricsProvider, "metricsProvider");
  }

  /** Unnamed, the system clock, no metrics. */
  public static QueueConfig defaults() {
    return new QueueConfig("", Clock.system(), MetricsProvider.noop());
  }

  /** The defaults with {@code name}. */
  public static QueueConfig named(String name) {
    return defaults().withName(name);
  }

  public QueueConfig withName(String name) {
    return new QueueConfig(name, clock, metricsProvider);
  }

  public QueueConfig withClock(Clock clock) {
    return new QueueConfig(name, clock, metricsProvider);
  }

  public QueueConfig withMetricsProvider(MetricsProvider metricsProvider) {
    return new QueueConfig(name, clock, metricsProvider);
  }

  /** Whether a queue built from this config reports metrics: named, and a provider other than the no-op one. */
  boolean metricsEnabled() {
    return !name.isEmpty() && metricsProvider != MetricsProvider.noop();
  }
}
