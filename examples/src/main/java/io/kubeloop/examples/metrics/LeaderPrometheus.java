package io.kubeloop.examples.metrics;

import io.kubeloop.lease.LeaderMetrics;

/**
 * The elector's {@link LeaderMetrics} as Prometheus metrics with client-go's names:
 * {@code leader_election_master_status} (1 leading, 0 backup) and {@code leader_election_slowpath_total}.
 */
public final class LeaderPrometheus implements LeaderMetrics {
  private final Gauge status;
  private final Counter slowpath;

  public LeaderPrometheus(MetricsRegistry registry) {
    status = registry.gauge("leader_election_master_status",
        "Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master.", "name");
    slowpath = registry.counter("leader_election_slowpath_total",
        "Total number of slow path exercised in renewing leader leases.", "name");
  }

  @Override
  public void leaderOn(String name) {
    status.labels(name).set(1);
  }

  @Override
  public void leaderOff(String name) {
    status.labels(name).set(0);
  }

  @Override
  public void slowpathExercised(String name) {
    slowpath.labels(name).inc();
  }
}
