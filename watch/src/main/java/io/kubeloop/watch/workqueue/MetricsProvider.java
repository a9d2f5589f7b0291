package io.kubeloop.watch.workqueue;

/**
 * Java counterpart of client-go {@code util/workqueue/metrics.go} ({@code MetricsProvider}): where a queue gets
 * the {@link WorkQueueMetrics} it reports to.
 *
 * <p>Differences from client-go: there is no global provider ({@code SetProvider}); a provider is passed to each
 * queue through {@link QueueConfig#withMetricsProvider}. Instead of seven metric factories
 * ({@code NewDepthMetric}, {@code NewAddsMetric}, ...) there is one listener per queue, and the queue itself keeps
 * the add and start times that client-go's {@code defaultQueueMetrics} keeps.
 *
 * <p>As in client-go, a queue reports only if it has a non-empty name and a provider other than {@link #noop()};
 * otherwise it keeps no timestamps and schedules no periodic update.
 */
@FunctionalInterface
public interface MetricsProvider {

  /**
   * Called once per queue, when the queue is created.
   *
   * @param queueName the queue's {@link QueueConfig#name()}, never empty (the {@code name} label in Prometheus)
   */
  WorkQueueMetrics newQueueMetrics(String queueName);

  /** A provider whose queues report nothing (the default). */
  static MetricsProvider noop() {
    return NoopMetricsProvider.INSTANCE;
  }
}
