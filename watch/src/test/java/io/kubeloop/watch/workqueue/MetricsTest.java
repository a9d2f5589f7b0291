package io.kubeloop.watch.workqueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.testing.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** client-go {@code util/workqueue/metrics_test.go} (reference §3.5) through {@link InMemoryMetrics}. */
class MetricsTest {
  private final FakeClock clock = new FakeClock();
  private final InMemoryMetrics metrics = new InMemoryMetrics();
  private final QueueConfig config = QueueConfig.named("test").withClock(clock).withMetricsProvider(metrics);

  @Test
  void metrics_followAddsGetsAndDone() throws Exception { // TestMetrics
    DefaultWorkQueue<String> q = new DefaultWorkQueue<>(config, metrics.newQueueMetrics("test"), Duration.ofMillis(1));
    q.add("foo");
    InMemoryMetrics.QueueStats s = metrics.stats("test");
    assertEquals(1, s.adds());
    assertEquals(1, s.depth());

    clock.step(Duration.ofNanos(50_000));
    assertEquals("foo", q.get());
    s = metrics.stats("test");
    assertEquals(0, s.depth());
    assertEquals(5e-05, s.queueDuration().last(), 1e-12);
    assertEquals(1, s.queueDuration().count());

    for (int i = 0; i < 5; i++) {
      q.add("foo"); // re-adds while processing count once
    }
    s = metrics.stats("test");
    assertEquals(2, s.adds());
    assertEquals(1, s.depth(), "depth counts the dirty item although it is not queued yet");

    clock.step(Duration.ofNanos(25_000));
    q.done("foo");
    s = metrics.stats("test");
    assertEquals(2.5e-05, s.workDuration().last(), 1e-12);
    assertEquals(1, s.workDuration().count());
    assertEquals(1, s.depth());

    assertEquals("foo", q.get());
    s = metrics.stats("test");
    assertEquals(2.5e-05, s.queueDuration().last(), 1e-12);
    assertEquals(2, s.queueDuration().count());
    assertEquals(0, s.depth());

    // The update ticks 1ms after creation; foo started at 75us. Go's fake clock fires the ticker at the end of
    // the step (client-go sees 0.001); ours fires it at its due instant, 925us into foo's work.
    clock.step(Duration.ofMillis(1));
    s = metrics.stats("test");
    assertEquals(9.25e-4, s.unfinishedWorkSeconds(), 1e-12);
    assertEquals(9.25e-4, s.longestRunningProcessorSeconds(), 1e-12);

    q.done("foo");
    s = metrics.stats("test");
    assertEquals(0.001, s.workDuration().last(), 1e-12);
    assertEquals(2, s.workDuration().count());
    q.checkInvariants();
    q.shutDown();
    assertEquals(0, clock.waiterCount(), "shutdown stops the periodic update");
  }

  @Test
  void retries_countEveryAddAfterIncludingZeroDelay() {
    DelayingQueue<String> q = DelayingQueue.create(config);
    q.addAfter("a", Duration.ZERO);
    q.addAfter("a", Duration.ofSeconds(1));
    q.addAfter("b", Duration.ofSeconds(1));
    assertEquals(3, metrics.stats("test").retries());
    q.shutDown();
    q.addAfter("c", Duration.ofSeconds(1));
    assertEquals(3, metrics.stats("test").retries(), "ignored after shutdown");
  }

  @Test
  void unnamedQueue_reportsNothingAndSchedulesNothing() {
    WorkQueue<String> q = WorkQueue.create(config.withName(""));
    q.add("a");
    assertEquals(0, clock.waiterCount());
    assertTrue(metrics.queueNames().isEmpty());
  }

  @Test
  void namedQueue_schedulesTheUnfinishedWorkUpdateEvery500ms() {
    WorkQueue<String> q = WorkQueue.create(config);
    assertEquals(FakeClock.DEFAULT_START.plusMillis(500), clock.nextDue());
    clock.step(Duration.ofMillis(500));
    assertEquals(FakeClock.DEFAULT_START.plusMillis(1000), clock.nextDue());
    q.shutDown();
    assertEquals(0, clock.waiterCount());
  }

  @Test
  void prometheusText_usesClientGoNames() throws Exception {
    WorkQueue<String> q = WorkQueue.create(config.withName("vms"));
    q.add("a");
    clock.step(Duration.ofMillis(2));
    q.get();
    String text = metrics.toPrometheusText();
    assertTrue(text.contains("# TYPE workqueue_depth gauge\nworkqueue_depth{name=\"vms\"} 0\n"), text);
    assertTrue(text.contains("workqueue_adds_total{name=\"vms\"} 1\n"), text);
    assertTrue(text.contains("workqueue_queue_duration_seconds_bucket{name=\"vms\",le=\"0.001\"} 0\n"), text);
    assertTrue(text.contains("workqueue_queue_duration_seconds_bucket{name=\"vms\",le=\"0.01\"} 1\n"), text);
    assertTrue(text.contains("workqueue_queue_duration_seconds_bucket{name=\"vms\",le=\"+Inf\"} 1\n"), text);
    assertTrue(text.contains("workqueue_queue_duration_seconds_count{name=\"vms\"} 1\n"), text);
    assertTrue(text.contains("workqueue_retries_total{name=\"vms\"} 0\n"), text);
    assertTrue(text.contains("workqueue_longest_running_processor_seconds{name=\"vms\"}"), text);
    assertThrows(IllegalArgumentException.class, () -> metrics.stats("nope"));
    q.shutDown();
  }
}
