package io.kubeloop.lease;

/**
 * Java counterpart of client-go {@code tools/leaderelection/metrics.go} ({@code leaderMetricsAdapter} and its
 * {@code MetricsProvider}): what an elector reports for {@code leader_election_master_status} (1 leading, 0
 * backup) and {@code leader_election_slowpath_total}. Pass one per elector in {@link LeaderElectionConfig};
 * there is no global provider. Every method defaults to doing nothing.
 *
 * <p>Called on the elector's run thread: return quickly, never block, never call back into the elector.
 */
public interface LeaderMetrics {
  /** Reports nothing. */
  LeaderMetrics NOOP = new LeaderMetrics() {};

  /** {@code name} is now leading (gauge to 1). */
  default void leaderOn(String name) {}

  /** {@code name} is not leading (gauge to 0): at construction and when renewing fails. */
  default void leaderOff(String name) {}

  /** The leader renewed through GET + UPDATE because its optimistic UPDATE failed (counter + 1). */
  default void slowpathExercised(String name) {}
}
