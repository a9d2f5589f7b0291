package io.kubeloop.testing.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Spec §16 checks 1–8: version, legacy and aggregated discovery, OpenAPI v3. */
class DiscoveryConformanceTest {
  private final ApiServer server = ApiServer.start();
  private final Http http = new Http(server);

  @AfterEach
  void close() {
    server.close();
  }

  private static JsonNode find(JsonNode array, String field, String value) {
    for (JsonNode n : array) {
      if (n.path(field).asText().equals(value)) {
        return n;
      }
    }
    return null;
  }

  @Test
  void check01_versionReportsMinor32() {
    JsonNode v = http.get("/version?timeout=5s").expect(200).json();
    assertEquals("1", v.path("major").asText());
    assertEquals("32", v.path("minor").asText());
    assertTrue(v.path("gitVersion").asText().startsWith("v1.32."));
  }

  @Test
  void check02_legacyApiRoot() {
    Http.Response r = http.get("/api").expect(200);
    assertEquals("application/json", r.header("Content-Type"));
    assertEquals("APIVersions", r.json().path("kind").asText());
    assertEquals("[\"v1\"]", r.json().path("versions").toString());
  }

  @Test
  void check03_aggregatedApisByContentType() {
    Http.Response r = http.get("/apis?timeout=32s", Http.AGGREGATED).expect(200);
    String ct = r.header("Content-Type").replace(" ", "");
    assertTrue(ct.startsWith("application/json;") && ct.contains("g=apidiscovery.k8s.io") && ct.contains("v=v2;")
        && ct.contains("as=APIGroupDiscoveryList"), ct);
    assertEquals("APIGroupDiscoveryList", r.json().path("kind").asText());
    assertEquals("apidiscovery.k8s.io/v2", r.json().path("apiVersion").asText());
    JsonNode coordination = null;
    for (JsonNode item : r.json().path("items")) {
      if (item.path("metadata").path("name").asText().equals("coordination.k8s.io")) {
        coordination = item;
      }
    }
    assertNotNull(coordination);
    JsonNode v1 = coordination.path("versions").get(0);
    assertEquals("v1", v1.path("version").asText());
    JsonNode leases = find(v1.path("resources"), "resource", "leases");
    assertNotNull(leases);
    assertEquals("Namespaced", leases.path("scope").asText());
    assertEquals("{\"group\":\"coordination.k8s.io\",\"version\":\"v1\",\"kind\":\"Lease\"}",
        leases.path("responseKind").toString());
  }

  @Test
  void check04_aggregatedCoreGroup() {
    JsonNode body = http.get("/api", Http.AGGREGATED).expect(200).json();
    JsonNode core = body.path("items").get(0);
    assertTrue(core.path("metadata").path("name").asText("").isEmpty());
    JsonNode resources = core.path("versions").get(0).path("resources");
    assertEquals("[\"cm\"]", find(resources, "resource", "configmaps").path("shortNames").toString());
    assertEquals("Cluster", find(resources, "resource", "namespaces").path("scope").asText());
  }

  @Test
  void check05_legacyGroupVersion() {
    JsonNode body = http.get("/apis/coordination.k8s.io/v1").expect(200).json();
    assertEquals("APIResourceList", body.path("kind").asText());
    assertEquals("coordination.k8s.io/v1", body.path("groupVersion").asText());
    JsonNode leases = find(body.path("resources"), "name", "leases");
    assertTrue(leases.path("namespaced").asBoolean());
    assertEquals("Lease", leases.path("kind").asText());
    List<String> verbs = new ArrayList<>();
    leases.path("verbs").forEach(v -> verbs.add(v.asText()));
    assertTrue(verbs.containsAll(List.of("get", "list", "watch", "create", "update", "patch", "delete")));
  }

  @Test
  void check06_unknownGroupIs404() {
    JsonNode s = http.get("/apis/nope.example.org/v1/things").expect(404).json();
    assertEquals("NotFound", s.path("reason").asText());
    assertEquals(404, s.path("code").asInt());
    assertEquals("the server could not find the requested resource", s.path("message").asText());
  }

  @Test
  void check07_crdAppearsInDiscovery() {
    Fixtures.installVmCrd(http);
    JsonNode body = http.get("/apis", Http.AGGREGATED).expect(200).json();
    JsonNode group = null;
    for (JsonNode item : body.path("items")) {
      if (item.path("metadata").path("name").asText().equals("example.com")) {
        group = item;
      }
    }
    assertNotNull(group);
    JsonNode vms = find(group.path("versions").get(0).path("resources"), "resource", "virtualmachines");
    assertEquals("[\"vm\"]", vms.path("shortNames").toString());
    JsonNode status = vms.path("subresources").get(0);
    assertEquals("status", status.path("subresource").asText());
    assertEquals("VirtualMachine", status.path("responseKind").path("kind").asText());
    JsonNode legacy = http.get("/apis/example.com/v1").expect(200).json();
    assertNotNull(find(legacy.path("resources"), "name", "virtualmachines"));
    assertNotNull(find(legacy.path("resources"), "name", "virtualmachines/status"));
    JsonNode groups = http.get("/apis").expect(200).json();
    assertNotNull(find(groups.path("groups"), "name", "example.com"));
  }

  @Test
  void check08_openApiV3AdvertisesFieldValidation() {
    JsonNode root = http.get("/openapi/v3").expect(200).json();
    assertTrue(root.path("paths").has("api/v1"));
    assertTrue(root.path("paths").has("apis/coordination.k8s.io/v1"));
    String url = root.path("paths").path("api/v1").path("serverRelativeURL").asText();
    JsonNode doc = http.get(url).expect(200).json();
    for (String kind : List.of("ConfigMap", "Namespace")) {
      boolean found = false;
      for (JsonNode path : doc.path("paths")) {
        JsonNode gvk = path.path("patch").path("x-kubernetes-group-version-kind");
        if (gvk.path("kind").asText().equals(kind) && gvk.path("group").asText().isEmpty()
            && find(path.path("patch").path("parameters"), "name", "fieldValidation") != null) {
          found = true;
        }
      }
      assertTrue(found, kind);
    }
    Fixtures.installVmCrd(http);
    JsonNode after = http.get("/openapi/v3").expect(200).json();
    assertTrue(after.path("paths").has("apis/example.com/v1"));
    assertNotEquals(url, after.path("paths").path("api/v1").path("serverRelativeURL").asText());
    http.get(after.path("paths").path("apis/example.com/v1").path("serverRelativeURL").asText()).expect(200);
  }

  @Test
  void healthEndpointsAnswerOk() {
    assertEquals("ok", http.get("/healthz").expect(200).raw().body());
    assertEquals("ok", http.get("/readyz").expect(200).raw().body());
  }
}
