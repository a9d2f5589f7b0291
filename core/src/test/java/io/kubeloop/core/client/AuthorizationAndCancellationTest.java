package io.kubeloop.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.api.Lease;
import io.kubeloop.core.config.CredentialProvider;
import io.kubeloop.core.api.WatchEvent;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class AuthorizationAndCancellationTest extends ServerSupport {
  static final String LEASE = "{\"kind\":\"Lease\",\"metadata\":{\"name\":\"a\",\"namespace\":\"ns\"}}";

  /** Hands out token-1, then token-2 after an invalidate (an exec plugin that runs again). */
  static final class RotatingCredentials implements CredentialProvider {
    final AtomicInteger generation = new AtomicInteger(1);
    final AtomicInteger invalidations = new AtomicInteger();
    final boolean refreshable;

    RotatingCredentials(boolean refreshable) {
      this.refreshable = refreshable;
    }

    @Override
    public Optional<String> authorization() {
      return Optional.of("Bearer token-" + generation.get());
    }

    @Override
    public boolean invalidate() {
      invalidations.incrementAndGet();
      if (refreshable) {
        generation.incrementAndGet();
      }
      return refreshable;
    }
  }

  KubeClient clientWith(CredentialProvider credentials) {
    return KubeClient.create(config().credentials(credentials).build(), clock);
  }

  @Test
  void a401IsRetriedOnceWithAFreshCredential() throws Exception {
    RotatingCredentials credentials = new RotatingCredentials(true);
    try (KubeClient c = clientWith(credentials)) {
      server.enqueue(new MockResponse.Builder().code(401).build());
      server.enqueue(json(200, LEASE));
      c.resource(Lease.TYPE).inNamespace("ns").get("a");
      assertEquals("Bearer token-1", take().getHeaders().get("Authorization"));
      assertEquals("Bearer token-2", take().getHeaders().get("Authorization"));
      assertEquals(1, credentials.invalidations.get());
    }
  }

  @Test
  void aSecond401GoesToTheCaller() {
    RotatingCredentials credentials = new RotatingCredentials(true);
    try (KubeClient c = clientWith(credentials)) {
      server.enqueue(new MockResponse.Builder().code(401).build());
      server.enqueue(new MockResponse.Builder().code(401).build());
      ApiException e = assertThrows(ApiException.class, () -> c.resource(Lease.TYPE).inNamespace("ns").get("a"));
      assertTrue(e.isUnauthorized());
      assertEquals(2, server.getRequestCount());
    }
  }

  @Test
  void noRetryWhenFreshCredentialsCannotHelp() {
    RotatingCredentials credentials = new RotatingCredentials(false);
    try (KubeClient c = clientWith(credentials)) {
      server.enqueue(new MockResponse.Builder().code(401).build());
      assertThrows(ApiException.class, () -> c.resource(Lease.TYPE).inNamespace("ns").get("a"));
      assertEquals(1, server.getRequestCount());
    }
  }

  @Test
  void theTokenAppearsInNoMessage() {
    server.enqueue(new MockResponse.Builder().code(401).body("bad token").build());
    ApiException e = assertThrows(ApiException.class, () -> client.resource(Lease.TYPE).inNamespace("ns").get("a"));
    assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
    assertFalse(client.toString().contains(TOKEN));
    assertFalse(client.config().toString().contains(TOKEN));
    KubeRequest r = ((DefaultKubeClient) client).request("GET", "/x", "").withHeader("Authorization", "Bearer " + TOKEN);
    assertFalse(r.toString().contains(TOKEN));
  }

  @Test
  void cancellingTheContextAbortsAnInFlightRequest() throws Exception {
    server.enqueue(json(200, LEASE).newBuilder().headersDelay(30, TimeUnit.SECONDS).build());
    Context context = Context.background().withCancel();
    ResourceClient<Lease> leases = client.resource(Lease.TYPE).inNamespace("ns").withContext(context);
    CompletableFuture<Lease> call = CompletableFuture.supplyAsync(() -> {
      try {
        return leases.get("a");
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    take(); // the request is at the server
    long start = System.nanoTime();
    context.cancel();
    ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(10, TimeUnit.SECONDS));
    assertTrue(e.getCause().getCause() instanceof InterruptedIOException, String.valueOf(e.getCause()));
    assertTrue(e.getCause().getCause().getMessage().contains(Context.CANCELED), e.getCause().getCause().getMessage());
    assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 5, "aborted promptly");
  }

  @Test
  void aCancelledRequestLeavesNoInterruptOnTheCallersThread() throws Exception {
    // The transport stops a request by interrupting the thread blocked in HttpClient.send; that interrupt must not
    // outlive the call, or the caller's next wait would fail for no reason.
    server.enqueue(json(200, LEASE).newBuilder().headersDelay(30, TimeUnit.SECONDS).build());
    Context context = Context.background().withCancel();
    ResourceClient<Lease> leases = client.resource(Lease.TYPE).inNamespace("ns").withContext(context);
    CompletableFuture<Object> call = CompletableFuture.supplyAsync(() -> {
      try {
        return leases.get("a");
      } catch (Exception e) {
        return Thread.currentThread().isInterrupted() ? "interrupt left behind" : e;
      }
    });
    take();
    context.cancel();
    Object result = call.get(10, TimeUnit.SECONDS);
    assertTrue(result instanceof InterruptedIOException, String.valueOf(result));
  }

  @Test
  void aTimedOutRequestLeavesNoInterruptOnTheCallersThread() {
    server.enqueue(json(200, LEASE).newBuilder().headersDelay(30, TimeUnit.SECONDS).build());
    assertThrows(HttpTimeoutException.class,
        () -> client.resource(Lease.TYPE).inNamespace("ns").withRequestTimeout(Duration.ofMillis(200)).get("a"));
    assertFalse(Thread.interrupted(), "the timeout's interrupt was cleared");
  }

  @Test
  void cancellingAfterTheResponseDoesNotInterruptTheCaller() throws Exception {
    server.enqueue(json(200, LEASE));
    Context context = Context.background().withCancel();
    assertEquals("a", client.resource(Lease.TYPE).inNamespace("ns").withContext(context).get("a").metadata().name());
    context.cancel();
    assertFalse(Thread.interrupted(), "a request that has returned is no longer tied to its context");
  }

  @Test
  void anInterruptAbortsAnInFlightRequestAndStaysSet() throws Exception {
    server.enqueue(json(200, LEASE).newBuilder().headersDelay(30, TimeUnit.SECONDS).build());
    CompletableFuture<Object> result = new CompletableFuture<>();
    Thread caller = new Thread(() -> {
      try {
        result.complete(client.resource(Lease.TYPE).inNamespace("ns").get("a"));
      } catch (Exception e) {
        result.complete(Thread.currentThread().isInterrupted() ? e : "interrupt flag lost: " + e);
      }
    });
    caller.start();
    take();
    caller.interrupt();
    Object outcome = result.get(10, TimeUnit.SECONDS);
    assertTrue(outcome instanceof InterruptedIOException, String.valueOf(outcome));
    assertTrue(((Exception) outcome).getMessage().contains("interrupted"), ((Exception) outcome).getMessage());
  }

  @Test
  void aCancelledContextSendsNothing() {
    Context context = Context.background().withCancel();
    context.cancel();
    assertThrows(InterruptedIOException.class,
        () -> client.resource(Lease.TYPE).inNamespace("ns").withContext(context).get("a"));
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void cancellingDuringARetryWaitStopsRetrying() throws Exception {
    Context context = Context.background().withCancel();
    TestClock cancellingClock = new TestClock() {
      @Override
      public boolean sleep(Duration duration, Context c) {
        context.cancel();
        return super.sleep(duration, c);
      }
    };
    try (KubeClient c = KubeClient.create(config().build(), cancellingClock)) {
      server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "5").build());
      assertThrows(InterruptedIOException.class,
          () -> c.resource(Lease.TYPE).inNamespace("ns").withContext(context).get("a"));
      assertEquals(1, server.getRequestCount());
    }
  }

  @Test
  void withRequestTimeoutBoundsTheWholeRequest() throws Exception {
    server.enqueue(json(200, LEASE).newBuilder().headersDelay(30, TimeUnit.SECONDS).build());
    long start = System.nanoTime();
    HttpTimeoutException e = assertThrows(HttpTimeoutException.class,
        () -> client.resource(Lease.TYPE).inNamespace("ns").withRequestTimeout(Duration.ofMillis(300)).get("a"));
    assertTrue(e.getMessage().contains("GET /apis/coordination.k8s.io/v1/namespaces/ns/leases/a"), e.getMessage());
    assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 5);
  }

  @Test
  void theRequestTimeoutCoversASlowBodyToo() {
    server.enqueue(json(200, LEASE).newBuilder().throttleBody(1, 1, TimeUnit.SECONDS).build());
    assertThrows(HttpTimeoutException.class,
        () -> client.resource(Lease.TYPE).inNamespace("ns").withRequestTimeout(Duration.ofMillis(300)).get("a"));
  }

  @Test
  void watchesIgnoreTheRequestTimeout() throws Exception {
    // Headers and body each arrive well after the 100 ms request timeout; a watch must not care.
    server.enqueue(json(200, WatchStreamTest.ADDED_A).newBuilder()
        .headersDelay(300, TimeUnit.MILLISECONDS).bodyDelay(300, TimeUnit.MILLISECONDS).build());
    try (WatchStream<Lease> w = client.resource(Lease.TYPE).inNamespace("ns").withRequestTimeout(Duration.ofMillis(100))
        .watch(WatchOptions.defaults())) {
      assertEquals("a", w.next().object().metadata().name());
      assertNull(w.next());
    }
  }

  @Test
  void closingTheClientEndsItsOpenWatchesAndInFlightRequests() throws Exception {
    // A watch that stays open, and a GET whose response never comes: close() must end both, or a service that
    // closes its client (shutdown, or a new client after a config change) keeps their threads and connections.
    PiecewiseBody body = new PiecewiseBody();
    server.enqueue(stream(body));
    server.enqueue(json(200, "{}").newBuilder().headersDelay(30, TimeUnit.SECONDS).build());
    WatchStream<Lease> watch = client.resource(Lease.TYPE).inNamespace("ns").watch(WatchOptions.defaults());
    body.send(WatchStreamTest.ADDED_A);
    assertEquals("a", watch.next().object().metadata().name());
    CompletableFuture<Object> get = CompletableFuture.supplyAsync(() -> {
      try {
        return client.resource(Lease.TYPE).inNamespace("ns").withRequestTimeout(null).get("b");
      } catch (Exception e) {
        return e;
      }
    });
    take();
    take(); // both requests reached the server
    CompletableFuture<WatchEvent<Lease>> next = CompletableFuture.supplyAsync(() -> {
      try {
        return watch.next();
      } catch (IOException e) {
        return null;
      }
    });
    client.close();
    assertNull(next.get(5, TimeUnit.SECONDS), "the open watch ended");
    Object result = get.get(5, TimeUnit.SECONDS);
    assertTrue(result instanceof java.io.InterruptedIOException, "the in-flight GET was aborted: " + result);
    assertTrue(((Exception) result).getMessage().contains("closed"), ((Exception) result).getMessage());
    body.end();
  }

  @Test
  void aClosedClientRefusesRequests() {
    client.close();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> client.resource(Lease.TYPE).inNamespace("ns").get("a"));
    assertTrue(e.getMessage().contains("closed"));
  }
}
