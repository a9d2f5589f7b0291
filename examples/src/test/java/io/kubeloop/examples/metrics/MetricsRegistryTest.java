package io.kubeloop.examples.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MetricsRegistryTest {
  private final MetricsRegistry metrics = new MetricsRegistry();

  @Test
  void countersAndGaugesInTextFormat() {
    Counter adds = metrics.counter("workqueue_adds_total", "Total number of adds handled by workqueue", "name");
    adds.labels("vms").inc();
    adds.labels("vms").add(2);
    Gauge leader = metrics.gauge("leader_election_master_status", "1 if leader", "name");
    leader.labels("kubeloop-vm").set(1);
    Gauge fn = metrics.gauge("a_value", "read at scrape");
    fn.labels().setFunction(() -> 2.5);
    assertEquals("""
        # HELP a_value read at scrape
        # TYPE a_value gauge
        a_value 2.5
        # HELP leader_election_master_status 1 if leader
        # TYPE leader_election_master_status gauge
        leader_election_master_status{name="kubeloop-vm"} 1
        # HELP workqueue_adds_total Total number of adds handled by workqueue
        # TYPE workqueue_adds_total counter
        workqueue_adds_total{name="vms"} 3
        """, metrics.scrape());
  }

  @Test
  void histogramBucketsAreCumulative() {
    Histogram h = metrics.histogram("d_seconds", "durations", new double[] {0.1, 1}, "result");
    h.labels("ok").observe(0.05);
    h.labels("ok").observe(0.5);
    h.labels("ok").observe(5);
    assertEquals("""
        # HELP d_seconds durations
        # TYPE d_seconds histogram
        d_seconds_bucket{result="ok",le="0.1"} 1
        d_seconds_bucket{result="ok",le="1"} 2
        d_seconds_bucket{result="ok",le="+Inf"} 3
        d_seconds_sum{result="ok"} 5.55
        d_seconds_count{result="ok"} 3
        """, metrics.scrape());
  }

  @Test
  void labelValuesAreEscaped() {
    metrics.counter("c", "h", "l").labels("a\"b\\c\nd").inc();
    assertEquals("c{l=\"a\\\"b\\\\c\\nd\"} 1", metrics.scrape().lines().skip(2).findFirst().orElseThrow());
  }

  @Test
  void mistakesAreCaughtEarly() {
    assertEquals("expected a Prometheus metric name such as workqueue_depth but was \"bad-name\"",
        assertThrows(IllegalArgumentException.class, () -> metrics.counter("bad-name", "h")).getMessage());
    Counter c = metrics.counter("c", "h", "a", "b");
    assertEquals("metric c has labels [a, b] but was given [x]",
        assertThrows(IllegalArgumentException.class, () -> c.labels("x")).getMessage());
    assertThrows(IllegalStateException.class, () -> metrics.gauge("c", "again"));
    assertThrows(IllegalArgumentException.class, () -> c.labels("x", "y").add(-1));
  }
}
