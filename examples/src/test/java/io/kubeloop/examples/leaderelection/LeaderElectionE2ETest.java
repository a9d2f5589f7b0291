package io.kubeloop.examples.leaderelection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.Lease;
import io.kubeloop.core.client.KubeClient;
import io.kubeloop.examples.embedded.EmbeddedCluster;
import io.kubeloop.lease.ElectorState;
import io.kubeloop.lease.LeaderElector;
import io.kubeloop.lease.LeaseTiming;
import io.kubeloop.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leader-election example's electors, as the command configures them, against the embedded server: the lease
 * is handed over when the leader stops, and a leader cut off from the server gives up after the renew deadline.
 */
class LeaderElectionE2ETest {
  private static final LeaseTiming TIMING = new LeaseTiming(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(500));

  @TempDir
  Path dir;
  private EmbeddedCluster cluster;
  private KubeClient admin;
  private final Map<String, Candidate> candidates = new LinkedHashMap<>();

  /** One candidate: its own client (User-Agent = id, which is its identity for the server's partitions). */
  private final class Candidate {
    final KubeClient client;
    final Context context = Context.background().withCancel();
    final Thread thread;
    final LeaderElector elector;

    Candidate(String id) {
      client = KubeClient.create(cluster.clientConfig().newBuilder().userAgent(id).build());
      LeaderElectionCommand.Options o = new LeaderElectionCommand.Options("", id, "example", "default",
          TIMING.leaseDuration(), TIMING.renewDeadline(), TIMING.retryPeriod(), true, true);
      elector = LeaderElector.create(LeaderElectionCommand.config(o, TIMING, client));
      thread = new Thread(() -> elector.run(context), "candidate-" + id);
      thread.start();
    }
  }

  @BeforeEach
  void start() throws Exception {
    cluster = EmbeddedCluster.start(0, false, dir.resolve("kubeconfig"), false);
    admin = KubeClient.create(cluster.clientConfig());
  }

  @AfterEach
  void stop() throws Exception {
    cluster.server().faults().reset();
    for (Candidate c : candidates.values()) {
      c.context.cancel();
      c.thread.join(10_000);
      c.client.close();
    }
    admin.close();
    cluster.close();
  }

  private void start(String... ids) {
    for (String id : ids) {
      candidates.put(id, new Candidate(id));
    }
  }

  private String holder() {
    try {
      String h = admin.resource(Lease.TYPE).inNamespace("default").get("example").spec().holderIdentity();
      return h == null ? "" : h;
    } catch (Exception e) {
      return "";
    }
  }

  @Test
  void stoppingTheLeaderHandsTheLeaseOver() throws Exception {
    start("1", "2", "3");
    Await.until("a leader", () -> !holder().isEmpty());
    String leader = holder();
    Candidate c = candidates.get(leader);
    c.context.cancel();
    c.thread.join(10_000);
    long released = System.nanoTime();
    Await.until("another leader", () -> !holder().isEmpty() && !holder().equals(leader));
    assertNotEquals(leader, holder());
    // Released on cancel, so a follower takes it well before it could have expired.
    long waited = System.nanoTime() - released;
    assertTrue(waited < TIMING.leaseDuration().toNanos(),
        "a released lease is taken before it would have expired, but took " + waited / 1_000_000 + " ms");
  }

  @Test
  void aLeaderCutOffFromTheServerGivesUpAfterTheRenewDeadline() throws Exception {
    start("a");
    Await.until("a leads", () -> holder().equals("a") && candidates.get("a").elector.state() == ElectorState.LEADING);
    start("b");
    long cut = System.nanoTime();
    cluster.server().faults().partition("a");
    Candidate a = candidates.get("a");
    Await.until("a gives up leading", Duration.ofSeconds(10), () -> a.elector.state() != ElectorState.LEADING);
    long gaveUp = System.nanoTime() - cut;
    assertTrue(gaveUp >= TIMING.renewDeadline().minusMillis(TIMING.retryPeriod().toMillis()).toNanos(),
        "a kept trying for about the renew deadline: " + gaveUp / 1_000_000 + " ms");
    assertTrue(gaveUp < TIMING.leaseDuration().toNanos(),
        "the cut-off leader stops before a follower may take over: " + gaveUp / 1_000_000 + " ms");
    // Then its leader context is cancelled, its controller loop returns, it tries to release, and run returns.
    a.thread.join(TIMING.renewDeadline().plusSeconds(5).toMillis());
    assertTrue(!a.thread.isAlive(), "a's run returned");
    Await.until("b takes over", Duration.ofSeconds(15), () -> holder().equals("b"));
    assertEquals("b", holder());
  }
}
