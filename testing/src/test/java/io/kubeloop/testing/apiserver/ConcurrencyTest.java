package io.kubeloop.testing.apiserver;

import static io.kubeloop.testing.apiserver.Fixtures.CMS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Concurrent writers and a watcher: every write is seen once, in strictly increasing resourceVersion order. */
class ConcurrencyTest {
  private final ApiServer server = ApiServer.start();
  private final Http http = new Http(server);

  @AfterEach
  void close() {
    server.close();
  }

  @Test
  void concurrentWritesAreSeenOnceInOrder() throws Exception {
    int writers = 4;
    int perWriter = 50;
    long start = server.resourceVersion();
    try (Http.Watch w = http.watch(CMS + "?watch=true&resourceVersion=" + start)) {
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < writers; t++) {
          int id = t;
          done.add(pool.submit(() -> {
            for (int i = 0; i < perWriter; i++) {
              http.post(CMS, Fixtures.cm("w" + id + "-" + i)).expect(201);
            }
          }));
        }
        for (Future<?> f : done) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
      long last = start;
      Set<String> names = new HashSet<>();
      for (int i = 0; i < writers * perWriter; i++) {
        JsonNode e = w.next();
        long rv = e.path("object").path("metadata").path("resourceVersion").asLong();
        assertTrue(rv > last, "resourceVersions must strictly increase: " + rv + " after " + last);
        last = rv;
        assertTrue(names.add(e.path("object").path("metadata").path("name").asText()));
      }
      assertEquals(server.resourceVersion(), last);
    }
    http.put(CMS + "/w0-0", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"w0-0\"}}")
        .expect(200);
  }

  @Test
  void conflictingUpdatesOneWins() throws Exception {
    String rv = http.post(CMS, Fixtures.cm("race")).expect(201).json().path("metadata").path("resourceVersion")
        .asText();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> codes = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int v = i;
        codes.add(pool.submit(() -> http.put(CMS + "/race", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
            + "\"metadata\":{\"name\":\"race\",\"resourceVersion\":\"" + rv + "\"},\"data\":{\"v\":\"" + v + "\"}}")
            .code()));
      }
      int ok = 0;
      for (Future<Integer> c : codes) {
        int code = c.get();
        assertTrue(code == 200 || code == 409, "unexpected " + code);
        ok += code == 200 ? 1 : 0;
      }
      assertEquals(1, ok);
    } finally {
      pool.shutdownNow();
    }
  }
}
