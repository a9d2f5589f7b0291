package io.kubeloop.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.core.api.Lease;
import io.kubeloop.core.api.ObjectMeta;
import io.kubeloop.core.client.KubeClient;
import io.kubeloop.testing.Await;
import io.kubeloop.testing.FakeClock;
import io.kubeloop.testing.apiserver.ApiServer;
import io.kubeloop.testing.apiserver.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link LeaseLock#watch}'s reconnect loop against the embedded API server, its backoff on the lock's fake clock: a
 * watch the server ends at once is reopened with a growing backoff, not in a loop (the ADDED each connection starts
 * with does not reset it); a watch that goes silent is
 * replaced when its lifetime runs out.
 */
class LeaseWatchTest {
  final FakeClock clock = new FakeClock();
  ApiServer server;
  KubeClient client;
  WatchableLock.Subscription subscription;

  @AfterEach
  void stop() {
    if (subscription != null) {
      subscription.close();
    }
    client.close();
    server.close();
  }

  LeaseLock start(ApiServer s) throws Exception {
    server = s;
    client = KubeClient.create(server.clientConfig());
    Instant t = Instant.now();
    client.resource(Lease.TYPE).inNamespace("default")
        .create(Lease.of(ObjectMeta.of("default", "w"), LeaderElectionRecord.of("x", 15, t, t, 0).toSpec(null)));
    return LeaseLock.builder(client.resource(Lease.TYPE), "default", "w", "me").clock(clock).build();
  }

  int watches() {
    return server.requests().count(RecordedRequest::isWatch);
  }

  /** The lock's watch thread sleeps on the fake clock, due {@code after} from now, with nothing else pending. */
  boolean backingOff(Duration after) {
    return clock.waiterCount() == 1 && clock.nextDue().equals(clock.instant().plus(after));
  }

  @Test
  void aWatchTheServerEndsAtOnceIsReopenedWithAGrowingBackoff() throws Exception {
    LeaseLock lock = start(ApiServer.start());
    AtomicInteger deliveries = new AtomicInteger();
    subscription = lock.watch(r -> deliveries.incrementAndGet());
    for (int n = 1; n <= 3; n++) {
      int watches = n;
      Await.until("watch " + n + " open", () -> watches() == watches && deliveries.get() == watches);
      server.faults().dropWatches(); // ends it cleanly, no time after it opened (the lock's clock does not move)
      Duration backoff = Duration.ofSeconds(1L << (n - 1));
      Await.until("backing off " + backoff + " after watch " + n, Duration.ofSeconds(3),
          () -> watches() == watches && backingOff(backoff));
      clock.step(backoff);
    }
    Await.until("watch 4 open", () -> watches() == 4);
  }

  @Test
  void aSilentWatchIsReplacedWhenItsLifetimeRunsOut() throws Exception {
    LeaseLock lock = start(ApiServer.start());
    AtomicInteger deliveries = new AtomicInteger();
    subscription = lock.watch(r -> deliveries.incrementAndGet());
    Await.until("watching", () -> watches() == 1 && deliveries.get() == 1 && clock.waiterCount() == 1);
    long timeoutSeconds = Long.parseLong(server.requests().matching(RecordedRequest::isWatch).get(0).queryParameter("timeoutSeconds"));
    assertTrue(timeoutSeconds >= 300 && timeoutSeconds < 600, "asks the server for 5 to 10 minutes: " + timeoutSeconds);
    server.faults().stallWatches(); // a dead connection: open, silent, forever
    clock.step(Duration.ofSeconds(timeoutSeconds).plusSeconds(5));
    Await.until("a new watch replaced the silent one", () -> watches() == 2 && deliveries.get() == 2);
    assertEquals(2, watches(), "reopened at once: the silent one had lived its lifetime");
  }
}
