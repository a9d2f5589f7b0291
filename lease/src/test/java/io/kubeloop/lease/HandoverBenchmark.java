package io.kubeloop.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Leader-handover figures of the lease module, measured in the election simulation's virtual time (so they show
 * the algorithm, not this machine): three candidates, client-go's default timing (15 s / 10 s / 2 s), 5 ms per
 * request leg, clocks at the same rate.
 *
 * <ul>
 *   <li>release → next leader: the leader's run is cancelled (release on cancel); from the write of holder
 *       {@code ""} to another candidate's {@code onStartedLeading}, with and without watch-driven followers;</li>
 *   <li>crash → next leader: the leader stops without a word; from the crash to another candidate's
 *       {@code onStartedLeading};</li>
 *   <li>steady state: API requests per second of the leader and of each follower (a watch counts as one
 *       long-running request and is not in these figures).</li>
 * </ul>
 *
 * <p>Run {@link #main} from the test classpath; {@code lease/README.md}
 * shows the figures.
 */
public final class HandoverBenchmark {
  /** Summary of one measured quantity over trials. */
  public record Stat(Duration mean, Duration p50, Duration max, int trials) {
    static Stat of(List<Duration> samples) {
      List<Duration> sorted = new ArrayList<>(samples);
      Collections.sort(sorted);
      long total = 0;
      for (Duration d : sorted) {
        total += d.toNanos();
      }
      return new Stat(Duration.ofNanos(total / sorted.size()), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), sorted.size());
    }

    @Override
    public String toString() {
      return String.format("mean %.2f s, p50 %.2f s, max %.2f s (%d trials)",
          mean.toNanos() / 1e9, p50.toNanos() / 1e9, max.toNanos() / 1e9, trials);
    }
  }

  /** All figures. Rates are requests per second. */
  public record Figures(Stat releasePolling, Stat releaseWatching, Stat crashPolling, Stat crashWatching,
      double leaderRate, double followerRatePolling, double followerRateWatching) {}

  private HandoverBenchmark() {}

  public static Figures run(int trials, long seed) {
    List<Duration> releasePolling = new ArrayList<>();
    List<Duration> releaseWatching = new ArrayList<>();
    List<Duration> crashPolling = new ArrayList<>();
    List<Duration> crashWatching = new ArrayList<>();
    Random r = new Random(seed);
    for (int i = 0; i < trials; i++) {
      releasePolling.add(handover(false, true, r.nextLong()));
      releaseWatching.add(handover(true, true, r.nextLong()));
      crashPolling.add(handover(false, false, r.nextLong()));
      crashWatching.add(handover(true, false, r.nextLong()));
    }
    double[] polling = steadyRates(false, seed);
    double[] watching = steadyRates(true, seed);
    return new Figures(Stat.of(releasePolling), Stat.of(releaseWatching), Stat.of(crashPolling), Stat.of(crashWatching),
        polling[0], polling[1], watching[1]);
  }

  /** From the leader's release (or crash) to the next {@code onStartedLeading} of another candidate. */
  static Duration handover(boolean watch, boolean release, long seed) {
    ElectionSimulation.Options options =
        new ElectionSimulation.Options(3, LeaseTiming.defaults(), watch, true, 0, null, seed);
    try (ElectionSimulation sim = new ElectionSimulation(options)) {
      sim.store.setMaxLatency(Duration.ofMillis(10)); // 0-10 ms per leg, 5 ms on average
      sim.startAll();
      // Let followers settle, then strike at a random phase of the renew and retry cycles.
      Duration strike = Duration.ofSeconds(40).plusMillis(new Random(seed).nextInt(4_400));
      Instant[] struckAt = new Instant[1];
      int[] leader = {-1};
      sim.at(strike, () -> {
        leader[0] = sim.leaders().get(0);
        struckAt[0] = sim.clock.instant();
        if (release) {
          sim.nodes.get(leader[0]).stop();
        } else {
          sim.nodes.get(leader[0]).crash();
        }
      });
      sim.runUntil(strike.plusSeconds(40), null);
      Instant from = struckAt[0];
      if (release) {
        from = sim.store.log.stream().filter(w -> w.record().holderIdentity().isEmpty()).findFirst()
            .orElseThrow(() -> new AssertionError("no release was written")).at();
      }
      Instant since = from;
      ElectionSimulation.Started next = sim.started.stream()
          .filter(s -> s.node() != leader[0] && !s.at().isBefore(since)).findFirst()
          .orElseThrow(() -> new AssertionError("no new leader within 40 s"));
      return Duration.between(from, next.at());
    }
  }

  /** {leader, per follower} requests per second over ten minutes without faults. */
  static double[] steadyRates(boolean watch, long seed) {
    ElectionSimulation.Options options =
        new ElectionSimulation.Options(3, LeaseTiming.defaults(), watch, true, 0, null, seed);
    try (ElectionSimulation sim = new ElectionSimulation(options)) {
      sim.store.setMaxLatency(Duration.ofMillis(10));
      sim.startAll();
      Duration warmUp = Duration.ofSeconds(60);
      Duration window = Duration.ofMinutes(10);
      long[] before = new long[3];
      sim.at(warmUp, () -> {
        for (int i = 0; i < 3; i++) {
          before[i] = sim.nodes.get(i).requests.get();
        }
      });
      sim.runUntil(warmUp.plus(window), null);
      int leader = sim.leaders().get(0);
      double leaderRate = 0;
      double followers = 0;
      for (int i = 0; i < 3; i++) {
        double rate = (sim.nodes.get(i).requests.get() - before[i]) / (double) window.toSeconds();
        if (i == leader) {
          leaderRate = rate;
        } else {
          followers += rate / 2;
        }
      }
      return new double[] {leaderRate, followers};
    }
  }

  /** Prints the figures as the table in {@code lease/README.md}. */
  public static void main(String[] args) {
    int trials = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    Figures f = run(trials, 2026);
    System.out.println("| measurement | polling followers (client-go) | watch-driven followers |");
    System.out.println("|---|---|---|");
    System.out.println("| release → next leader | " + f.releasePolling() + " | " + f.releaseWatching() + " |");
    System.out.println("| crash → next leader | " + f.crashPolling() + " | " + f.crashWatching() + " |");
    System.out.printf("| requests/s, leader | %.3f | %.3f |%n", f.leaderRate(), f.leaderRate());
    System.out.printf("| requests/s, each follower | %.3f | %.3f (+ one watch) |%n", f.followerRatePolling(), f.followerRateWatching());
  }
}
