package io.kubeloop.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.api.Lease;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** client-go's TestIsNextRetry, TestCheckRetryClosesBody, TestCheckRetryHandles429And5xx and friends. */
@Timeout(30)
class RetryStageTest extends ServerSupport {
  static final String LEASE = "{\"kind\":\"Lease\",\"metadata\":{\"name\":\"a\",\"namespace\":\"ns\"}}";

  record Case(String name, int retries, int maxRetries, int code, String retryAfter, String flowSchema,
      boolean retry, Duration delay, String reason) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> responseCases() {
    return Stream.of(
        new Case("maxRetries 0 never retries", 0, 0, 429, "1", null, false, Duration.ZERO, ""),
        new Case("429 with Retry-After 2 waits 2s", 0, 10, 429, "2", "fs-1", true, Duration.ofSeconds(2),
            "retries: 1, retry-after: 2s - retry-reason: due to server-side throttling, FlowSchema UID: \"fs-1\""),
        new Case("503 with Retry-After 3 waits 3s", 0, 10, 503, "3", null, true, Duration.ofSeconds(3),
            "retries: 1, retry-after: 3s - retry-reason: 503"),
        new Case("Retry-After 0 retries at once", 0, 10, 500, "0", null, true, Duration.ZERO,
            "retries: 1, retry-after: 0s - retry-reason: 500"),
        new Case("429 without Retry-After is not retried", 0, 10, 429, null, null, false, Duration.ZERO, ""),
        new Case("503 without Retry-After is not retried", 0, 10, 503, null, null, false, Duration.ZERO, ""),
        new Case("an HTTP-date Retry-After is not honoured", 0, 10, 503, "Wed, 21 Oct 2015 07:28:00 GMT", null,
            false, Duration.ZERO, ""),
        new Case("409 with Retry-After is not retried", 0, 10, 409, "1", null, false, Duration.ZERO, ""),
        new Case("the tenth retry is allowed", 9, 10, 429, "1", null, true, Duration.ofSeconds(1),
            "retries: 10, retry-after: 1s - retry-reason: due to server-side throttling, FlowSchema UID: \"\""),
        new Case("an eleventh is not", 10, 10, 429, "1", null, false, Duration.ZERO, ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("responseCases")
  void afterResponse(Case c) {
    RetryStage.Decision d = RetryStage.afterResponse(c.retries(), c.maxRetries(), c.code(), c.retryAfter(), c.flowSchema());
    assertEquals(c.retry(), d.retry());
    assertEquals(c.delay(), d.delay());
    assertEquals(c.reason(), d.reason());
  }

  @Test
  void transportErrorsAreRetriedOnlyForGetAndWatchAndOnlyWhenTheConnectionDropped() {
    KubeRequest get = KubeRequest.of("GET", URI.create("http://h"), "/api/v1/pods", "");
    KubeRequest post = KubeRequest.of("POST", URI.create("http://h"), "/api/v1/pods", "");
    IOException reset = new IOException("GET /x failed", new java.net.SocketException("Connection reset"));
    assertTrue(RetryStage.isRetryable(get, reset));
    assertTrue(RetryStage.isRetryable(get, new EOFException("EOF reached while reading")));
    assertTrue(RetryStage.isRetryable(get.asWatch(), new java.net.http.HttpConnectTimeoutException("connect timed out")));
    assertFalse(RetryStage.isRetryable(get, new java.net.http.HttpTimeoutException("request timed out")));
    assertFalse(RetryStage.isRetryable(post, reset));
    assertFalse(RetryStage.isRetryable(get, new ConnectException("Connection refused")));
    RetryStage.Decision d = RetryStage.afterError(0, 3, get, new IOException("fake error", new EOFException()));
    assertEquals(Duration.ofSeconds(1), d.delay());
    assertEquals("retries: 1, retry-after: 1s - retry-reason: due to retryable error, error: fake error", d.reason());
    assertFalse(RetryStage.afterError(3, 3, get, new EOFException()).retry(), "maxRetries 3: the fourth error is final");
  }

  @Test
  void postIsRetriedWhenTheServerSaysRetryAfterAndTheBodyIsSentAgain() throws Exception {
    for (int i = 0; i < 4; i++) {
      server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "1").build());
    }
    server.enqueue(json(201, LEASE));
    client.resource(Lease.TYPE).inNamespace("ns").create(ResourceClientVerbsTest.lease("a"));
    assertEquals(5, server.getRequestCount());
    String first = take().getBody().utf8();
    for (int i = 0; i < 4; i++) {
      assertEquals(first, take().getBody().utf8(), "the full body is re-sent every time");
    }
    assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)), clock.sleeps);
  }

  @Test
  void every429And5xxWithRetryAfterIsRetried() throws Exception {
    for (int code : new int[] {429, 500, 501, 504}) {
      server.enqueue(new MockResponse.Builder().code(code).setHeader("Retry-After", "0").build());
    }
    server.enqueue(json(200, LEASE));
    client.resource(Lease.TYPE).inNamespace("ns").get("a");
    assertEquals(5, server.getRequestCount());
  }

  @Test
  void postWithout503RetryAfterIsNotRetried() throws Exception {
    server.enqueue(json(503, "{\"kind\":\"Status\",\"status\":\"Failure\",\"reason\":\"ServiceUnavailable\",\"code\":503}"));
    ApiException e = assertThrows(ApiException.class,
        () -> client.resource(Lease.TYPE).inNamespace("ns").create(ResourceClientVerbsTest.lease("a")));
    assertTrue(e.isServiceUnavailable());
    assertEquals(1, server.getRequestCount());
    assertTrue(clock.sleeps.isEmpty());
  }

  @Test
  void atMostTenRetries() throws Exception {
    for (int i = 0; i < 12; i++) {
      server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "1").build());
    }
    ApiException e = assertThrows(ApiException.class, () -> client.resource(Lease.TYPE).inNamespace("ns").get("a"));
    assertTrue(e.isTooManyRequests());
    assertEquals(1, e.retryAfterSeconds());
    assertEquals(11, server.getRequestCount(), "one attempt and ten retries");
    assertEquals(10, clock.sleeps.size());
  }

  @Test
  void getIsRetriedAfterTheConnectionDropsAndPostIsNot() throws Exception {
    MockResponse drop = new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket(true, false, false)).build();
    server.enqueue(drop);
    server.enqueue(drop);
    server.enqueue(json(200, LEASE));
    client.resource(Lease.TYPE).inNamespace("ns").get("a");
    // The JDK itself replays a GET once when a connection closes before the response, so our stage may see one
    // drop or two; either way the GET succeeds on the third request.
    assertEquals(3, server.getRequestCount());
    assertFalse(clock.sleeps.isEmpty());
    int sleeps = clock.sleeps.size();

    server.enqueue(drop);
    server.enqueue(json(201, LEASE));
    assertThrows(IOException.class, () -> client.resource(Lease.TYPE).inNamespace("ns").create(ResourceClientVerbsTest.lease("a")));
    assertEquals(4, server.getRequestCount(), "a POST whose connection dropped is sent once");
    assertEquals(sleeps, clock.sleeps.size(), "and not retried");
  }

  @Test
  void aWatchWhoseConnectionKeepsDroppingEndsAsAnEmptyWatchAfterTheRetries() throws Exception {
    MockResponse drop = new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket(true, false, false)).build();
    for (int i = 0; i < 30; i++) { // more than needed: the JDK may replay a GET itself
      server.enqueue(drop);
    }
    try (WatchStream<Lease> w = client.resource(Lease.TYPE).watch(WatchOptions.defaults())) {
      assertNull(w.next(), "an empty watch, no error: the caller watches again");
    }
    assertEquals(10, clock.sleeps.size());
  }

  @Test
  void aWatchIsRetriedOn5xxWithRetryAfterThenFailsWithTheStatus() throws Exception {
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse.Builder().code(500).setHeader("Retry-After", "1").body("boom").build());
    }
    RetryStage stage = new RetryStage(clock, 2);
    DefaultKubeClient c = (DefaultKubeClient) client;
    KubeRequest watch = c.request("GET", "/api/v1/pods", "watch=true").asWatch();
    try (KubeResponse r = RequestStage.run(List.of(stage), new TransportStage(java.net.http.HttpClient.newHttpClient(), io.kubeloop.core.Context.background()), watch)) {
      assertEquals(500, r.code());
    }
    assertEquals(3, server.getRequestCount(), "maxRetries 2: three attempts");
  }

  /** A clock whose sleep really waits, until the context it was given ends. */
  static final class BlockingClock extends TestClock {
    final java.util.concurrent.CountDownLatch sleeping = new java.util.concurrent.CountDownLatch(1);

    @Override
    public boolean sleep(Duration duration, io.kubeloop.core.Context context) {
      sleeping.countDown();
      try {
        context.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return false;
    }
  }

  @Test
  void closingTheClientEndsAWaitForTheNextAttempt() throws Exception {
    BlockingClock blocking = new BlockingClock();
    KubeClient waiting = KubeClient.create(config().build(), blocking);
    server.enqueue(new mockwebserver3.MockResponse.Builder().code(503).setHeader("Retry-After", "30").build());
    java.util.concurrent.CompletableFuture<Throwable> failure = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        waiting.resource(io.kubeloop.core.api.Lease.TYPE).inNamespace("ns").get("a");
        return null;
      } catch (Exception e) {
        return e;
      }
    });
    assertTrue(blocking.sleeping.await(10, java.util.concurrent.TimeUnit.SECONDS), "waiting 30 s for the retry");
    waiting.close();
    Throwable e = failure.get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertTrue(e instanceof java.io.InterruptedIOException && e.getMessage().contains("the client was closed"),
        String.valueOf(e));
  }
}
