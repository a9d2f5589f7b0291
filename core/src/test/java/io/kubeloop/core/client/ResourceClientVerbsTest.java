package io.kubeloop.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.core.api.DynamicObject;
import io.kubeloop.core.api.Json;
import io.kubeloop.core.api.Lease;
import io.kubeloop.core.api.LeaseSpec;
import io.kubeloop.core.api.ObjectList;
import io.kubeloop.core.api.ObjectMeta;
import io.kubeloop.core.api.ResourceType;
import io.kubeloop.core.api.Status;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every verb's method, path, query, content type and body, against a scripted server. */
@Timeout(20)
class ResourceClientVerbsTest extends ServerSupport {
  static final String LEASE_A = """
      {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"a","namespace":"ns","resourceVersion":"7","uid":"u-1"},"spec":{"holderIdentity":"x"}}""";
  static final ResourceType<DynamicObject> NAMESPACES = ResourceType.dynamic("", "v1", "namespaces", "Namespace", false);

  ResourceClient<Lease> leases() {
    return client.resource(Lease.TYPE).inNamespace("ns");
  }

  static Lease lease(String name) {
    return Lease.of(ObjectMeta.of("ns", name), new LeaseSpec("me", 15, null, null, null, null, null, null));
  }

  RecordedRequest assertRequest(String method, String target, String contentType) throws InterruptedException {
    RecordedRequest r = take();
    assertEquals(method, r.getMethod(), "method");
    assertEquals(target, r.getTarget(), "path and query");
    assertEquals(contentType, r.getHeaders().get("Content-Type"), "content type");
    assertTrue(r.getHeaders().get("Accept").startsWith("application/json"), "accept");
    assertEquals("kubeloop-test/1.0", r.getHeaders().get("User-Agent"));
    assertEquals("Bearer " + TOKEN, r.getHeaders().get("Authorization"));
    return r;
  }

  @Test
  void getReadsOneObject() throws Exception {
    server.enqueue(json(200, LEASE_A));
    Lease a = leases().get("a");
    assertEquals("x", a.spec().holderIdentity());
    assertEquals("7", a.metadata().resourceVersion());
    assertRequest("GET", "/apis/coordination.k8s.io/v1/namespaces/ns/leases/a", null);
  }

  @Test
  void getOfAClusterScopedResourceHasNoNamespaceInThePath() throws Exception {
    server.enqueue(json(200, "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"ns\"}}"));
    DynamicObject ns = client.resource(NAMESPACES).inNamespace("ignored").get("ns");
    assertEquals("ns", ns.metadata().name());
    assertRequest("GET", "/api/v1/namespaces/ns", null);
  }

  @Test
  void listSendsEverySelectorAndPagingParameter() throws Exception {
    server.enqueue(json(200, """
        {"apiVersion":"coordination.k8s.io/v1","kind":"LeaseList","metadata":{"resourceVersion":"9","continue":"next-page"},"items":[%s]}"""
        .formatted(LEASE_A)));
    ObjectList<Lease> list = leases().list(ListOptions.defaults().withLabelSelector("app=web,tier in (a,b)")
        .withFieldSelector("metadata.name!=b").withLimit(500).withContinue("tok/en=").withResourceVersion("0")
        .withResourceVersionMatch("NotOlderThan").withTimeoutSeconds(30));
    assertEquals(1, list.items().size());
    assertEquals("9", list.resourceVersion());
    assertEquals("next-page", list.metadata().continueToken());
    assertRequest("GET", "/apis/coordination.k8s.io/v1/namespaces/ns/leases?labelSelector=app%3Dweb%2Ctier+in+%28a%2Cb%29"
        + "&fieldSelector=metadata.name%21%3Db&limit=500&continue=tok%2Fen%3D&resourceVersion=0"
        + "&resourceVersionMatch=NotOlderThan&timeoutSeconds=30", null);
  }

  @Test
  void listAcrossAllNamespacesUsesTheClusterWidePath() throws Exception {
    server.enqueue(json(200, "{\"kind\":\"LeaseList\",\"metadata\":{\"resourceVersion\":\"1\"},\"items\":[]}"));
    assertTrue(client.resource(Lease.TYPE).list().items().isEmpty());
    assertRequest("GET", "/apis/coordination.k8s.io/v1/leases", null);
  }

  @Test
  void createPostsJsonToTheCollection() throws Exception {
    server.enqueue(json(201, LEASE_A));
    leases().create(lease("a"), WriteOptions.defaults().withDryRun(true).withFieldManager("ctl").withFieldValidation("Strict"));
    RecordedRequest r = assertRequest("POST",
        "/apis/coordination.k8s.io/v1/namespaces/ns/leases?dryRun=All&fieldManager=ctl&fieldValidation=Strict", "application/json");
    JsonNode body = Json.tree(r.getBody().utf8());
    assertEquals("a", body.at("/metadata/name").asText());
    assertEquals("Lease", body.path("kind").asText());
  }

  @Test
  void createInAllNamespacesUsesTheObjectsNamespace() throws Exception {
    server.enqueue(json(201, LEASE_A));
    client.resource(Lease.TYPE).create(lease("a"));
    assertRequest("POST", "/apis/coordination.k8s.io/v1/namespaces/ns/leases", "application/json");
  }

  @Test
  void updatePutsToTheObjectAndUpdateStatusToItsStatus() throws Exception {
    server.enqueue(json(200, LEASE_A));
    server.enqueue(json(200, LEASE_A));
    leases().update(lease("a"));
    assertRequest("PUT", "/apis/coordination.k8s.io/v1/namespaces/ns/leases/a", "application/json");
    leases().updateStatus(lease("a"), WriteOptions.defaults().withDryRun(true));
    assertRequest("PUT", "/apis/coordination.k8s.io/v1/namespaces/ns/leases/a/status?dryRun=All", "application/json");
  }

  @Test
  void patchSendsTheMediaTypeOfEachPatchType() throws Exception {
    for (int i = 0; i < 3; i++) {
      server.enqueue(json(200, LEASE_A));
    }
    leases().patch("a", PatchType.MERGE_PATCH, "{\"spec\":{\"holderIdentity\":null}}");
    RecordedRequest merge = assertRequest("PATCH", "/apis/coordination.k8s.io/v1/namespaces/ns/leases/a",
        "application/merge-patch+json");
    assertEquals("{\"spec\":{\"holderIdentity\":null}}", merge.getBody().utf8());
    leases().patch("a", PatchType.JSON_PATCH, "[{\"op\":\"remove\",\"path\":\"/spec/x\"}]",
        PatchOptions.defaults().withDryRun(true).withFieldValidation("Ignore"));
    assertRequest("PATCH", "/apis/coordination.k8s.io/v1/namespaces/ns/leases/a?dryRun=All&fieldValidation=Ignore",
        "application/json-patch+json");
    leases().patchStatus("a", PatchType.APPLY_PATCH, "{}", PatchOptions.apply("ctl", true));
    assertRequest("PATCH", "/apis/coordination.k8s.io/v1/namespaces/ns/leases/a/status?fieldManager=ctl&force=true",
        "application/apply-patch+yaml");
  }

  @Test
  void applySendsTheObjectAsAnApplyPatchWithFieldManagerAndForce() throws Exception {
    server.enqueue(json(200, LEASE_A));
    leases().apply(lease("a"), "my-controller", false);
    RecordedRequest r = assertRequest("PATCH",
        "/apis/coordination.k8s.io/v1/namespaces/ns/leases/a?fieldManager=my-controller&force=false", "application/apply-patch+yaml");
    assertEquals("Lease", Json.tree(r.getBody().utf8()).path("kind").asText());
  }

  @Test
  void applyPatchWithoutFieldManagerIsRefusedBeforeSending() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> leases().patch("a", PatchType.APPLY_PATCH, "{}"));
    assertTrue(e.getMessage().contains("field manager"), e.getMessage());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void deleteSendsDeleteOptionsAsJson() throws Exception {
    server.enqueue(json(200, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Success\",\"code\":200}"));
    Optional<Lease> gone = leases().delete("a", DeleteOptions.defaults().withPreconditionUid("u-1")
        .withPreconditionResourceVersion("7").withPropagationPolicy(PropagationPolicy.Foreground)
        .withGracePeriodSeconds(0).withDryRun(true));
    assertFalse(gone.isPresent(), "a Success Status means the object is gone");
    RecordedRequest r = assertRequest("DELETE", "/apis/coordination.k8s.io/v1/namespaces/ns/leases/a", "application/json");
    assertEquals(Json.tree("""
        {"kind":"DeleteOptions","apiVersion":"v1","gracePeriodSeconds":0,"preconditions":{"uid":"u-1","resourceVersion":"7"},
         "propagationPolicy":"Foreground","dryRun":["All"]}"""), Json.tree(r.getBody().utf8()));
  }

  @Test
  void deleteReturnsTheObjectWhenFinalizersKeepIt() throws Exception {
    server.enqueue(json(200, LEASE_A.replace("\"uid\":\"u-1\"", "\"uid\":\"u-1\",\"deletionTimestamp\":\"2024-05-01T10:11:12Z\"")));
    Lease stillThere = leases().delete("a").orElseThrow();
    assertTrue(stillThere.metadata().isDeleting());
    RecordedRequest r = assertRequest("DELETE", "/apis/coordination.k8s.io/v1/namespaces/ns/leases/a", "application/json");
    assertEquals("{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\"}", r.getBody().utf8());
  }

  @Test
  void deleteCollectionDeletesWhatTheSelectorsSelect() throws Exception {
    server.enqueue(json(200, "{\"kind\":\"LeaseList\",\"items\":[]}"));
    Status s = leases().deleteCollection(ListOptions.defaults().withLabelSelector("app=web"), DeleteOptions.defaults());
    assertEquals("Success", s.status());
    assertRequest("DELETE", "/apis/coordination.k8s.io/v1/namespaces/ns/leases?labelSelector=app%3Dweb", "application/json");
  }

  @Test
  void getByNameAcrossAllNamespacesIsAProgrammerError() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> client.resource(Lease.TYPE).get("a"));
    assertTrue(e.getMessage().contains("inNamespace"), e.getMessage());
  }

  @Test
  void getRawReturnsTheParsedBody() throws Exception {
    server.enqueue(json(200, "{\"major\":\"1\",\"minor\":\"31\"}"));
    assertEquals("31", client.getRaw("/version").path("minor").asText());
    assertRequest("GET", "/version", null);
  }

  @Test
  void unknownFieldsSurviveAGetModifyUpdateRoundTrip() throws Exception {
    server.enqueue(json(200, """
        {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","futureTopLevel":{"a":[1,2]},
         "metadata":{"name":"a","namespace":"ns","resourceVersion":"7","futureMeta":"m"},
         "spec":{"holderIdentity":"x","futureSpec":true,"strategy":"OldestEmulationVersion"}}"""));
    server.enqueue(json(200, LEASE_A));
    Lease read = leases().get("a");
    Lease changed = read.withSpec(new LeaseSpec("y", read.spec().leaseDurationSeconds(), null, null, null,
        read.spec().strategy(), null, read.spec().unknown()));
    leases().update(changed);
    take();
    JsonNode sent = Json.tree(take().getBody().utf8());
    assertEquals("y", sent.at("/spec/holderIdentity").asText());
    assertTrue(sent.at("/spec/futureSpec").asBoolean());
    assertEquals("m", sent.at("/metadata/futureMeta").asText());
    assertEquals(2, sent.at("/futureTopLevel/a/1").asInt());
    assertEquals("7", sent.at("/metadata/resourceVersion").asText());
  }

  @Test
  void unknownFieldsOfADynamicObjectSurviveToo() throws Exception {
    server.enqueue(json(200, "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"ns\"},\"spec\":{\"x\":{\"y\":1}}}"));
    server.enqueue(json(200, "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"ns\"}}"));
    ResourceClient<DynamicObject> namespaces = client.resource(NAMESPACES);
    namespaces.update(namespaces.get("ns").with("/metadata/labels/a", "b"));
    take();
    JsonNode sent = Json.tree(take().getBody().utf8());
    assertEquals(1, sent.at("/spec/x/y").asInt());
    assertEquals("b", sent.at("/metadata/labels/a").asText());
    assertNull(sent.get("status"));
  }
}
