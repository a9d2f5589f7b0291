package io.kubeloop.testing.apiserver;

import static io.kubeloop.testing.apiserver.Fixtures.CMS;
import static io.kubeloop.testing.apiserver.Fixtures.LEASES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Spec §16 checks 54–57 and bad input: MicroTime, Lease validation, media types, malformed bodies. */
class LeaseAndProtocolConformanceTest {
  private final ApiServer server = ApiServer.start();
  private final Http http = new Http(server);

  @AfterEach
  void close() {
    server.close();
  }

  @Test
  void check54_microTimeRoundTripsAndNormalisesToUtc() {
    http.post(LEASES, Fixtures.lease("l1", "2025-01-01T00:00:05.123456Z")).expect(201);
    assertEquals("2025-01-01T00:00:05.123456Z",
        http.get(LEASES + "/l1").json().path("spec").path("renewTime").asText());
    http.post(LEASES, Fixtures.lease("l2", "2025-01-01T00:00:05.123456+02:00")).expect(201);
    assertEquals("2024-12-31T22:00:05.123456Z",
        http.get(LEASES + "/l2").json().path("spec").path("renewTime").asText());
  }

  @Test
  void check55_microTimeNeedsSixDigits() {
    JsonNode s = http.post(LEASES, Fixtures.lease("l1", "2025-01-01T00:00:05Z")).expect(400).json();
    assertEquals("BadRequest", s.path("reason").asText());
    assertTrue(s.path("message").asText().contains("cannot parse \"Z\" as \".000000\""), s.path("message").asText());
  }

  @Test
  void check56_leaseDurationMustBePositive() {
    String body = Fixtures.lease("l1", "2025-01-01T00:00:05.123456Z").replace("\"leaseDurationSeconds\":15",
        "\"leaseDurationSeconds\":0");
    JsonNode s = http.post(LEASES, body).expect(422).json();
    assertEquals("spec.leaseDurationSeconds", s.path("details").path("causes").get(0).path("field").asText());
  }

  @Test
  void leaseHasNoGenerationAndOptimisticUpdates() {
    JsonNode l = http.post(LEASES, Fixtures.lease("l1", "2025-01-01T00:00:05.123456Z")).expect(201).json();
    assertTrue(!l.path("metadata").has("generation"));
    String update = l.toString().replace("\"holderIdentity\":\"a\"", "\"holderIdentity\":\"b\"");
    http.put(LEASES + "/l1", update).expect(200);
    http.put(LEASES + "/l1", update).expect(409);
  }

  @Test
  void check57_protobufBodyIsUnsupported() {
    Http.Response r = http.send("POST", CMS, "k8s\u0000garbage", "application/vnd.kubernetes.protobuf",
        "application/vnd.kubernetes.protobuf,application/json");
    r.expect(415);
    assertEquals("UnsupportedMediaType", r.json().path("reason").asText());
    assertEquals("the body of the request was in an unknown format - accepted media types include: "
        + "application/json, application/yaml", r.json().path("message").asText());
  }

  @Test
  void protobufNamespaceFromKubectlCreateIsDecoded() throws Exception {
    // k8s\0 + Unknown{raw(2): Namespace{metadata(1): ObjectMeta{name(1): "pb"}}}, as kubectl create namespace sends.
    byte[] name = "pb".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] meta = concat(new byte[] {0x0a, (byte) name.length}, name);
    byte[] ns = concat(new byte[] {0x0a, (byte) meta.length}, meta);
    byte[] body = concat(new byte[] {'k', '8', 's', 0, 0x12, (byte) ns.length}, ns);
    java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url() + "/api/v1/namespaces"))
            .header("Content-Type", "application/vnd.kubernetes.protobuf")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(201, r.statusCode(), r.body());
    assertEquals("Active", http.get("/api/v1/namespaces/pb").expect(200).json().path("status").path("phase").asText());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void nonJsonAcceptIsNotAcceptable() {
    JsonNode s = http.get(CMS, "application/vnd.kubernetes.protobuf").expect(406).json();
    assertEquals("NotAcceptable", s.path("reason").asText());
    http.get(CMS, "application/vnd.kubernetes.protobuf,application/json").expect(200);
    http.get(CMS, "*/*").expect(200);
  }

  @Test
  void malformedJsonIsBadRequest() {
    JsonNode s = http.post(CMS, "{\"apiVersion\":").expect(400).json();
    assertEquals("BadRequest", s.path("reason").asText());
    http.patch(CMS + "/x", "application/merge-patch+json", "{not json").expect(400);
  }

  @Test
  void wrongApiVersionIsBadRequest() {
    JsonNode s = http.post(CMS, "{\"apiVersion\":\"v2\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"}}")
        .expect(400).json();
    assertEquals("the API version in the data (v2) does not match the expected API version (v1)",
        s.path("message").asText());
  }

  @Test
  void unknownResourceAndSubresourceAre404() {
    http.get("/api/v1/namespaces/default/widgets").expect(404);
    http.get(CMS + "/x/status").expect(404);
    http.get("/api/v1/nodes/x/y/z").expect(404);
  }

  @Test
  void unsupportedPatchTypeIs415() {
    http.post(CMS, Fixtures.cm("cm1")).expect(201);
    JsonNode s = http.patch(CMS + "/cm1", "text/plain", "x").expect(415).json();
    assertTrue(s.path("message").asText().contains("application/strategic-merge-patch+json"));
  }

  @Test
  void invalidNameIsInvalid() {
    JsonNode s = http.post(CMS, Fixtures.cm("Bad_Name")).expect(422).json();
    assertEquals("metadata.name", s.path("details").path("causes").get(0).path("field").asText());
  }

  @Test
  void unsupportedMethodIs405() {
    Http.Response r = http.send("PUT", CMS, "{}", "application/json", "application/json");
    r.expect(405);
    assertEquals("MethodNotAllowed", r.json().path("reason").asText());
  }

  @Test
  void yamlBodiesAreAccepted() {
    http.send("POST", CMS, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y\ndata:\n  k: v\n",
        "application/yaml", "application/json").expect(201);
    assertEquals("v", http.get(CMS + "/y").json().path("data").path("k").asText());
  }

  @Test
  void integersStayIntegers() {
    JsonNode l = http.post(LEASES, Fixtures.lease("l1", "2025-01-01T00:00:05.123456Z")).expect(201).json();
    assertTrue(http.get(LEASES + "/l1").raw().body().contains("\"leaseDurationSeconds\":15,"));
    assertTrue(l.path("spec").path("leaseDurationSeconds").isInt());
  }
}
