package io.kubeloop.testing.apiserver;

import static io.kubeloop.testing.apiserver.Fixtures.CMS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubeloop.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Fault injection and the request log. */
class FaultsTest {
  private final ApiServer server = ApiServer.start();
  private final Http http = new Http(server);

  @AfterEach
  void close() {
    server.close();
  }

  @Test
  void failNextFailsExactlyThatManyMatchingRequests() {
    server.faults().failNext(2, r -> r.method().equals("POST"), 503);
    http.get(CMS).expect(200);
    assertEquals("ServiceUnavailable", http.post(CMS, Fixtures.cm("a")).expect(503).json().path("reason").asText());
    http.post(CMS, Fixtures.cm("a")).expect(503);
    http.post(CMS, Fixtures.cm("a")).expect(201);
  }

  @Test
  void tooManyRequestsCarriesRetryAfter() {
    server.faults().failNext(1, r -> true, 429, Duration.ofSeconds(3));
    Http.Response r = http.get(CMS).expect(429);
    assertEquals("3", r.header("Retry-After"));
    assertEquals(3, r.json().path("details").path("retryAfterSeconds").asInt());
  }

  @Test
  void injectedStatusesHaveTheirReasons() {
    for (int code : new int[] {409, 500, 403}) {
      server.faults().failNext(1, r -> true, code);
      JsonNode s = http.get(CMS).expect(code).json();
      assertEquals(code, s.path("code").asInt());
    }
  }

  @Test
  void latencyDelaysMatchingRequests() {
    server.faults().latency(r -> r.path().endsWith("/configmaps"), Duration.ofMillis(300));
    long start = System.nanoTime();
    http.get(CMS).expect(200);
    assertTrue(System.nanoTime() - start >= 300_000_000L);
  }

  @Test
  void dropWatchesEndsOpenStreams() {
    try (Http.Watch w = http.watch(CMS + "?watch=true&resourceVersion=" + server.resourceVersion())) {
      Await.until("watch registered", () -> server.requests().count(RecordedRequest::isWatch) == 1);
      Await.until("watch open", () -> {
        server.faults().dropWatches();
        return w.poll(Duration.ofMillis(20)) == Http.END;
      });
    }
  }

  @Test
  void stallWatchesSilencesStreams() {
    try (Http.Watch w = http.watch(CMS + "?watch=true&resourceVersion=" + server.resourceVersion())) {
      http.post(CMS, Fixtures.cm("before")).expect(201);
      assertEquals("ADDED", w.next().path("type").asText());
      server.faults().stallWatches();
      http.post(CMS, Fixtures.cm("after")).expect(201);
      assertEquals(null, w.poll(Duration.ofMillis(300)));
    }
  }

  @Test
  void partitionHangsAnIdentityUntilHealed() throws Exception {
    server.faults().partition("pod-a");
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest fromA = HttpRequest.newBuilder(URI.create(server.url() + CMS)).header("User-Agent", "pod-a").build();
    assertThrows(java.net.http.HttpTimeoutException.class, () -> client.send(
        HttpRequest.newBuilder(URI.create(server.url() + CMS)).header("User-Agent", "pod-a")
            .timeout(Duration.ofMillis(300)).build(), HttpResponse.BodyHandlers.ofString()));
    http.get(CMS).expect(200); // other identities are served
    CompletableFuture<HttpResponse<String>> pending = client.sendAsync(fromA, HttpResponse.BodyHandlers.ofString());
    Await.until("request held", () -> server.requests().count(r -> r.identity().equals("pod-a")) == 2);
    assertTrue(!pending.isDone(), "a partitioned request must not be answered");
    server.faults().heal("pod-a");
    // The held request's connection is closed unanswered; the JDK client may retry an idempotent GET on a fresh
    // connection, which now succeeds. Either way it completes once healed.
    Await.until("held request released", pending::isDone);
    assertEquals(200, client.send(fromA, HttpResponse.BodyHandlers.ofString()).statusCode());
  }

  @Test
  void requestLogRecordsWhatWasSent() {
    http.post(CMS + "?fieldManager=test", Fixtures.cm("a")).expect(201);
    RecordedRequest r = server.requests().matching(x -> x.method().equals("POST")).get(0);
    assertEquals(CMS, r.path());
    assertEquals("test", r.queryParameter("fieldManager"));
    assertEquals("application/json", r.header("Content-Type"));
    assertTrue(r.body().contains("\"name\":\"a\""));
    assertTrue(r.identity().startsWith("Java-http-client"), r.identity());
  }

  @Test
  void compactExpiresResumes() {
    long before = server.resourceVersion();
    http.post(CMS, Fixtures.cm("a")).expect(201);
    server.faults().compact();
    try (Http.Watch w = http.watch(CMS + "?watch=true&resourceVersion=" + before)) {
      assertEquals("ERROR", w.next().path("type").asText());
    }
  }

  @Test
  void historyWindowBoundsResume() {
    try (ApiServer small = ApiServer.builder().historyWindow(2).start()) {
      Http h = new Http(small);
      long start = small.resourceVersion();
      for (int i = 0; i < 3; i++) {
        h.post(CMS, Fixtures.cm("c" + i)).expect(201);
      }
      try (Http.Watch w = h.watch(CMS + "?watch=true&resourceVersion=" + start)) {
        assertEquals(410, w.next().path("object").path("code").asInt());
      }
      try (Http.Watch w = h.watch(CMS + "?watch=true&resourceVersion=" + (small.resourceVersion() - 1))) {
        h.post(CMS, Fixtures.cm("live")).expect(201);
        assertEquals("c2", w.next().path("object").path("metadata").path("name").asText());
      }
    }
  }
}
