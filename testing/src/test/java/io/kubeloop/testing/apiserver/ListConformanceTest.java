package io.kubeloop.testing.apiserver;

import static io.kubeloop.testing.apiserver.Fixtures.CMS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Spec §16 checks 17 and 19–24: resourceVersion, resourceVersionMatch, selectors and pagination. */
class ListConformanceTest {
  private final ApiServer server = ApiServer.start();
  private final Http http = new Http(server);

  @AfterEach
  void close() {
    server.close();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static long rv(JsonNode o) {
    return o.path("metadata").path("resourceVersion").asLong();
  }

  @Test
  void check17_listResourceVersionAndOrder() {
    long a = rv(http.post(CMS, Fixtures.cm("b-second-by-name")).expect(201).json());
    long b = rv(http.post(CMS, Fixtures.cm("a-first-by-name")).expect(201).json());
    assertTrue(b > a);
    JsonNode list = http.get(CMS).expect(200).json();
    assertEquals(server.resourceVersion(), rv(list));
    assertEquals("ConfigMapList", list.path("kind").asText());
    assertEquals("a-first-by-name", list.path("items").get(0).path("metadata").path("name").asText());
    assertEquals("b-second-by-name", list.path("items").get(1).path("metadata").path("name").asText());
  }

  @Test
  void check19_paginationServesTheFirstPagesSnapshot() {
    for (String n : new String[] {"c1", "c2", "c3"}) {
      http.post(CMS, Fixtures.cm(n)).expect(201);
    }
    JsonNode first = http.get(CMS + "?limit=2").expect(200).json();
    assertEquals(2, first.path("items").size());
    String token = first.path("metadata").path("continue").asText();
    assertFalse(token.isEmpty());
    assertEquals(1, first.path("metadata").path("remainingItemCount").asInt());
    http.post(CMS, Fixtures.cm("c4")).expect(201);
    JsonNode second = http.get(CMS + "?limit=2&continue=" + enc(token)).expect(200).json();
    assertEquals(1, second.path("items").size());
    assertEquals("c3", second.path("items").get(0).path("metadata").path("name").asText());
    assertFalse(second.path("metadata").has("continue"));
    assertEquals(rv(first), rv(second));
  }

  @Test
  void check20_noRemainingCountWithSelectors() {
    http.post(CMS, Fixtures.cm("x1", "{\"app\":\"demo\"}")).expect(201);
    http.post(CMS, Fixtures.cm("x2", "{\"app\":\"demo\"}")).expect(201);
    http.post(CMS, Fixtures.cm("x3", "{\"app\":\"other\"}")).expect(201);
    JsonNode page = http.get(CMS + "?limit=1&labelSelector=" + enc("app=demo")).expect(200).json();
    assertFalse(page.path("metadata").path("continue").asText().isEmpty());
    assertFalse(page.path("metadata").has("remainingItemCount"));
    JsonNode all = http.get(CMS + "?labelSelector=" + enc("app in (demo)")).expect(200).json();
    assertEquals(2, all.path("items").size());
    JsonNode byName = http.get("/api/v1/configmaps?fieldSelector=" + enc("metadata.name=x3")).expect(200).json();
    assertEquals(1, byName.path("items").size());
  }

  @Test
  void check21_matchWithoutResourceVersionIsInvalid() {
    JsonNode s = http.get(CMS + "?resourceVersionMatch=NotOlderThan").expect(422).json();
    assertEquals("Invalid", s.path("reason").asText());
    assertEquals("ListOptions", s.path("details").path("kind").asText());
    assertEquals("meta.k8s.io", s.path("details").path("group").asText());
  }

  @Test
  void check22_exactAtZeroIsInvalid() {
    http.get(CMS + "?resourceVersion=0&resourceVersionMatch=Exact").expect(422);
  }

  @Test
  void check23_exactListReconstructsHistoryUntilCompacted() {
    http.post(CMS, Fixtures.cm("old")).expect(201);
    long old = server.resourceVersion();
    http.post(CMS, Fixtures.cm("new")).expect(201);
    http.delete(CMS + "/old", null).expect(200);
    JsonNode then = http.get(CMS + "?resourceVersion=" + old + "&resourceVersionMatch=Exact").expect(200).json();
    assertEquals(old, rv(then));
    assertEquals(1, then.path("items").size());
    assertEquals("old", then.path("items").get(0).path("metadata").path("name").asText());
    server.faults().compact();
    JsonNode s = http.get(CMS + "?resourceVersion=" + old + "&resourceVersionMatch=Exact").expect(410).json();
    assertEquals("Expired", s.path("reason").asText());
    assertTrue(s.path("message").asText().startsWith("too old resource version"));
  }

  @Test
  void check24_continueWithResourceVersionIsBadRequest() {
    http.post(CMS, Fixtures.cm("c1")).expect(201);
    http.post(CMS, Fixtures.cm("c2")).expect(201);
    String token = http.get(CMS + "?limit=1").json().path("metadata").path("continue").asText();
    http.get(CMS + "?limit=1&continue=" + enc(token) + "&resourceVersion=5").expect(400);
    http.get(CMS + "?limit=1&continue=garbage!").expect(400);
  }

  @Test
  void expiredContinueTokenIsGone() {
    http.post(CMS, Fixtures.cm("c1")).expect(201);
    http.post(CMS, Fixtures.cm("c2")).expect(201);
    String token = http.get(CMS + "?limit=1").json().path("metadata").path("continue").asText();
    http.post(CMS, Fixtures.cm("c3")).expect(201);
    server.faults().compact();
    JsonNode s = http.get(CMS + "?limit=1&continue=" + enc(token)).expect(410).json();
    assertTrue(s.path("message").asText().startsWith("The provided continue parameter is too old"));
  }

  @Test
  void futureResourceVersionIsTooLarge() {
    Http.Response r = http.get(CMS + "?resourceVersion=999999").expect(504);
    assertEquals("1", r.header("Retry-After"));
    assertEquals("ResourceVersionTooLarge",
        r.json().path("details").path("causes").get(0).path("reason").asText());
  }

  @Test
  void readsWaitBrieflyForAFutureResourceVersion() throws Exception {
    long next = server.resourceVersion() + 1;
    java.util.concurrent.CompletableFuture<Http.Response> list =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> http.get(CMS + "?resourceVersion=" + next));
    io.kubeloop.testing.Await.until("list is waiting",
        () -> server.requests().count(r -> r.query().equals("resourceVersion=" + next)) == 1);
    http.post(CMS, Fixtures.cm("arrives")).expect(201);
    JsonNode body = list.get(10, java.util.concurrent.TimeUnit.SECONDS).expect(200).json();
    assertEquals(next, rv(body));
  }

  @Test
  void badSelectorsAreBadRequests() {
    JsonNode s = http.get(CMS + "?labelSelector=" + enc("app in (")).expect(400).json();
    assertEquals("BadRequest", s.path("reason").asText());
    JsonNode f = http.get(CMS + "?fieldSelector=" + enc("spec.foo=x")).expect(400).json();
    assertTrue(f.path("message").asText().contains("\"spec.foo\" is not a known field selector"),
        f.path("message").asText());
  }

  @Test
  void check58_defaultTableForKindsWithoutPrinters() {
    http.post("/api/v1/namespaces/default/serviceaccounts",
        "{\"apiVersion\":\"v1\",\"kind\":\"ServiceAccount\",\"metadata\":{\"name\":\"sa1\"}}").expect(201);
    JsonNode t = http.get("/api/v1/namespaces/default/serviceaccounts",
        "application/json;as=Table;g=meta.k8s.io;v=v1, application/json").expect(200).json();
    assertEquals("Table", t.path("kind").asText());
    assertEquals("Name", t.path("columnDefinitions").get(0).path("name").asText());
    assertEquals("Created At", t.path("columnDefinitions").get(1).path("name").asText());
    assertEquals("sa1", t.path("rows").get(0).path("cells").get(0).asText());
  }

  @Test
  void configMapTableHasDataColumn() {
    http.post(CMS, Fixtures.cm("cm1")).expect(201);
    JsonNode t = http.get(CMS + "?limit=500", Http.TABLE).expect(200).json();
    assertEquals("[\"Name\",\"Data\",\"Age\"]", names(t));
    assertEquals(1, t.path("rows").get(0).path("cells").get(1).asInt());
    assertEquals("PartialObjectMetadata", t.path("rows").get(0).path("object").path("kind").asText());
  }

  static String names(JsonNode table) {
    StringBuilder s = new StringBuilder("[");
    for (JsonNode c : table.path("columnDefinitions")) {
      s.append(s.length() > 1 ? "," : "").append('"').append(c.path("name").asText()).append('"');
    }
    return s.append(']').toString();
  }
}
