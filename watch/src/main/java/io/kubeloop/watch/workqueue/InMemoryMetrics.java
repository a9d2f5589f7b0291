package io.kubeloop.watch.workqueue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * A {@link MetricsProvider} that keeps client-go's workqueue metrics in memory, per queue name, and renders them in
 * the Prometheus text format under client-go's names ({@code workqueue_depth{name="vms"}} ...). Create one per
 * process (or per controller manager) and pass it to every queue's {@link QueueConfig}; an HTTP {@code /metrics}
 * handler calls {@link #writePrometheus(Appendable)}. Nothing static: two instances never share numbers. Queues
 * given the same name share one set of numbers, as they would share one Prometheus label value.
 *
 * <p>Thread-safe; recording is lock-free.
 */
public final class InMemoryMetrics implements MetricsProvider {
  /** Upper bounds of the latency histograms in seconds: client-go's {@code ExponentialBuckets(1e-8, 10, 10)}. */
  public static final List<Double> BUCKETS = List.of(1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0);

  private final Map<String, Recorder> queues = new ConcurrentSkipListMap<>();

  @Override
  public WorkQueueMetrics newQueueMetrics(String queueName) {
    return queues.computeIfAbsent(queueName, n -> new Recorder());
  }

  /** Names of the queues that have reported here, sorted. */
  public List<String> queueNames() {
    return List.copyOf(queues.keySet());
  }

  /**
   * The current numbers of queue {@code name}.
   *
   * @throws IllegalArgumentException if no queue of that name uses this provider
   */
  public QueueStats stats(String name) {
    Recorder r = queues.get(name);
    if (r == null) {
      throw new IllegalArgumentException("expected one of the queues " + queueNames() + " but was '" + name + "'");
    }
    return r.snapshot();
  }

  /** Appends every queue's metrics in the Prometheus text exposition format (version 0.0.4). */
  public void writePrometheus(Appendable out) {
    try {
      gauge(out, "workqueue_depth", "Current depth of workqueue", s -> (double) s.depth());
      counter(out, "workqueue_adds_total", "Total number of adds handled by workqueue", s -> (double) s.adds());
      histogram(out, "workqueue_queue_duration_seconds",
          "How long in seconds an item stays in workqueue before being requested.", QueueStats::queueDuration);
      histogram(out, "workqueue_work_duration_seconds",
          "How long in seconds processing an item from workqueue takes.", QueueStats::workDuration);
      gauge(out, "workqueue_unfinished_work_seconds", "How many seconds of work has done that is in progress and"
          + " hasn't been observed by work_duration.", QueueStats::unfinishedWorkSeconds);
      gauge(out, "workqueue_longest_running_processor_seconds",
          "How many seconds has the longest running processor for workqueue been running.",
          QueueStats::longestRunningProcessorSeconds);
      counter(out, "workqueue_retries_total", "Total number of retries handled by workqueue",
          s -> (double) s.retries());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@link #writePrometheus(Appendable)} into a string. */
  public String toPrometheusText() {
    StringBuilder sb = new StringBuilder();
    writePrometheus(sb);
    return sb.toString();
  }

  private interface Value {
    double of(QueueStats s);
  }

  private interface Hist {
    Histogram of(QueueStats s);
  }

  private void gauge(Appendable out, String metric, String help, Value value) throws IOException {
    simple(out, metric, help, "gauge", value);
  }

  private void counter(Appendable out, String metric, String help, Value value) throws IOException {
    simple(out, metric, help, "counter", value);
  }

  private void simple(Appendable out, String metric, String help, String type, Value value) throws IOException {
    out.append("# HELP ").append(metric).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(metric).append(' ').append(type).append('\n');
    for (Map.Entry<String, Recorder> e : queues.entrySet()) {
      out.append(metric).append(label(e.getKey(), null)).append(' ')
          .append(format(value.of(e.getValue().snapshot()))).append('\n');
    }
  }

  private void histogram(Appendable out, String metric, String help, Hist hist) throws IOException {
    out.append("# HELP ").append(metric).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(metric).append(" histogram\n");
    for (Map.Entry<String, Recorder> e : queues.entrySet()) {
      Histogram h = hist.of(e.getValue().snapshot());
      long cumulative = 0;
      for (int i = 0; i < BUCKETS.size(); i++) {
        cumulative += h.bucketCounts().get(i);
        out.append(metric).append("_bucket").append(label(e.getKey(), format(BUCKETS.get(i)))).append(' ')
            .append(Long.toString(cumulative)).append('\n');
      }
      out.append(metric).append("_bucket").append(label(e.getKey(), "+Inf")).append(' ')
          .append(Long.toString(h.count())).append('\n');
      out.append(metric).append("_sum").append(label(e.getKey(), null)).append(' ').append(format(h.sum()))
          .append('\n');
      out.append(metric).append("_count").append(label(e.getKey(), null)).append(' ')
          .append(Long.toString(h.count())).append('\n');
    }
  }

  private static String label(String name, String le) {
    String escaped = name.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    return "{name=\"" + escaped + "\"" + (le == null ? "" : ",le=\"" + le + "\"") + "}";
  }

  private static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  /**
   * One queue's numbers at one moment.
   *
   * @param depth items added and not yet handed out ({@code workqueue_depth})
   * @param adds {@code workqueue_adds_total}
   * @param queueDuration {@code workqueue_queue_duration_seconds}
   * @param workDuration {@code workqueue_work_duration_seconds}
   * @param unfinishedWorkSeconds {@code workqueue_unfinished_work_seconds} at the last periodic update
   * @param longestRunningProcessorSeconds {@code workqueue_longest_running_processor_seconds} likewise
   * @param retries {@code workqueue_retries_total}
   */
  public record QueueStats(long depth, long adds, Histogram queueDuration, Histogram workDuration,
      double unfinishedWorkSeconds, double longestRunningProcessorSeconds, long retries) {}

  /**
   * A histogram snapshot in seconds.
   *
   * @param bucketCounts observations per bucket of {@link #BUCKETS} (not cumulative); larger ones only in count
   * @param count all observations
   * @param sum the sum of all observations, in seconds
   * @param last the most recent observation in seconds (0 if none), handy in tests
   */
  public record Histogram(List<Long> bucketCounts, long count, double sum, double last) {
    public Histogram {
      bucketCounts = List.copyOf(Objects.requireNonNull(bucketCounts, "bucketCounts"));
    }
  }

  /** Records one queue. */
  private static final class Recorder implements WorkQueueMetrics {
    private final AtomicLong depth = new AtomicLong();
    private final AtomicLong adds = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final Recording queueDuration = new Recording();
    private final Recording workDuration = new Recording();
    private volatile double unfinished;
    private volatile double longest;

    @Override
    public void added() {
      adds.incrementAndGet();
      depth.incrementAndGet();
    }

    @Override
    public void handedOut(Duration queued) {
      depth.decrementAndGet();
      queueDuration.observe(seconds(queued));
    }

    @Override
    public void done(Duration worked) {
      workDuration.observe(seconds(worked));
    }

    @Override
    public void unfinishedWork(Duration total, Duration longestRunning) {
      unfinished = seconds(total);
      longest = seconds(longestRunning);
    }

    @Override
    public void retried() {
      retries.incrementAndGet();
    }

    QueueStats snapshot() {
      return new QueueStats(depth.get(), adds.get(), queueDuration.snapshot(), workDuration.snapshot(),
          unfinished, longest, retries.get());
    }

    private static double seconds(Duration d) {
      return d.getSeconds() + d.getNano() / 1e9;
    }
  }

  /** A lock-free histogram over {@link #BUCKETS}. */
  private static final class Recording {
    private final AtomicLongArray buckets = new AtomicLongArray(BUCKETS.size());
    private final AtomicLong count = new AtomicLong();
    private final DoubleAdder sum = new DoubleAdder();
    private volatile double last;

    void observe(double seconds) {
      for (int i = 0; i < BUCKETS.size(); i++) {
        if (seconds <= BUCKETS.get(i)) {
          buckets.incrementAndGet(i);
          break;
        }
      }
      sum.add(seconds);
      last = seconds;
      count.incrementAndGet();
    }

    Histogram snapshot() {
      List<Long> counts = new ArrayList<>(BUCKETS.size());
      for (int i = 0; i < BUCKETS.size(); i++) {
        counts.add(buckets.get(i));
      }
      return new Histogram(counts, count.get(), sum.sum(), last);
    }
  }
}
