package io.kubeloop.examples.bench;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.Lease;
import io.kubeloop.core.client.KubeClient;
import io.kubeloop.lease.LeaderCallbacks;
import io.kubeloop.lease.LeaderElectionConfig;
import io.kubeloop.lease.LeaderElector;
import io.kubeloop.lease.LeaseLock;
import io.kubeloop.testing.apiserver.ApiServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Leader handover in real time: three candidates, each with its own client, on one Lease of the embedded API
 * server, with shortened timing (lease 3 s, renew deadline 2 s, retry 0.5 s) so a run takes seconds, not minutes.
 * Scale the results by 5 for client-go's common 15 s / 10 s / 2 s defaults ({@code lease/README.md} has the same
 * figures on virtual time at those defaults).
 *
 * <ol>
 *   <li>release → next leader's {@code onStartedLeading}: the leader is cancelled with release on cancel;
 *       polling followers (client-go) against watch-driven followers;
 *   <li>crash → next leader: the leader stops without releasing (cancelled with release off), so followers must
 *       wait out the lease on their own clocks;
 *   <li>API requests per second per candidate at steady state (leader and followers), counted in the server's
 *       request log over 5 s; a follower's open watch is not counted.
 * </ol>
 */
final class HandoverBench implements Benchmark {
  private static final Duration LEASE = Duration.ofSeconds(3);
  private static final Duration RENEW = Duration.ofSeconds(2);
  private static final Duration RETRY = Duration.ofMillis(500);
  private static final int CANDIDATES = 3;
  private static final Duration STEADY_WINDOW = Duration.ofSeconds(5);

  private ApiServer server;
  private int trial;

  @Override
  public String name() {
    return "handover";
  }

  @Override
  public String description() {
    return CANDIDATES + " candidates, lease 3s / renew 2s / retry 0.5s: release and crash handover, requests/s";
  }

  @Override
  public void setUp(BenchOptions options) {
    server = ApiServer.start();
  }

  @Override
  public void run(BenchOptions options, Run run) throws Exception {
    for (boolean watching : new boolean[] {false, true}) {
      String mode = watching ? "watch-driven" : "polling";
      run.record("release -> new leader, " + mode, handover(watching, true, null) * 1000, "ms", false);
      run.record("crash -> new leader, " + mode, handover(watching, false, null) * 1000, "ms", false);
    }
    double[] rates = new double[2];
    handover(false, true, rates);
    run.record("requests/s, leader", rates[0], "req/s", false);
    run.record("requests/s, each follower", rates[1], "req/s", false);
  }

  /**
   * Starts the candidates, waits for a leader, then stops it (releasing or not) and returns the seconds until
   * another candidate starts leading. With {@code rates} non-null it first measures steady-state request rates.
   */
  private double handover(boolean watching, boolean release, double[] rates) throws Exception {
    String lease = "bench-" + (++trial);
    BlockingQueue<String> started = new LinkedBlockingQueue<>();
    List<Candidate> candidates = new ArrayList<>();
    try {
      for (int i = 0; i < CANDIDATES; i++) {
        candidates.add(new Candidate(lease, "c" + i + "-" + trial, watching, release, started));
      }
      String leader = started.poll(30, TimeUnit.SECONDS);
      if (leader == null) {
        throw new IllegalStateException("no candidate became leader of " + lease + " within 30 s");
      }
      if (rates != null) {
        measureRates(leader, candidates, rates);
      }
      Candidate stopping = candidates.stream().filter(c -> c.identity.equals(leader)).findFirst().orElseThrow();
      long stoppedAt = System.nanoTime();
      stopping.stop();
      String next = started.poll(30, TimeUnit.SECONDS);
      if (next == null || next.equals(leader)) {
        throw new IllegalStateException("no other candidate took over " + lease + " within 30 s");
      }
      return (System.nanoTime() - stoppedAt) / 1e9;
    } finally {
      for (Candidate c : candidates) {
        c.stop();
      }
    }
  }

  private void measureRates(String leader, List<Candidate> candidates, double[] rates) throws InterruptedException {
    server.requests().clear();
    Context window = Context.background().withCancel();
    window.await(STEADY_WINDOW.toMillis(), TimeUnit.MILLISECONDS); // a real-time window: this is a benchmark
    double seconds = STEADY_WINDOW.toMillis() / 1000.0;
    double followers = 0;
    for (Candidate c : candidates) {
      double rate = server.requests().count(r -> c.identity.equals(r.identity()) && !r.isWatch()) / seconds;
      if (c.identity.equals(leader)) {
        rates[0] = rate;
      } else {
        followers += rate;
      }
    }
    rates[1] = followers / (candidates.size() - 1);
  }

  /** One candidate: its own client (its User-Agent is its identity in the request log) and elector thread. */
  private final class Candidate {
    final String identity;
    final KubeClient client;
    final Context context = Context.background().withCancel();
    final Thread thread;

    Candidate(String lease, String identity, boolean watching, boolean release, BlockingQueue<String> started) {
      this.identity = identity;
      this.client = KubeClient.create(server.clientConfig().newBuilder().userAgent(identity).build());
      LeaseLock lock = LeaseLock.builder(client.resource(Lease.TYPE), "default", lease, identity).build();
      LeaderElectionConfig config = LeaderElectionConfig.builder()
          .lock(lock)
          .leaseDuration(LEASE)
          .renewDeadline(RENEW)
          .retryPeriod(RETRY)
          .releaseOnCancel(release)
          .watchFollowers(watching)
          .callbacks(LeaderCallbacks.of(ctx -> started.add(identity), () -> {}))
          .build();
      LeaderElector elector = LeaderElector.create(config);
      this.thread = new Thread(() -> {
        try {
          elector.run(context);
        } catch (Exception e) {
          // stopped: nothing to report, the handover times tell the story
        }
      }, "bench-candidate-" + identity);
      thread.start();
    }

    void stop() throws InterruptedException {
      context.cancel();
      thread.join(10_000);
      client.close();
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
  }
}
