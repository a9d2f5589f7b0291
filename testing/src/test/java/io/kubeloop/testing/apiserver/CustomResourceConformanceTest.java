package io.kubeloop.testing.apiserver;

import static io.kubeloop.testing.apiserver.Fixtures.VMS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Spec §16 checks 16, 31, 32 and 34–38: custom resources, generation, status subresource, schema. */
class CustomResourceConformanceTest {
  private static final String MERGE = "application/merge-patch+json";
  private final ApiServer server = ApiServer.start();
  private final Http http = new Http(server);

  @BeforeEach
  void crd() {
    Fixtures.installVmCrd(http);
  }

  @AfterEach
  void close() {
    server.close();
  }

  private static long generation(JsonNode o) {
    return o.path("metadata").path("generation").asLong();
  }

  @Test
  void crdIsEstablishedWhenCreateReturns() {
    JsonNode crd = http.get(Fixtures.CRDS + "/virtualmachines.example.com").expect(200).json();
    boolean established = false;
    for (JsonNode c : crd.path("status").path("conditions")) {
      established |= c.path("type").asText().equals("Established") && c.path("status").asText().equals("True");
    }
    assertTrue(established);
    assertEquals("vm", crd.path("status").path("acceptedNames").path("shortNames").get(0).asText());
    assertEquals(1, generation(crd));
  }

  @Test
  void crdUpdateServesNewShortNamesAndColumns() {
    JsonNode crd = http.get(Fixtures.CRDS + "/virtualmachines.example.com").expect(200).json();
    String updated = crd.toString().replace("[\"vm\"]", "[\"vm\",\"vms\"]");
    JsonNode after = http.put(Fixtures.CRDS + "/virtualmachines.example.com", updated).expect(200).json();
    assertEquals(2, generation(after));
    assertEquals("[\"vm\",\"vms\"]", after.path("status").path("acceptedNames").path("shortNames").toString());
    JsonNode legacy = http.get("/apis/example.com/v1").expect(200).json();
    assertEquals("[\"vm\",\"vms\"]", legacy.path("resources").get(0).path("shortNames").toString());
  }

  @Test
  void invalidCrdIsRejected() {
    String bad = Fixtures.VM_CRD.replace("\"name\":\"virtualmachines.example.com\"", "\"name\":\"wrong\"");
    JsonNode s = http.post(Fixtures.CRDS, bad).expect(422).json();
    assertTrue(s.path("message").asText().contains("must be spec.names.plural+\".\"+spec.group"),
        s.path("message").asText());
  }

  @Test
  void check16_createSetsGenerationAndDropsStatus() {
    http.post(VMS, Fixtures.vm("vm1", 2)).expect(201);
    String withStatus = Fixtures.vm("vm2", 2).replace("}}", "},\"status\":{\"phase\":\"Running\"}}");
    JsonNode vm2 = http.post(VMS, withStatus).expect(201).json();
    assertFalse(vm2.has("status"));
    JsonNode vm1 = http.get(VMS + "/vm1").expect(200).json();
    assertEquals(1, generation(vm1));
    assertEquals("example.com/v1", vm1.path("apiVersion").asText());
    assertEquals("VirtualMachine", vm1.path("kind").asText());
  }

  @Test
  void check31_strategicMergeIsUnsupportedForCustomResources() {
    http.post(VMS, Fixtures.vm("vm1", 2)).expect(201);
    JsonNode s = http.patch(VMS + "/vm1", "application/strategic-merge-patch+json", "{\"spec\":{\"cpus\":3}}")
        .expect(415).json();
    assertEquals("UnsupportedMediaType", s.path("reason").asText());
    assertEquals("the body of the request was in an unknown format - accepted media types include: "
        + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml",
        s.path("message").asText());
  }

  @Test
  void check32_serverSideApplyCreates() {
    Http.Response r = http.patch(VMS + "/vm2?fieldManager=test", "application/apply-patch+yaml",
        Fixtures.vm("vm2", 2));
    r.expect(201);
    http.get(VMS + "/vm2").expect(200);
    http.patch(VMS + "/vm3", "application/apply-patch+yaml", Fixtures.vm("vm3", 2)).expect(422);
  }

  @Test
  void check34_generationCountsSpecChangesOnly() {
    http.post(VMS, Fixtures.vm("vm1", 2)).expect(201);
    JsonNode a = http.patch(VMS + "/vm1", MERGE, "{\"spec\":{\"cpus\":4}}").expect(200).json();
    assertEquals(2, generation(a));
    JsonNode b = http.patch(VMS + "/vm1", MERGE, "{\"metadata\":{\"labels\":{\"x\":\"y\"}}}").expect(200).json();
    assertEquals(2, generation(b));
    assertTrue(b.path("metadata").path("resourceVersion").asLong() > a.path("metadata").path("resourceVersion")
        .asLong());
  }

  @Test
  void check35_mainEndpointIgnoresStatus() {
    http.post(VMS, Fixtures.vm("vm1", 2)).expect(201);
    JsonNode r = http.patch(VMS + "/vm1", MERGE, "{\"status\":{\"phase\":\"Running\"}}").expect(200).json();
    assertFalse(r.has("status"));
    assertEquals(1, generation(r));
  }

  @Test
  void check36_statusEndpointChangesOnlyStatus() {
    http.post(VMS, Fixtures.vm("vm1", 2)).expect(201);
    long before = server.resourceVersion();
    JsonNode r = http.patch(VMS + "/vm1/status", MERGE,
        "{\"status\":{\"phase\":\"Running\"},\"metadata\":{\"labels\":{\"x\":\"y\"}},\"spec\":{\"cpus\":99}}")
        .expect(200).json();
    assertEquals("Running", r.path("status").path("phase").asText());
    assertFalse(r.path("metadata").has("labels"));
    assertEquals(2, r.path("spec").path("cpus").asInt());
    assertEquals(1, generation(r));
    assertTrue(r.path("metadata").path("resourceVersion").asLong() > before);
    http.get(VMS + "/vm1/status").expect(200);
    http.get(VMS + "/vm1/scale").expect(404);
  }

  @Test
  void check37_printerColumnsInTables() {
    http.post(VMS, Fixtures.vm("vm1", 2)).expect(201);
    http.patch(VMS + "/vm1/status", MERGE, "{\"status\":{\"phase\":\"Running\"}}").expect(200);
    JsonNode t = http.get(VMS, Http.TABLE).expect(200).json();
    assertEquals("[\"Name\",\"Phase\",\"Age\"]", ListConformanceTest.names(t));
    assertEquals("Running", t.path("rows").get(0).path("cells").get(1).asText());
    assertEquals("PartialObjectMetadata", t.path("rows").get(0).path("object").path("kind").asText());
  }

  @Test
  void check38_unknownFieldsPerFieldValidation() {
    String body = Fixtures.vm("vm1", 2).replace("\"cpus\":2", "\"cpus\":2,\"foo\":1");
    JsonNode s = http.post(VMS + "?fieldValidation=Strict", body).expect(400).json();
    assertTrue(s.path("message").asText().contains("strict decoding error: unknown field \"spec.foo\""),
        s.path("message").asText());
    Http.Response warn = http.post(VMS, body).expect(201);
    assertTrue(warn.header("Warning").contains("unknown field \\\"spec.foo\\\"")
        || warn.header("Warning").contains("unknown field \"spec.foo\""), warn.header("Warning"));
    assertFalse(http.get(VMS + "/vm1").json().path("spec").has("foo"));
  }

  @Test
  void schemaTypeAndEnumViolationsAreInvalid() {
    String wrongType = Fixtures.vm("vm1", 2).replace("\"cpus\":2", "\"cpus\":\"two\"");
    JsonNode s = http.post(VMS, wrongType).expect(422).json();
    assertEquals("Invalid", s.path("reason").asText());
    assertEquals("spec.cpus", s.path("details").path("causes").get(0).path("field").asText());
    String badEnum = Fixtures.vm("vm1", 2).replace("\"cpus\":2", "\"cpus\":2,\"action\":\"reboot\"");
    JsonNode e = http.post(VMS, badEnum).expect(422).json();
    assertEquals("FieldValueNotSupported", e.path("details").path("causes").get(0).path("reason").asText());
  }

  @Test
  void putRequiresResourceVersionAndNeverCreates() {
    http.post(VMS, Fixtures.vm("vm1", 2)).expect(201);
    http.put(VMS + "/vm1", Fixtures.vm("vm1", 3)).expect(422);
    http.put(VMS + "/absent", Fixtures.vm("absent", 3)).expect(404);
  }

  @Test
  void clusterScopedCustomResources() {
    String crd = Fixtures.VM_CRD.replace("virtualmachines", "clusterthings").replace("virtualmachine", "clusterthing")
        .replace("VirtualMachine", "ClusterThing").replace("\"Namespaced\"", "\"Cluster\"")
        .replace("[\"vm\"]", "[\"ct\"]");
    http.post(Fixtures.CRDS, crd).expect(201);
    String obj = "{\"apiVersion\":\"example.com/v1\",\"kind\":\"ClusterThing\",\"metadata\":{\"name\":\"t1\"}}";
    http.post("/apis/example.com/v1/clusterthings", obj).expect(201);
    http.get("/apis/example.com/v1/clusterthings/t1").expect(200);
    http.get("/apis/example.com/v1/namespaces/default/clusterthings/t1").expect(404);
  }

  @Test
  void deletingTheCrdRemovesItsInstancesAndEndpoints() {
    http.post(VMS, Fixtures.vm("vm1", 2)).expect(201);
    JsonNode r = http.delete(Fixtures.CRDS + "/virtualmachines.example.com", null).expect(200).json();
    assertTrue(r.path("metadata").has("deletionTimestamp"));
    io.kubeloop.testing.Await.until("CRD gone",
        () -> http.get(Fixtures.CRDS + "/virtualmachines.example.com").code() == 404);
    http.get(VMS).expect(404);
  }
}
