package io.kubeloop.lease;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A short run of {@link HandoverBenchmark} with the properties its figures must have: watch-driven followers take
 * a released lease within a few request latencies, polling followers within one jittered retry (< 2.2 × 2 s),
 * and a crashed leader is replaced within the lease duration plus one retry (at the exact expiry with a watch).
 */
class HandoverBenchmarkTest {
  @Test
  void handoverFiguresHaveTheExpectedShape() {
    HandoverBenchmark.Figures f = HandoverBenchmark.run(3, 7);
    System.out.println("handover (3 trials): release polling " + f.releasePolling() + "; release watching "
        + f.releaseWatching() + "; crash polling " + f.crashPolling() + "; crash watching " + f.crashWatching()
        + String.format("; requests/s leader %.2f, follower %.2f polling / %.2f watching",
        f.leaderRate(), f.followerRatePolling(), f.followerRateWatching()));
    assertTrue(f.releaseWatching().max().compareTo(Duration.ofMillis(100)) < 0, "watching: " + f.releaseWatching());
    assertTrue(f.releasePolling().max().compareTo(Duration.ofMillis(4_400 + 100)) < 0, "polling: " + f.releasePolling());
    assertTrue(f.crashWatching().max().compareTo(Duration.ofSeconds(15).plusMillis(100)) < 0, "crash watching: " + f.crashWatching());
    assertTrue(f.crashPolling().max().compareTo(Duration.ofMillis(15_000 + 4_400 + 100)) < 0, "crash polling: " + f.crashPolling());
    assertTrue(f.leaderRate() > 0.4 && f.leaderRate() < 0.6, "a renew (one PUT) every 2 s: " + f.leaderRate());
    assertTrue(f.followerRateWatching() < f.followerRatePolling() + 0.01, "watching followers poll no more");
  }
}
