package io.kubeloop.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.Lease;
import io.kubeloop.core.api.ObjectMeta;
import io.kubeloop.core.client.KubeClient;
import io.kubeloop.testing.Await;
import io.kubeloop.testing.apiserver.ApiServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;

/**
 * The threads an elector starts are gone when {@link LeaderElector#run} returns: here a watch-driven follower's
 * {@code -watch} thread, on the real clock over real HTTP, checked the instant {@code run} returns.
 */
class ElectorThreadsTest {
  final ApiServer server = ApiServer.start();
  final KubeClient client = KubeClient.create(server.clientConfig());

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  static List<String> threads(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive).map(Thread::getName).filter(n -> n.startsWith(prefix)).toList();
  }

  @RepeatedTest(10)
  void aFollowersWatchThreadIsGoneWhenRunReturns() throws Exception {
    Instant t = Instant.now();
    client.resource(Lease.TYPE).inNamespace("default")
        .create(Lease.of(ObjectMeta.of("default", "threads"), LeaderElectionRecord.of("x", 60, t, t, 0).toSpec(null)));
    LeaderElector elector = LeaderElector.create(LeaderElectionConfig.builder()
        .lock(LeaseLock.builder(client.resource(Lease.TYPE), "default", "threads", "me").build())
        .timing(new LeaseTiming(Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(300)))
        .watchFollowers(true)
        .callbacks(LeaderCallbacks.of(ctx -> {}, () -> {}))
        .build());
    Context context = Context.background().withCancel();
    Thread runner = new Thread(() -> elector.run(context), "test-runner");
    runner.start();
    Await.until("the follower watches", () -> elector.getLeader().equals("x")
        && threads("leader-elector[default/threads]-watch").size() == 1);
    context.cancel();
    runner.join(5_000);
    assertEquals(List.of(), threads("leader-elector[default/threads]"), "threads left when run returned");
  }
}
