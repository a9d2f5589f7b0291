package io.kubeloop.examples.metrics;

import io.kubeloop.watch.workqueue.MetricsProvider;
import io.kubeloop.watch.workqueue.WorkQueueMetrics;
import java.time.Duration;

/**
 * The workqueue's {@link MetricsProvider} as Prometheus metrics, with the names and buckets of client-go's
 * {@code workqueue} metrics as component-base registers them ({@code workqueue_depth},
 * {@code workqueue_adds_total}, {@code workqueue_queue_duration_seconds}, {@code workqueue_work_duration_seconds},
 * {@code workqueue_unfinished_work_seconds}, {@code workqueue_longest_running_processor_seconds},
 * {@code workqueue_retries_total}), each labelled {@code name}.
 */
public final class WorkQueuePrometheus implements MetricsProvider {
  private final Gauge depth;
  private final Counter adds;
  private final Histogram queueDuration;
  private final Histogram workDuration;
  private final Gauge unfinished;
  private final Gauge longest;
  private final Counter retries;

  public WorkQueuePrometheus(MetricsRegistry registry) {
    depth = registry.gauge("workqueue_depth", "Current depth of workqueue", "name");
    adds = registry.counter("workqueue_adds_total", "Total number of adds handled by workqueue", "name");
    queueDuration = registry.histogram("workqueue_queue_duration_seconds",
        "How long in seconds an item stays in workqueue before being requested.", Histogram.WORKQUEUE_BUCKETS, "name");
    workDuration = registry.histogram("workqueue_work_duration_seconds",
        "How long in seconds processing an item from workqueue takes.", Histogram.WORKQUEUE_BUCKETS, "name");
    unfinished = registry.gauge("workqueue_unfinished_work_seconds",
        "How many seconds of work has done that is in progress and hasn't been observed by work_duration.", "name");
    longest = registry.gauge("workqueue_longest_running_processor_seconds",
        "How many seconds has the longest running processor for workqueue been running.", "name");
    retries = registry.counter("workqueue_retries_total", "Total number of retries handled by workqueue", "name");
  }

  @Override
  public WorkQueueMetrics newQueueMetrics(String queueName) {
    Gauge.Child d = depth.labels(queueName);
    Counter.Child a = adds.labels(queueName);
    Histogram.Child q = queueDuration.labels(queueName);
    Histogram.Child w = workDuration.labels(queueName);
    Gauge.Child u = unfinished.labels(queueName);
    Gauge.Child l = longest.labels(queueName);
    Counter.Child r = retries.labels(queueName);
    return new WorkQueueMetrics() {
      @Override
      public void added() {
        a.inc();
        d.add(1);
      }

      @Override
      public void handedOut(Duration queued) {
        d.add(-1);
        q.observe(seconds(queued));
      }

      @Override
      public void done(Duration worked) {
        w.observe(seconds(worked));
      }

      @Override
      public void unfinishedWork(Duration total, Duration longestRunning) {
        u.set(seconds(total));
        l.set(seconds(longestRunning));
      }

      @Override
      public void retried() {
        r.inc();
      }
    };
  }

  static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }
}
