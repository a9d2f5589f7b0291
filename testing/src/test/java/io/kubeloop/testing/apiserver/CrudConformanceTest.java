package io.kubeloop.testing.apiserver;

import static io.kubeloop.testing.apiserver.Fixtures.CMS;
import static io.kubeloop.testing.apiserver.Fixtures.LEASES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Spec §16 checks 9–15 and 25–33: create, get, update and the four patch types on built-in kinds. */
class CrudConformanceTest {
  private final ApiServer server = ApiServer.start();
  private final Http http = new Http(server);

  @AfterEach
  void close() {
    server.close();
  }

  @Test
  void check09_createStampsServerFields() {
    JsonNode cm = http.post(CMS, Fixtures.cm("cm1")).expect(201).json();
    JsonNode meta = cm.path("metadata");
    assertTrue(meta.path("uid").asText().matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
    assertTrue(meta.path("creationTimestamp").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
    assertTrue(meta.path("resourceVersion").asText().matches("\\d+"));
    assertEquals("default", meta.path("namespace").asText());
    assertFalse(meta.has("generation"));
  }

  @Test
  void check10_createTwiceIsAlreadyExists() {
    http.post(CMS, Fixtures.cm("cm1")).expect(201);
    JsonNode s = http.post(CMS, Fixtures.cm("cm1")).expect(409).json();
    assertEquals("AlreadyExists", s.path("reason").asText());
    assertEquals("configmaps \"cm1\" already exists", s.path("message").asText());
    assertEquals("{\"name\":\"cm1\",\"kind\":\"configmaps\"}", s.path("details").toString());
  }

  @Test
  void check11_missingNamespaceIs404() {
    JsonNode s = http.post("/api/v1/namespaces/nope/configmaps", Fixtures.cm("cm1")).expect(404).json();
    assertEquals("namespaces \"nope\" not found", s.path("message").asText());
  }

  @Test
  void check12_namespaceMismatchIs400() {
    String body = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\",\"namespace\":\"other\"}}";
    assertEquals("BadRequest", http.post(CMS, body).expect(400).json().path("reason").asText());
  }

  @Test
  void check13_generateName() {
    String body = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"generateName\":\"cm-\"}}";
    String name = http.post(CMS, body).expect(201).json().path("metadata").path("name").asText();
    assertTrue(name.matches("cm-[a-z0-9]{5}"), name);
  }

  @Test
  void check14_nameRequired() {
    JsonNode s = http.post(CMS, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{}}").expect(422).json();
    assertEquals("Invalid", s.path("reason").asText());
    JsonNode cause = s.path("details").path("causes").get(0);
    assertEquals("metadata.name", cause.path("field").asText());
    assertEquals("FieldValueRequired", cause.path("reason").asText());
  }

  @Test
  void check15_missingLeaseNotFound() {
    JsonNode s = http.get(LEASES + "/x").expect(404).json();
    assertEquals("leases.coordination.k8s.io \"x\" not found", s.path("message").asText());
    assertEquals("{\"name\":\"x\",\"group\":\"coordination.k8s.io\",\"kind\":\"leases\"}", s.path("details").toString());
  }

  @Test
  void check18_identicalPutIsNoOp() {
    JsonNode cm = http.post(CMS, Fixtures.cm("cm1")).expect(201).json();
    long before = server.resourceVersion();
    JsonNode same = http.put(CMS + "/cm1", cm.toString()).expect(200).json();
    assertEquals(cm.path("metadata").path("resourceVersion"), same.path("metadata").path("resourceVersion"));
    assertEquals(before, server.resourceVersion());
  }

  @Test
  void check25_stalePutConflicts() {
    JsonNode cm = http.post(CMS, Fixtures.cm("cm1")).expect(201).json();
    http.patch(CMS + "/cm1", "application/merge-patch+json", "{\"data\":{\"a\":\"2\"}}").expect(200);
    JsonNode s = http.put(CMS + "/cm1", cm.toString()).expect(409).json();
    assertEquals("Conflict", s.path("reason").asText());
    assertEquals("Operation cannot be fulfilled on configmaps \"cm1\": the object has been modified; please apply "
        + "your changes to the latest version and try again", s.path("message").asText());
  }

  @Test
  void check26_putWithoutResourceVersion() {
    http.post(CMS, Fixtures.cm("cm1")).expect(201);
    http.put(CMS + "/cm1", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cm1\"},"
        + "\"data\":{\"a\":\"9\"}}").expect(200);
    http.post(LEASES, Fixtures.lease("l1", "2025-01-01T00:00:05.123456Z")).expect(201);
    JsonNode s = http.put(LEASES + "/l1", Fixtures.lease("l1", "2025-01-01T00:00:06.123456Z")).expect(422).json();
    assertEquals("leases.coordination.k8s.io \"l1\" is invalid: metadata.resourceVersion: Invalid value: 0x0: "
        + "must be specified for an update", s.path("message").asText());
  }

  @Test
  void check27_putCreatesLeasesOnly() {
    http.put(LEASES + "/new", Fixtures.lease("new", "2025-01-01T00:00:05.123456Z")).expect(201);
    http.put(CMS + "/absent", Fixtures.cm("absent")).expect(404);
  }

  @Test
  void check28_mergePatch() {
    JsonNode cm = http.post(CMS, Fixtures.cm("cm1")).expect(201).json();
    JsonNode patched = http.patch(CMS + "/cm1", "application/merge-patch+json", "{\"data\":{\"b\":\"2\",\"a\":null}}")
        .expect(200).json();
    assertEquals("{\"b\":\"2\"}", patched.path("data").toString());
    assertTrue(patched.path("metadata").path("resourceVersion").asLong()
        > cm.path("metadata").path("resourceVersion").asLong());
  }

  @Test
  void check29_failedJsonPatchTestIsInvalid() {
    http.post(CMS, Fixtures.cm("cm1")).expect(201);
    JsonNode s = http.patch(CMS + "/cm1", "application/json-patch+json",
        "[{\"op\":\"test\",\"path\":\"/data/a\",\"value\":\"nope\"}]").expect(422).json();
    assertEquals("Invalid", s.path("reason").asText());
  }

  @Test
  void check30_strategicMergeDirectivesOnFinalizers() {
    String body = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cmf\",\"finalizers\":[\"a\"]}}";
    http.post(CMS, body).expect(201);
    JsonNode r = http.patch(CMS + "/cmf", "application/strategic-merge-patch+json",
        "{\"metadata\":{\"$deleteFromPrimitiveList/finalizers\":[\"a\"],\"$setElementOrder/finalizers\":[\"b\",\"c\"],"
            + "\"finalizers\":[\"b\",\"c\"]}}").expect(200).json();
    assertEquals("[\"b\",\"c\"]", r.path("metadata").path("finalizers").toString());
    assertNoDirectives(http.get(CMS + "/cmf").expect(200).json());
    JsonNode union = http.patch(CMS + "/cmf", "application/strategic-merge-patch+json",
        "{\"metadata\":{\"finalizers\":[\"x\"]}}").expect(200).json();
    // A union, in Go's normalizeElementOrder order: patch items first when the server order does not place them.
    assertEquals("[\"x\",\"b\",\"c\"]", union.path("metadata").path("finalizers").toString());
  }

  private static void assertNoDirectives(JsonNode node) {
    if (node instanceof ObjectNode o) {
      Iterator<String> names = o.fieldNames();
      while (names.hasNext()) {
        String n = names.next();
        assertFalse(n.startsWith("$"), "directive stored: " + n);
        assertNoDirectives(o.get(n));
      }
    } else if (node.isArray()) {
      node.forEach(CrudConformanceTest::assertNoDirectives);
    }
  }

  @Test
  void check33_patchWithStaleResourceVersionConflicts() {
    http.post(CMS, Fixtures.cm("cm1")).expect(201);
    http.patch(CMS + "/cm1", "application/merge-patch+json", "{\"data\":{\"a\":\"2\"}}").expect(200);
    http.patch(CMS + "/cm1", "application/merge-patch+json", "{\"metadata\":{\"resourceVersion\":\"1\"}}")
        .expect(409);
  }

  @Test
  void uidIsImmutable() {
    JsonNode cm = http.post(CMS, Fixtures.cm("cm1")).expect(201).json();
    ObjectNode changed = cm.deepCopy();
    ((ObjectNode) changed.path("metadata")).put("uid", "0000");
    String message = http.put(CMS + "/cm1", changed.toString()).expect(409).json().path("message").asText();
    assertTrue(message.contains("Precondition failed: UID in precondition: 0000"), message);
    assertNotEquals("0000", http.get(CMS + "/cm1").json().path("metadata").path("uid").asText());
  }

  @Test
  void createWithResourceVersionIsRefused() {
    JsonNode s = http.post(CMS, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\","
        + "\"resourceVersion\":\"5\"}}").expect(500).json();
    assertEquals("Internal error occurred: resourceVersion should not be set on objects to be created",
        s.path("message").asText());
  }

  @Test
  void dryRunPersistsNothing() {
    long before = server.resourceVersion();
    http.post(CMS + "?dryRun=All", Fixtures.cm("dry")).expect(201);
    http.get(CMS + "/dry").expect(404);
    assertEquals(before, server.resourceVersion());
    http.post(CMS + "?dryRun=Maybe", Fixtures.cm("dry")).expect(400);
  }

  @Test
  void nameMismatchOnPutIs400() {
    http.post(CMS, Fixtures.cm("cm1")).expect(201);
    JsonNode s = http.put(CMS + "/cm1", Fixtures.cm("other")).expect(400).json();
    assertEquals("the name of the object (other) does not match the name on the URL (cm1)",
        s.path("message").asText());
  }
}
