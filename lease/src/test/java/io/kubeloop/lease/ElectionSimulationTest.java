package io.kubeloop.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The election simulation over many seeds: 3 to 5 real electors on one Lease, each with a clock whose rate
 * drifts up to ±19% (a rate ratio up to 1.47, inside the 1.5 the default guard margin tolerates) and an offset of
 * up to ±1 h, through 120 s of random faults (crashes, partitions of single electors, graceful restarts, API
 * latency up to 3 s per leg, 409 storms). Safety: never two guards holding at once.
 *
 * <p>Liveness: the faults stop at {@code H} (partitions heal, latency and storms end, stopped candidates come
 * back); once the last delayed message has arrived (3 s, the largest latency), the leader crashes, the worst
 * moment since its lease was just renewed, and a new pod replaces it a second later. Recovery counts from that
 * crash, or from {@code H} if nobody leads by then. The bound depends on how followers wait:
 * <ul>
 *   <li>watch-driven followers: the issue's {@code LD + 2 RP} (19 s). A follower sees the last renew within one
 *       watch latency and acts the instant {@code LD} has passed on its own clock, so the worst case is
 *       {@code LD/(1 − drift)} = 18.52 s plus three 10 ms legs.
 *   <li>polling followers (client-go): {@code (LD + 4.4 RP)/(1 − drift)} plus latency slack (29.6 s). Each wait is
 *       {@code [RP, 2.2 RP)} on the follower's clock, so it may first see the last renew up to 2.2 RP after it was
 *       written, and may be up to 2.2 RP into a wait when that record expires. {@code LD + 2 RP} cannot hold for
 *       client-go's jitter even without drift; the test asserts the bound the jitter allows.
 * </ul>
 *
 * <p>By default 8 seeds run (about a second); {@code -Dsoak=true} runs 300; {@code -Dsim.seeds=N} and
 * {@code -Dsim.firstSeed=S} choose others (pass them through {@code -DargLine=...}); {@code -Dsim.verbose=true}
 * prints one line per seed.
 */
class ElectionSimulationTest {
  static final boolean SOAK = Boolean.getBoolean("soak");
  static final Duration FAULTS_FROM = Duration.ofSeconds(20);
  static final Duration FAULT_WINDOW = Duration.ofSeconds(120);
  static final double DRIFT = 0.19;
  static final Duration MAX_LATENCY = Duration.ofSeconds(3);

  /** What one seed produced. */
  record Result(long seed, int nodes, boolean watch, boolean release, int faults, Duration recovery, long writes,
      List<String> violations) {}

  @Test
  void randomFaultsNeverGiveTwoElectorsAValidGuardAndLeadershipRecovers() {
    int seeds = Integer.getInteger("sim.seeds", SOAK ? 300 : 8);
    long first = Long.getLong("sim.firstSeed", 1);
    LeaseTiming timing = LeaseTiming.defaults();
    Duration watchBound = watchFollowerBound(timing);
    Duration pollingBound = pollingFollowerBound(timing);
    List<Result> results = new ArrayList<>();
    long began = System.nanoTime();
    for (long seed = first; seed < first + seeds; seed++) {
      Result r = runSeed(seed, timing);
      results.add(r);
      assertEquals(List.of(), r.violations(), "safety, seed " + seed);
      assertNotNull(r.recovery(), "no leader after the faults stopped, seed " + seed);
      Duration bound = r.watch() ? watchBound : pollingBound;
      assertTrue(r.recovery().compareTo(bound) <= 0,
          "recovery " + r.recovery() + " > " + bound + " (watch followers " + r.watch() + "), seed " + seed);
    }
    System.out.printf("election simulation: %d seeds, %d faults, 0 safety violations, %.1f s real%n", seeds,
        results.stream().mapToInt(Result::faults).sum(), (System.nanoTime() - began) / 1e9);
    for (boolean watch : new boolean[] {true, false}) {
      List<Duration> recoveries = results.stream().filter(r -> r.watch() == watch).map(Result::recovery).sorted().toList();
      if (!recoveries.isEmpty()) {
        System.out.printf("  %s followers: %d seeds, recovery median %s, worst %s (bound %s)%n",
            watch ? "watch-driven" : "polling", recoveries.size(), recoveries.get(recoveries.size() / 2),
            recoveries.get(recoveries.size() - 1), watch ? watchBound : pollingBound);
      }
    }
  }

  /** The issue's bound, which watch-driven followers meet with clocks up to 21% slow. */
  static Duration watchFollowerBound(LeaseTiming timing) {
    Duration bound = timing.leaseDuration().plus(timing.retryPeriod().multipliedBy(2));
    Duration worst = slowed(timing.leaseDuration()).plusMillis(30);
    assertTrue(worst.compareTo(bound) < 0, "the drift bound leaves watch-driven followers no room: " + worst);
    return bound;
  }

  /** What client-go's jittered polling allows: a wait of up to 2.2 RP before the last renew is seen and after it expires. */
  static Duration pollingFollowerBound(LeaseTiming timing) {
    return slowed(timing.leaseDuration().plus(timing.retryPeriod().multipliedBy(44).dividedBy(10))).plusMillis(200);
  }

  /** How long {@code d} on the slowest follower's clock takes in real time. */
  static Duration slowed(Duration d) {
    return Duration.ofNanos((long) Math.ceil(d.toNanos() / (1 - DRIFT)));
  }

  static Result runSeed(long seed, LeaseTiming timing) {
    Random r = new Random(seed);
    int n = 3 + r.nextInt(3);
    boolean watch = r.nextBoolean();
    boolean release = r.nextBoolean();
    ElectionSimulation.Options options =
        new ElectionSimulation.Options(n, timing, watch, release, DRIFT, null, seed);
    try (ElectionSimulation sim = new ElectionSimulation(options)) {
      sim.store.setMaxLatency(Duration.ofMillis(10));
      sim.startAll();
      Duration healAt = FAULTS_FROM.plus(FAULT_WINDOW);
      int faults = scheduleFaults(sim, r);
      sim.at(healAt, () -> heal(sim, true));
      // The last blow, once every message delayed by the faults has arrived: the leader crashes, and a new pod
      // (a new name) replaces it a second later. With nobody leading at that point, recovery counts from the heal.
      Duration lastBlow = healAt.plus(MAX_LATENCY).plusMillis(r.nextInt(3_000));
      AtomicReference<Duration> recoveryFrom = new AtomicReference<>();
      sim.at(lastBlow, () -> {
        List<Integer> leaders = sim.leaders();
        if (leaders.isEmpty()) {
          recoveryFrom.set(healAt);
          return;
        }
        ElectionSimulation.Node leader = sim.nodes.get(leaders.get(0));
        leader.crash();
        recoveryFrom.set(sim.elapsed());
        sim.at(sim.elapsed().plusSeconds(1), () -> leader.start(true));
      });
      AtomicReference<Duration> recovery = new AtomicReference<>();
      sim.runUntil(lastBlow.plusSeconds(60), () -> {
        if (recovery.get() == null && recoveryFrom.get() != null && !sim.leaders().isEmpty()) {
          recovery.set(sim.elapsed().minus(recoveryFrom.get()));
        }
      });
      if (Boolean.getBoolean("sim.verbose")) {
        System.out.printf("seed %d: %d nodes watch=%s release=%s faults=%d writes=%d terms=%d requests=%s recovery=%s%n",
            seed, n, watch, release, faults, sim.store.writes(), sim.started.size(),
            sim.nodes.stream().map(x -> x.requests.get()).toList(), recovery.get());
      }
      return new Result(seed, n, watch, release, faults, recovery.get(), sim.store.writes(), List.copyOf(sim.violations));
    }
  }

  static void heal(ElectionSimulation sim, boolean renamed) {
    sim.store.setConflictProbability(0);
    sim.store.setMaxLatency(Duration.ofMillis(10));
    for (ElectionSimulation.Node node : sim.nodes) {
      node.partition(false);
      if (!node.running()) {
        node.start(renamed);
      }
    }
  }

  /** Random faults in the window; crashes and partitions hit the current leader half of the time. */
  static int scheduleFaults(ElectionSimulation sim, Random r) {
    int count = 0;
    Duration t = FAULTS_FROM;
    Duration end = FAULTS_FROM.plus(FAULT_WINDOW);
    while (true) {
      t = t.plusMillis(3_000 + r.nextInt(12_000));
      if (t.compareTo(end) >= 0) {
        return count;
      }
      count++;
      double kind = r.nextDouble();
      boolean atLeader = r.nextBoolean();
      int anyNode = r.nextInt(sim.nodes.size());
      Duration length = Duration.ofMillis(1_000 + r.nextInt(35_000));
      Duration stopAt = t.plus(length).compareTo(end) < 0 ? t.plus(length) : end;
      if (kind < 0.25) {
        boolean renamed = r.nextBoolean();
        sim.at(t, () -> {
          ElectionSimulation.Node victim = target(sim, atLeader, anyNode);
          victim.crash();
          sim.at(stopAt, () -> {
            if (!victim.running()) {
              victim.start(renamed);
            }
          });
        });
      } else if (kind < 0.5) {
        sim.at(t, () -> {
          ElectionSimulation.Node victim = target(sim, atLeader, anyNode);
          victim.partition(true);
          sim.at(stopAt, () -> victim.partition(false));
        });
      } else if (kind < 0.65) {
        Duration restartAt = t.plusMillis(r.nextInt(5_000));
        sim.at(t, () -> {
          ElectionSimulation.Node victim = target(sim, atLeader, anyNode);
          victim.stop();
          sim.at(restartAt.compareTo(end) < 0 ? restartAt : end, () -> {
            if (!victim.running()) {
              victim.start();
            }
          });
        });
      } else if (kind < 0.8) {
        double p = 0.3 + r.nextDouble() * 0.6;
        sim.at(t, () -> sim.store.setConflictProbability(p));
        sim.at(stopAt, () -> sim.store.setConflictProbability(0));
      } else {
        Duration[] latencies = {Duration.ZERO, Duration.ofMillis(10), Duration.ofMillis(200), Duration.ofSeconds(1), MAX_LATENCY};
        Duration latency = latencies[r.nextInt(latencies.length)];
        sim.at(t, () -> sim.store.setMaxLatency(latency));
        sim.at(stopAt, () -> sim.store.setMaxLatency(Duration.ofMillis(10)));
      }
    }
  }

  static ElectionSimulation.Node target(ElectionSimulation sim, boolean atLeader, int fallback) {
    List<Integer> leaders = sim.leaders();
    return sim.nodes.get(atLeader && !leaders.isEmpty() ? leaders.get(0) : fallback);
  }

  /**
   * Why the two bounds differ, on two candidates: the leader crashes the moment its renew lands. A polling follower
   * with an exact clock still misses {@code LD + 2 RP} in some of 12 seeds (its jittered waits before seeing the
   * renew and after its expiry add up past 2 RP) yet stays within {@code LD + 4.4 RP}; a watch-driven follower
   * whose clock runs 19% slow meets {@code LD + 2 RP} in every seed.
   */
  @Test
  void pollingFollowersCanMissLdPlus2RpWhileWatchDrivenOnesMeetItOnASlowClock() {
    LeaseTiming timing = LeaseTiming.defaults();
    Duration issueBound = timing.leaseDuration().plus(timing.retryPeriod().multipliedBy(2));
    List<Duration> polling = new ArrayList<>();
    List<Duration> watching = new ArrayList<>();
    for (long seed = 1; seed <= 12; seed++) {
      polling.add(recoveryAfterCrashAtRenew(seed, timing, false, 1.0));
      watching.add(recoveryAfterCrashAtRenew(seed, timing, true, 1 - DRIFT));
    }
    Duration pollingWorst = polling.stream().max(Duration::compareTo).orElseThrow();
    System.out.printf("crash at renew, 12 seeds: polling (exact clock) %s; watch-driven (clock 19%% slow) %s%n",
        seconds(polling), seconds(watching));
    assertTrue(pollingWorst.compareTo(issueBound) > 0, "polling: " + polling);
    assertTrue(pollingWorst.compareTo(timing.leaseDuration().plus(timing.retryPeriod().multipliedBy(44).dividedBy(10))
        .plusMillis(100)) <= 0, "polling: " + polling);
    for (Duration d : watching) {
      assertTrue(d.compareTo(slowed(timing.leaseDuration())) >= 0, "watch-driven acted before LD on its clock: " + watching);
      assertTrue(d.compareTo(issueBound) <= 0, "watch-driven: " + watching);
    }
  }

  static List<String> seconds(List<Duration> ds) {
    return ds.stream().map(d -> String.format("%.2f", d.toMillis() / 1000.0)).toList();
  }

  /** Node 0 leads; 30 s in, it crashes as soon as a renew of its lands; how long until node 1 leads. */
  static Duration recoveryAfterCrashAtRenew(long seed, LeaseTiming timing, boolean watch, double followerRate) {
    ElectionSimulation.Options options = new ElectionSimulation.Options(2, timing, watch, false, 0, null, seed);
    try (ElectionSimulation sim = new ElectionSimulation(options)) {
      sim.store.setMaxLatency(Duration.ofMillis(10));
      sim.nodes.set(1, sim.new Node(1, new DriftClock(sim.clock, followerRate, Duration.ZERO, sim.activity)));
      sim.nodes.get(0).start();
      sim.at(Duration.ofSeconds(1), () -> sim.nodes.get(1).start());
      AtomicReference<Long> writesAt30 = new AtomicReference<>();
      AtomicReference<Duration> crashedAt = new AtomicReference<>();
      AtomicReference<Duration> recovery = new AtomicReference<>();
      sim.at(Duration.ofSeconds(30), () -> writesAt30.set(sim.store.writes()));
      sim.runUntil(Duration.ofSeconds(90), () -> {
        if (crashedAt.get() == null && writesAt30.get() != null && sim.store.writes() > writesAt30.get()) {
          assertEquals(List.of(0), sim.leaders());
          sim.nodes.get(0).crash();
          crashedAt.set(sim.elapsed());
        } else if (crashedAt.get() != null && recovery.get() == null && sim.leaders().equals(List.of(1))) {
          recovery.set(sim.elapsed().minus(crashedAt.get()));
        }
      });
      assertEquals(List.of(), sim.violations);
      assertNotNull(recovery.get(), "node 1 never led, seed " + seed);
      return recovery.get();
    }
  }

  /**
   * The checker is not blind: with no drift margin and clock rates 0.7 vs 1.3 (far beyond the bound), a
   * partitioned leader's guard still holds when the fast follower takes over.
   */
  @Test
  void driftBeyondTheBoundWithoutAMarginIsCaught() {
    ElectionSimulation.Options options = new ElectionSimulation.Options(2, LeaseTiming.defaults(), false, false, 0,
        Duration.ZERO, 42);
    try (ElectionSimulation sim = new ElectionSimulation(options)) {
      sim.nodes.set(0, sim.new Node(0, new DriftClock(sim.clock, 0.7, Duration.ZERO, sim.activity)));
      sim.nodes.set(1, sim.new Node(1, new DriftClock(sim.clock, 1.3, Duration.ZERO, sim.activity)));
      sim.nodes.get(0).start();
      sim.at(Duration.ofSeconds(5), () -> sim.nodes.get(1).start());
      sim.at(Duration.ofSeconds(20), () -> sim.nodes.get(0).partition(true));
      sim.runUntil(Duration.ofSeconds(60), null);
      assertFalse(sim.violations.isEmpty(), "expected the checker to catch overlapping guards");
    }
  }

  /** The same partition with clocks inside the bound and the default margin: no overlap. */
  @Test
  void sameScenarioInsideTheBoundIsSafe() {
    ElectionSimulation.Options options = new ElectionSimulation.Options(2, LeaseTiming.defaults(), false, false, 0,
        null, 42);
    try (ElectionSimulation sim = new ElectionSimulation(options)) {
      sim.nodes.set(0, sim.new Node(0, new DriftClock(sim.clock, 0.82, Duration.ZERO, sim.activity)));
      sim.nodes.set(1, sim.new Node(1, new DriftClock(sim.clock, 1.2, Duration.ZERO, sim.activity)));
      sim.nodes.get(0).start();
      sim.at(Duration.ofSeconds(5), () -> sim.nodes.get(1).start());
      sim.at(Duration.ofSeconds(20), () -> sim.nodes.get(0).partition(true));
      sim.runUntil(Duration.ofSeconds(60), null);
      assertEquals(List.of(), sim.violations);
      assertEquals(List.of(1), sim.leaders(), "the follower took over");
    }
  }
}
