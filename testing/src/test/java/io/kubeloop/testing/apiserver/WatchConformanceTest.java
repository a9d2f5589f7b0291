package io.kubeloop.testing.apiserver;

import static io.kubeloop.testing.apiserver.Fixtures.CMS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubeloop.testing.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Spec §16 checks 46–53: watch start points, transitions, 410, bookmarks, lifetime, Table watches. */
class WatchConformanceTest {
  private final FakeClock clock = new FakeClock();
  private final ApiServer server = ApiServer.builder().clock(clock).bookmarkInterval(Duration.ofSeconds(1)).start();
  private final Http http = new Http(server);

  @AfterEach
  void close() {
    server.close();
  }

  private static long rv(JsonNode event) {
    return event.path("object").path("metadata").path("resourceVersion").asLong();
  }

  @Test
  void check46_eventsAfterTheGivenResourceVersion() {
    long r = http.get(CMS).json().path("metadata").path("resourceVersion").asLong();
    try (Http.Watch w = http.watch(CMS + "?watch=true&resourceVersion=" + r)) {
      assertEquals(200, w.response.statusCode());
      http.post(CMS, Fixtures.cm("w")).expect(201);
      http.patch(CMS + "/w", "application/merge-patch+json", "{\"data\":{\"a\":\"2\"}}").expect(200);
      http.delete(CMS + "/w", null).expect(200);
      long deleteRv = server.resourceVersion();
      JsonNode added = w.next();
      JsonNode modified = w.next();
      JsonNode deleted = w.next();
      assertEquals("ADDED", added.path("type").asText());
      assertEquals("MODIFIED", modified.path("type").asText());
      assertEquals("DELETED", deleted.path("type").asText());
      assertTrue(rv(added) > r && rv(modified) > rv(added) && rv(deleted) > rv(modified));
      assertEquals(deleteRv, rv(deleted));
    }
  }

  @Test
  void check47_noResourceVersionStartsWithCurrentState() {
    http.post(CMS, Fixtures.cm("b")).expect(201);
    http.post(CMS, Fixtures.cm("a")).expect(201);
    try (Http.Watch w = http.watch(CMS + "?watch=1")) {
      JsonNode first = w.next();
      JsonNode second = w.next();
      assertEquals("ADDED", first.path("type").asText());
      assertEquals("a", first.path("object").path("metadata").path("name").asText());
      assertEquals("b", second.path("object").path("metadata").path("name").asText());
    }
  }

  @Test
  void check48_tooOldResourceVersionIsOneErrorEvent() {
    http.post(CMS, Fixtures.cm("a")).expect(201);
    long old = server.resourceVersion() - 1;
    server.faults().compact();
    try (Http.Watch w = http.watch(CMS + "?watch=true&resourceVersion=" + old)) {
      assertEquals(200, w.response.statusCode());
      JsonNode e = w.next();
      assertEquals("ERROR", e.path("type").asText());
      JsonNode s = e.path("object");
      assertEquals("Status", s.path("kind").asText());
      assertEquals("Failure", s.path("status").asText());
      assertEquals("Expired", s.path("reason").asText());
      assertEquals(410, s.path("code").asInt());
      w.awaitEnd();
    }
  }

  @Test
  void check49_bookmarksOnlyWhenAllowed() {
    long r = server.resourceVersion();
    try (Http.Watch with = http.watch(CMS + "?watch=true&allowWatchBookmarks=true&resourceVersion=" + r);
        Http.Watch without = http.watch(CMS + "?watch=true&resourceVersion=" + r)) {
      clock.awaitWaiters(4); // two lifetimes, the periodic and the pre-deadline bookmark
      clock.step(Duration.ofSeconds(1));
      JsonNode b = with.next();
      assertEquals("BOOKMARK", b.path("type").asText());
      assertEquals("ConfigMap", b.path("object").path("kind").asText());
      assertTrue(rv(b) >= r);
      assertEquals(1, b.path("object").path("metadata").size());
      clock.step(Duration.ofSeconds(1));
      assertNull(without.poll(Duration.ofMillis(300)));
    }
  }

  @Test
  void check50_selectorTransitions() {
    long r = server.resourceVersion();
    try (Http.Watch w = http.watch(CMS + "?watch=true&labelSelector=app%3Ddemo&resourceVersion=" + r)) {
      http.post(CMS, Fixtures.cm("s", "{\"app\":\"demo\"}")).expect(201);
      http.patch(CMS + "/s", "application/merge-patch+json", "{\"metadata\":{\"labels\":{\"app\":\"other\"}}}")
          .expect(200);
      long relabel = server.resourceVersion();
      http.patch(CMS + "/s", "application/merge-patch+json", "{\"metadata\":{\"labels\":{\"app\":\"demo\"}}}")
          .expect(200);
      assertEquals("ADDED", w.next().path("type").asText());
      JsonNode gone = w.next();
      assertEquals("DELETED", gone.path("type").asText());
      assertEquals("demo", gone.path("object").path("metadata").path("labels").path("app").asText());
      assertEquals(relabel, rv(gone));
      assertEquals("ADDED", w.next().path("type").asText());
    }
  }

  @Test
  void check51_timeoutSecondsEndsTheStreamAndDefaultIsLong() {
    try (Http.Watch timed = http.watch(CMS + "?watch=true&timeoutSeconds=2&resourceVersion=1");
        Http.Watch open = http.watch(CMS + "?watch=true&resourceVersion=1")) {
      clock.awaitWaiters(2);
      clock.step(Duration.ofSeconds(2));
      timed.awaitEnd();
      clock.step(Duration.ofSeconds(60));
      assertNull(open.poll(Duration.ofMillis(200)));
      clock.step(Duration.ofMinutes(60));
      open.awaitEnd();
    }
  }

  @Test
  void check52_tableWatchSendsColumnsOnce() {
    long r = server.resourceVersion();
    try (Http.Watch w = http.watch(CMS + "?watch=true&resourceVersion=" + r, Http.TABLE)) {
      http.post(CMS, Fixtures.cm("t")).expect(201);
      http.patch(CMS + "/t", "application/merge-patch+json", "{\"data\":{\"b\":\"2\"}}").expect(200);
      JsonNode first = w.next().path("object");
      JsonNode second = w.next().path("object");
      assertEquals("Table", first.path("kind").asText());
      assertTrue(first.path("columnDefinitions").size() > 0);
      assertFalse(second.has("columnDefinitions") && second.path("columnDefinitions").size() > 0);
      assertEquals(1, second.path("rows").size());
    }
  }

  @Test
  void check53_streamingListEndsWithInitialEventsBookmark() {
    http.post(CMS, Fixtures.cm("a")).expect(201);
    http.post(CMS, Fixtures.cm("b")).expect(201);
    try (Http.Watch w = http.watch(CMS + "?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan"
        + "&allowWatchBookmarks=true&resourceVersion=")) {
      assertEquals("ADDED", w.next().path("type").asText());
      assertEquals("ADDED", w.next().path("type").asText());
      JsonNode b = w.next();
      assertEquals("BOOKMARK", b.path("type").asText());
      assertEquals("true", b.path("object").path("metadata").path("annotations").path("k8s.io/initial-events-end")
          .asText());
    }
    http.get(CMS + "?watch=true&sendInitialEvents=true").expect(422);
  }

  @Test
  void deprecatedWatchPathWatchesOneObject() {
    try (Http.Watch w = http.watch("/api/v1/watch/namespaces/default/configmaps/two?resourceVersion="
        + server.resourceVersion())) {
      http.post(CMS, Fixtures.cm("one")).expect(201);
      http.post(CMS, Fixtures.cm("two")).expect(201);
      assertEquals("two", w.next().path("object").path("metadata").path("name").asText());
    }
  }

  @Test
  void namespaceScopedWatchSeesOnlyItsNamespace() {
    http.post("/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"ns2\"}}")
        .expect(201);
    long r = server.resourceVersion();
    try (Http.Watch w = http.watch(CMS + "?watch=true&resourceVersion=" + r)) {
      http.post("/api/v1/namespaces/ns2/configmaps", Fixtures.cm("other")).expect(201);
      http.post(CMS, Fixtures.cm("mine")).expect(201);
      assertEquals("mine", w.next().path("object").path("metadata").path("name").asText());
    }
  }

  @Test
  void slowWatcherIsCutOffWithoutBlockingWriters() {
    try (ApiServer small = ApiServer.builder().clock(clock).watchQueueCapacity(3).start()) {
      Http h = new Http(small);
      try (Http.Watch w = h.watch(CMS + "?watch=true&resourceVersion=" + small.resourceVersion())) {
        small.faults().stallWatches();
        for (int i = 0; i < 20; i++) {
          h.post(CMS, Fixtures.cm("c" + i)).expect(201);
        }
        assertEquals(20, h.get(CMS).json().path("items").size());
      }
    }
  }
}
