package io.kubeloop.watch.workqueue;

/** The provider of {@link MetricsProvider#noop()}: a queue that sees it disables its metrics bookkeeping. */
enum NoopMetricsProvider implements MetricsProvider {
  INSTANCE;

  private static final WorkQueueMetrics NOOP = new WorkQueueMetrics() {};

  @Override
  public WorkQueueMetrics newQueueMetrics(String queueName) {
    return NOOP;
  }
}
