package io.kubeloop.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.Lease;
import io.kubeloop.core.config.ClientConfig;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** client-go's QPS and Burst: a token bucket per client, every attempt taking a token, waits on the client's clock. */
@Timeout(30)
class RateLimitStageTest extends ServerSupport {
  static final String LEASE = "{\"kind\":\"Lease\",\"metadata\":{\"name\":\"a\",\"namespace\":\"ns\"}}";

  KubeClient throttled(float qps, int burst, TestClock onClock) {
    return KubeClient.create(config().rateLimit(qps, burst).build(), onClock);
  }

  @Test
  void theBurstGoesAtOnceThenOneRequestPerTick() throws Exception {
    TestClock ticking = new TestClock();
    try (KubeClient c = throttled(5, 2, ticking)) {
      for (int i = 0; i < 5; i++) {
        server.enqueue(json(200, LEASE));
        c.resource(Lease.TYPE).inNamespace("ns").get("a");
      }
    }
    assertEquals(List.of(Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(200)), ticking.sleeps,
        "two at once (the burst), then 1/5 s apart");
  }

  @Test
  void requestsArrivingTogetherAreServedInOrderOneTickApart() {
    RateLimitStage stage = new RateLimitStage(5, 2, clock, Context.background());
    List<Duration> waits = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      waits.add(stage.reserve());
    }
    assertEquals(List.of(Duration.ZERO, Duration.ZERO, Duration.ofMillis(200), Duration.ofMillis(400),
        Duration.ofMillis(600)), waits);
  }

  @Test
  void everyAttemptOfARetriedRequestTakesAToken() throws Exception {
    TestClock ticking = new TestClock();
    try (KubeClient c = throttled(1, 1, ticking)) {
      server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "0").build());
      server.enqueue(json(200, LEASE));
      c.resource(Lease.TYPE).inNamespace("ns").get("a");
    }
    assertEquals(2, server.getRequestCount());
    assertEquals(List.of(Duration.ZERO, Duration.ofSeconds(1)), ticking.sleeps,
        "Retry-After 0, then a second for the retry's token");
  }

  @Test
  void aCancelledWaitEndsAtOnceAndGivesItsTokenBack() throws Exception {
    RetryStageTest.BlockingClock blocking = new RetryStageTest.BlockingClock();
    RateLimitStage stage = new RateLimitStage(1, 1, blocking, Context.background());
    assertEquals(Duration.ZERO, stage.reserve(), "the burst of one");
    Context context = Context.background().withCancel();
    KubeRequest request = KubeRequest.of("GET", URI.create("http://kube.example"), "/api/v1/namespaces", "")
        .withContext(context);
    CompletableFuture<Throwable> failure = CompletableFuture.supplyAsync(() -> {
      try {
        stage.intercept(request, r -> {
          throw new AssertionError("must not reach the server");
        });
        return null;
      } catch (Exception e) {
        return e;
      }
    });
    assertTrue(blocking.sleeping.await(10, TimeUnit.SECONDS), "waiting a second for a token");
    context.cancel();
    Throwable e = failure.get(10, TimeUnit.SECONDS);
    assertTrue(e instanceof InterruptedIOException && e.getMessage().contains("client-side rate limiter"),
        String.valueOf(e));
    assertEquals(Duration.ofSeconds(1), stage.reserve(), "the next request waits one tick, not two");
  }

  @Test
  void aRateLimitThatCannotWorkIsRefusedWithTheFix() {
    ClientConfig.Builder b = ClientConfig.builder(URI.create("https://kube.example"));
    IllegalArgumentException qps = assertThrows(IllegalArgumentException.class, () -> b.rateLimit(-1, 10));
    assertTrue(qps.getMessage().contains("qps above 0") && qps.getMessage().contains("rateLimit(0, 0)"),
        qps.getMessage());
    IllegalArgumentException burst = assertThrows(IllegalArgumentException.class, () -> b.rateLimit(5, 0));
    assertTrue(burst.getMessage().contains("burst of at least 1"), burst.getMessage());
    assertEquals(0, b.rateLimit(0, 0).build().qps(), "off");
    assertTrue(b.rateLimit(50, 100).build().toString().contains("qps=50.0, burst=100"));
  }
}
