package io.kubeloop.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Watch-driven followers on the simulated Lease with no latency and exact clocks: the follower acts at the
 * exact instant the observed lease expires, and at the instant a release is written; without a watch it acts at
 * its next jittered retry.
 */
class WatchFollowersTest {
  static ElectionSimulation twoNodes(boolean watch) {
    ElectionSimulation sim = new ElectionSimulation(new ElectionSimulation.Options(2, LeaseTiming.defaults(), watch,
        true, 0, null, 3));
    sim.nodes.get(0).start();
    sim.at(Duration.ofSeconds(1), () -> sim.nodes.get(1).start());
    return sim;
  }

  @Test
  void followerTakesOverAtTheExactExpiryOfTheLeaseItLastSawChange() {
    try (ElectionSimulation sim = twoNodes(true)) {
      sim.at(Duration.ofMillis(30_500), () -> sim.nodes.get(0).crash());
      sim.runUntil(Duration.ofSeconds(60), null);
      Instant crash = sim.start.plusMillis(30_500);
      Instant lastRenew = sim.store.log.stream().filter(w -> w.record().holderIdentity().equals("node-0"))
          .map(SimLeaseStore.Write::at).filter(t -> t.isBefore(crash)).reduce((a, b) -> b).orElseThrow();
      List<ElectionSimulation.Started> starts = sim.started;
      assertEquals(2, starts.size(), "node-0, then node-1: " + starts);
      assertEquals(1, starts.get(1).node());
      assertEquals(lastRenew.plusSeconds(15), starts.get(1).at(), "exactly 15 s after the last change it saw");
      assertEquals(List.of(), sim.violations);
    }
  }

  @Test
  void followerTakesAReleasedLeaseAtOnce() {
    try (ElectionSimulation sim = twoNodes(true)) {
      sim.at(Duration.ofMillis(30_500), () -> sim.nodes.get(0).stop());
      sim.runUntil(Duration.ofSeconds(40), null);
      Instant released = sim.store.log.stream().filter(w -> w.record().holderIdentity().isEmpty())
          .findFirst().orElseThrow().at();
      assertEquals(released, sim.started.get(1).at(), "no latency: same instant");
      assertEquals(1, sim.started.get(1).node());
    }
  }

  @Test
  void pollingFollowerWaitsForItsNextRetry() {
    try (ElectionSimulation sim = twoNodes(false)) {
      sim.at(Duration.ofMillis(30_500), () -> sim.nodes.get(0).stop());
      sim.runUntil(Duration.ofSeconds(40), null);
      Instant released = sim.store.log.stream().filter(w -> w.record().holderIdentity().isEmpty())
          .findFirst().orElseThrow().at();
      Duration wait = Duration.between(released, sim.started.get(1).at());
      assertTrue(wait.compareTo(Duration.ZERO) > 0 && wait.compareTo(Duration.ofMillis(4_400)) < 0, "next retry: " + wait);
    }
  }
}
