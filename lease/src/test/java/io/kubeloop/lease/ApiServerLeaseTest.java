package io.kubeloop.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.core.Context;
import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.api.Json;
import io.kubeloop.core.api.Lease;
import io.kubeloop.core.client.KubeClient;
import io.kubeloop.core.client.ResourceClient;
import io.kubeloop.testing.Await;
import io.kubeloop.testing.FakeClock;
import io.kubeloop.testing.apiserver.ApiServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link LeaseLock} and {@link LeaderElector} against the embedded API server over real HTTP: the server's
 * validation accepts what kubeloop writes, its optimistic concurrency answers 409, a watch-driven follower takes a
 * released lease over the server's watch, a partitioned leader's hung renew is aborted at the renew deadline, and
 * kubeloop takes over a Lease written the way client-go writes it. Requests go through core's HTTP client, one
 * bearer-token user per candidate (so the server can partition one); the electors run on a fake clock.
 */
class ApiServerLeaseTest {
  final ApiServer server = ApiServer.start();
  /** Nanoseconds on purpose: real clocks have them, the wire (MicroTime) does not, and release must still work. */
  final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00.000000789Z"));
  final List<Thread> runners = new ArrayList<>();
  final List<Context> contexts = new ArrayList<>();
  final List<KubeClient> clients = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    contexts.forEach(Context::cancel);
    for (Thread t : runners) {
      t.join(10_000);
    }
    clients.forEach(KubeClient::close);
    server.close();
  }

  /** Leases as {@code identity} sees them: a core HTTP client with that user's bearer token. */
  ResourceClient<Lease> leases(String identity) {
    KubeClient client = KubeClient.create(server.clientConfig(server.addTokenUser(identity)));
    clients.add(client);
    return client.resource(Lease.TYPE);
  }

  LeaseLock lock(String identity) {
    return LeaseLock.builder(leases(identity), "default", "ctrl", identity).clock(clock).build();
  }

  JsonNode raw() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(server.url() + "/apis/coordination.k8s.io/v1/namespaces/default/leases/ctrl")).build(),
        HttpResponse.BodyHandlers.ofString());
    return Json.tree(r.body());
  }

  @Test
  void leaseLockSpeaksTheServersConcurrency() throws Exception {
    LeaseLock a = LeaseLock.builder(leases("a"), "default", "ctrl", "a")
        .labels(Map.of("app", "ctrl")).build();
    LeaseLock b = lock("b");
    Instant t = Instant.parse("2026-01-01T00:00:00.1234567Z");
    assertTrue(assertThrows(ApiException.class, () -> a.get(Context.background())).isNotFound());
    a.create(Context.background(), LeaderElectionRecord.of("a", 15, t, t, 0));
    assertTrue(assertThrows(ApiException.class, () -> b.create(Context.background(), LeaderElectionRecord.of("b", 15, t, t, 0)))
        .isAlreadyExists());

    assertEquals(LeaderElectionRecord.of("a", 15, Instant.parse("2026-01-01T00:00:00.123456Z"),
        Instant.parse("2026-01-01T00:00:00.123456Z"), 0), b.get(Context.background()), "MicroTime keeps microseconds");
    a.update(Context.background(), LeaderElectionRecord.of("a", 15, t, t.plusSeconds(2), 0));
    ApiException stale = assertThrows(ApiException.class,
        () -> b.update(Context.background(), LeaderElectionRecord.of("b", 15, t, t, 1)));
    assertTrue(stale.isConflict(), "b's cached resourceVersion is stale: " + stale.getMessage());

    JsonNode stored = raw();
    assertEquals("2026-01-01T00:00:02.123456Z", stored.at("/spec/renewTime").asText());
    assertEquals("ctrl", stored.at("/metadata/labels/app").asText());
    b.get(Context.background());
    b.update(Context.background(), LeaderElectionRecord.of("", 1, t, t, 0));
    assertEquals("", raw().at("/spec/holderIdentity").asText(), "an empty holder is stored as \"\"");
  }

  LeaderElector run(String identity, boolean watch, List<String> log) {
    LeaderElector elector = LeaderElector.create(LeaderElectionConfig.builder()
        .lock(lock(identity))
        .timing(LeaseTiming.defaults())
        .callbacks(LeaderCallbacks.of(ctx -> log.add(identity + " started"), () -> log.add(identity + " stopped")))
        .releaseOnCancel(true)
        .watchFollowers(watch)
        .callbackExecutor(Runnable::run)
        .clock(clock)
        .build());
    Context context = Context.background().withCancel();
    contexts.add(context);
    Thread t = new Thread(() -> elector.run(context), "test-" + identity);
    runners.add(t);
    t.start();
    return elector;
  }

  @Test
  void watchDrivenFollowerTakesAReleasedLeaseThroughTheServersWatch() {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    LeaderElector a = run("a", false, log);
    Await.until("a leads", a::isLeader);
    LeaderElector b = run("b", true, log);
    Await.until("b saw a", () -> b.getLeader().equals("a"));
    contexts.get(0).cancel(); // a releases; b's watch wakes it without any step of the clock
    Await.until("b leads", () -> log.contains("b started"));
    assertEquals(List.of("a started", "a stopped", "b started"), log);
    assertEquals(1, Json.convert(Await.value("lease", () -> {
      try {
        return raw();
      } catch (Exception e) {
        return null;
      }
    }).get("spec"), io.kubeloop.core.api.LeaseSpec.class).leaseTransitions());
  }

  @Test
  void partitionedLeadersHungRenewIsAbortedAtTheRenewDeadline() {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    LeaderElector a = run("a", false, log);
    // The one waiter must be the renew loop's sleep of one retry period, not the deadline of a renew still in
    // flight: stepping past that deadline's start would leave the hung renew's own deadline in the future.
    Await.until("a leads and sleeps", () -> a.isLeader() && clock.waiterCount() == 1
        && clock.instant().plus(LeaseTiming.defaults().retryPeriod()).equals(clock.nextDue()));
    server.faults().partition("a");
    Instant renewFrom = clock.instant();
    clock.step(Duration.ofSeconds(2)); // the renew starts; its PUT hangs
    clock.awaitWaiters(1);             // the renew deadline
    clock.step(Duration.ofSeconds(10));
    Await.until("leadership ended at the deadline", () -> a.state() == ElectorState.STOPPING);
    assertEquals(Duration.ofSeconds(12), Duration.between(renewFrom, clock.instant()));
    assertFalse(a.guard().isHeld());
    clock.awaitWaiters(1);             // the release's own deadline: its GET hangs too
    clock.step(Duration.ofSeconds(10));
    Await.until("a stopped", () -> log.contains("a stopped"));
    server.faults().heal("a");
  }

  /** The only waiter is a follower's retry wait: an attempt in flight has its renew-deadline timer instead. */
  boolean retryWaiting() {
    java.time.Instant due = clock.nextDue();
    return clock.waiterCount() == 1 && due != null
        && !Duration.between(clock.instant(), due).equals(LeaseTiming.defaults().renewDeadline());
  }

  @Test
  void takesOverALeaseWrittenTheWayClientGoWritesIt() throws Exception {
    JsonNode golden = LeaseLockTest.resource("client-go-create.json");
    ((ObjectNode) golden.get("metadata")).put("namespace", "default").put("name", "ctrl");
    ((ObjectNode) golden.get("spec")).put("holderIdentity", "go-controller-1");
    HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(server.url() + "/apis/coordination.k8s.io/v1/namespaces/default/leases"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(golden.toString())).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(201, created.statusCode(), created.body());

    List<String> log = Collections.synchronizedList(new ArrayList<>());
    LeaderElector k = run("kubeloop-1", false, log);
    Await.until("saw the Go holder", () -> k.getLeader().equals("go-controller-1"));
    Instant seen = clock.instant();
    while (!k.isLeader()) {
      Await.until("waiting to retry (not an attempt's renew-deadline timer)", () -> k.isLeader() || retryWaiting());
      if (!k.isLeader()) {
        clock.stepToNextWaiter();
      }
    }
    assertTrue(Duration.between(seen, clock.instant()).compareTo(Duration.ofSeconds(10)) >= 0,
        "waited out the advertised 10 s on its own clock");
    JsonNode spec = raw().get("spec");
    assertEquals("kubeloop-1", spec.get("holderIdentity").asText());
    assertEquals(1, spec.get("leaseTransitions").asInt());
    assertEquals(15, spec.get("leaseDurationSeconds").asInt());
  }
}
