package io.kubeloop.testing.apiserver;

import static io.kubeloop.testing.apiserver.Fixtures.CMS;
import static io.kubeloop.testing.apiserver.Fixtures.VMS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubeloop.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Spec §16 checks 39–45: delete responses, finalizers, preconditions, namespaces, garbage collection. */
class DeletionConformanceTest {
  private final ApiServer server = ApiServer.start();
  private final Http http = new Http(server);

  @AfterEach
  void close() {
    server.close();
  }

  private static String held(String name) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
        + "\",\"finalizers\":[\"example.com/hold\"]}}";
  }

  @Test
  void check39_deleteAnswersSuccessStatus() {
    String uid = http.post(CMS, Fixtures.cm("cm1")).expect(201).json().path("metadata").path("uid").asText();
    JsonNode s = http.delete(CMS + "/cm1", "{\"propagationPolicy\":\"Background\"}").expect(200).json();
    assertEquals("Status", s.path("kind").asText());
    assertEquals("Success", s.path("status").asText());
    assertEquals("{\"name\":\"cm1\",\"kind\":\"configmaps\",\"uid\":\"" + uid + "\"}", s.path("details").toString());
    http.get(CMS + "/cm1").expect(404);
    http.delete(CMS + "/cm1", null).expect(404);
  }

  @Test
  void check40_finalizersHoldTheObjectUntilRemoved() {
    http.post(CMS, held("cmf")).expect(201);
    try (Http.Watch w = http.watch(CMS + "?watch=true&resourceVersion=" + server.resourceVersion())) {
      JsonNode r = http.delete(CMS + "/cmf", "{\"propagationPolicy\":\"Background\"}").expect(200).json();
      assertTrue(r.path("metadata").has("deletionTimestamp"));
      assertEquals(0, r.path("metadata").path("deletionGracePeriodSeconds").asInt());
      http.get(CMS + "/cmf").expect(200);
      http.delete(CMS + "/cmf", null).expect(200);
      http.patch(CMS + "/cmf", "application/json-patch+json", "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]")
          .expect(200);
      http.get(CMS + "/cmf").expect(404);
      assertEquals("MODIFIED", w.next().path("type").asText());
      assertEquals("DELETED", w.next().path("type").asText());
    }
  }

  @Test
  void check41_noNewFinalizersWhileDeleting() {
    http.post(CMS, held("cmf")).expect(201);
    http.delete(CMS + "/cmf", null).expect(200);
    JsonNode s = http.patch(CMS + "/cmf", "application/merge-patch+json",
        "{\"metadata\":{\"finalizers\":[\"example.com/hold\",\"x\"]}}").expect(422).json();
    assertEquals("FieldValueForbidden", s.path("details").path("causes").get(0).path("reason").asText());
  }

  @Test
  void check42_preconditionMismatchConflicts() {
    http.post(CMS, Fixtures.cm("cm1")).expect(201);
    http.patch(CMS + "/cm1", "application/merge-patch+json", "{\"data\":{\"a\":\"2\"}}").expect(200);
    JsonNode s = http.delete(CMS + "/cm1", "{\"preconditions\":{\"resourceVersion\":\"1\"}}").expect(409).json();
    assertEquals("Conflict", s.path("reason").asText());
    assertTrue(s.path("message").asText().contains("the ResourceVersion in the precondition (1) does not match"));
  }

  @Test
  void check43_defaultNamespaceIsImmortal() {
    assertEquals("Forbidden", http.delete("/api/v1/namespaces/default", null).expect(403).json().path("reason")
        .asText());
  }

  @Test
  void check44_namespaceDeletionEmptiesItThenGoes() {
    Fixtures.installVmCrd(http);
    http.post("/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"t1\"}}")
        .expect(201);
    http.post("/api/v1/namespaces/t1/configmaps", Fixtures.cm("c")).expect(201);
    http.post("/apis/example.com/v1/namespaces/t1/virtualmachines", Fixtures.vm("v", 1)).expect(201);
    http.post("/api/v1/namespaces/t1/configmaps", held("h")).expect(201);
    JsonNode ns = http.delete("/api/v1/namespaces/t1", null).expect(200).json();
    assertEquals("Terminating", ns.path("status").path("phase").asText());
    JsonNode s = http.post("/api/v1/namespaces/t1/configmaps", Fixtures.cm("late")).expect(403).json();
    assertTrue(s.path("message").asText().contains("because it is being terminated"), s.path("message").asText());
    Await.until("children deleted", () -> http.get("/api/v1/namespaces/t1/configmaps/c").code() == 404
        && http.get("/apis/example.com/v1/namespaces/t1/virtualmachines/v").code() == 404);
    http.get("/api/v1/namespaces/t1").expect(200);
    http.patch("/api/v1/namespaces/t1/configmaps/h", "application/merge-patch+json",
        "{\"metadata\":{\"finalizers\":null}}").expect(200);
    Await.until("namespace gone", () -> http.get("/api/v1/namespaces/t1").code() == 404);
  }

  @Test
  void check45_garbageCollectorDeletesDependents() {
    Fixtures.installVmCrd(http);
    String uid = http.post(VMS, Fixtures.vm("vm1", 1)).expect(201).json().path("metadata").path("uid").asText();
    http.post(CMS, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"dep\",\"ownerReferences\":"
        + "[{\"apiVersion\":\"example.com/v1\",\"kind\":\"VirtualMachine\",\"name\":\"vm1\",\"uid\":\"" + uid
        + "\"}]}}").expect(201);
    http.delete(VMS + "/vm1", "{\"propagationPolicy\":\"Background\"}").expect(200);
    Await.until("dependent collected", () -> http.get(CMS + "/dep").code() == 404);
  }

  @Test
  void foregroundDeletionWaitsForDependents() {
    Fixtures.installVmCrd(http);
    String uid = http.post(VMS, Fixtures.vm("vm1", 1)).expect(201).json().path("metadata").path("uid").asText();
    http.post(CMS, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"dep\","
        + "\"finalizers\":[\"example.com/hold\"],\"ownerReferences\":[{\"apiVersion\":\"example.com/v1\","
        + "\"kind\":\"VirtualMachine\",\"name\":\"vm1\",\"uid\":\"" + uid + "\"}]}}").expect(201);
    JsonNode owner = http.delete(VMS + "/vm1", "{\"propagationPolicy\":\"Foreground\"}").expect(200).json();
    assertEquals("[\"foregroundDeletion\"]", owner.path("metadata").path("finalizers").toString());
    Await.until("dependent marked deleting",
        () -> http.get(CMS + "/dep").json().path("metadata").has("deletionTimestamp"));
    http.get(VMS + "/vm1").expect(200);
    http.patch(CMS + "/dep", "application/merge-patch+json", "{\"metadata\":{\"finalizers\":null}}").expect(200);
    Await.until("owner gone after its dependent", () -> http.get(VMS + "/vm1").code() == 404);
  }

  @Test
  void orphanPropagationKeepsDependents() {
    Fixtures.installVmCrd(http);
    String uid = http.post(VMS, Fixtures.vm("vm1", 1)).expect(201).json().path("metadata").path("uid").asText();
    http.post(CMS, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"dep\",\"ownerReferences\":"
        + "[{\"apiVersion\":\"example.com/v1\",\"kind\":\"VirtualMachine\",\"name\":\"vm1\",\"uid\":\"" + uid
        + "\"}]}}").expect(201);
    http.delete(VMS + "/vm1", "{\"propagationPolicy\":\"Orphan\"}").expect(200);
    http.get(VMS + "/vm1").expect(404);
    JsonNode dep = http.get(CMS + "/dep").expect(200).json();
    assertTrue(!dep.path("metadata").has("ownerReferences"), dep.toString());
  }

  @Test
  void deleteCollectionHonoursSelectors() {
    http.post(CMS, Fixtures.cm("a", "{\"app\":\"demo\"}")).expect(201);
    http.post(CMS, Fixtures.cm("b", "{\"app\":\"other\"}")).expect(201);
    JsonNode list = http.delete(CMS + "?labelSelector=app%3Ddemo", null).expect(200).json();
    assertEquals(1, list.path("items").size());
    http.get(CMS + "/a").expect(404);
    http.get(CMS + "/b").expect(200);
  }

  @Test
  void dryRunDeleteKeepsTheObject() {
    http.post(CMS, Fixtures.cm("cm1")).expect(201);
    http.delete(CMS + "/cm1?dryRun=All", null).expect(200);
    http.get(CMS + "/cm1").expect(200);
  }
}
