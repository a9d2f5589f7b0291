package io.kubeloop.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.api.Lease;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Responses to {@link ApiException}: the server's Status when it sent one, client-go's made-up Status when not. */
@Timeout(20)
class ResponseErrorsTest extends ServerSupport {
  ResourceClient<Lease> leases() {
    return client.resource(Lease.TYPE).inNamespace("ns");
  }

  ApiException getFails(MockResponse response) {
    server.enqueue(response);
    return assertThrows(ApiException.class, () -> leases().get("a"));
  }

  static String status(int code, String reason, String message) {
    return """
        {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"%s","reason":"%s","code":%d}"""
        .formatted(message, reason, code);
  }

  @Test
  void theServersStatusIsKeptWhole() {
    ApiException e = getFails(json(404, """
        {"kind":"Status","apiVersion":"v1","status":"Failure","message":"leases.coordination.k8s.io \\"a\\" not found",
         "reason":"NotFound","details":{"name":"a","group":"coordination.k8s.io","kind":"leases"},"code":404}"""));
    assertTrue(e.isNotFound());
    assertEquals("leases.coordination.k8s.io \"a\" not found", e.status().message());
    assertEquals("a", e.status().details().name());
    assertEquals("GET /apis/coordination.k8s.io/v1/namespaces/ns/leases/a: 404 NotFound: leases.coordination.k8s.io \"a\" not found",
        e.getMessage());
  }

  @Test
  void predicatesFollowTheReason() {
    assertTrue(getFails(json(409, status(409, "Conflict", "the object has been modified"))).isConflict());
    assertTrue(getFails(json(409, status(409, "AlreadyExists", "exists"))).isAlreadyExists());
    assertTrue(getFails(json(410, status(410, "Expired", "too old resource version: 1 (5)"))).isGone());
    assertTrue(getFails(json(403, status(403, "Forbidden", "leases is forbidden"))).isForbidden());
    assertTrue(getFails(json(401, status(401, "Unauthorized", "Unauthorized"))).isUnauthorized());
    assertTrue(getFails(json(422, status(422, "Invalid", "spec.x: Invalid value"))).isInvalid());
    assertTrue(getFails(json(429, status(429, "TooManyRequests", "slow down"))).isTooManyRequests());
    assertTrue(getFails(json(504, status(504, "Timeout", "Too large resource version: 10, current: 5"))).isGone());
  }

  @Test
  void aFailureStatusInA200IsStillAnError() {
    ApiException e = getFails(json(200, status(500, "InternalError", "etcd is unhappy")));
    assertTrue(e.isInternalError());
  }

  @Test
  void aTextBodyGetsClientGosMessageForTheCodeAndKeepsTheSnippet() {
    ApiException e = getFails(new MockResponse.Builder().code(404).setHeader("Content-Type", "text/plain; charset=utf-8")
        .body("404 page not found\n").build());
    assertTrue(e.isNotFound());
    assertEquals("NotFound", e.reason());
    assertEquals("the server could not find the requested resource (get leases.coordination.k8s.io a)", e.status().message());
    assertEquals("UnexpectedServerResponse", e.status().causes().get(0).reason());
    assertEquals("404 page not found", e.status().causes().get(0).message());
    assertTrue(e.getMessage().contains("404 page not found"), e.getMessage());
  }

  @Test
  void aConflictOnPostIsAlreadyExists() {
    server.enqueue(new MockResponse.Builder().code(409).build());
    ApiException e = assertThrows(ApiException.class, () -> leases().create(ResourceClientVerbsTest.lease("a")));
    assertTrue(e.isAlreadyExists());
    assertEquals("the server reported a conflict (post leases.coordination.k8s.io a)", e.status().message());
  }

  @Test
  void a5xxWithoutStatusQuotesTheServer() {
    ApiException e = getFails(new MockResponse.Builder().code(502).setHeader("Content-Type", "text/html")
        .body("<html>bad gateway</html>").build());
    assertTrue(e.isInternalError());
    assertEquals("an error on the server (\"<html>bad gateway</html>\") has prevented the request from succeeding"
        + " (get leases.coordination.k8s.io a)", e.status().message());
  }

  @Test
  void a410WithoutStatusIsGoneByCode() {
    ApiException e = getFails(new MockResponse.Builder().code(410).build());
    assertTrue(e.isGone());
    assertFalse(e.isNotFound());
  }

  @Test
  void emptyForbiddenAndUnauthorizedStillClassify() {
    assertTrue(getFails(new MockResponse.Builder().code(403).build()).isForbidden());
    assertTrue(getFails(new MockResponse.Builder().code(401).build()).isUnauthorized());
  }

  @Test
  void aBinaryBodyIsNotQuoted() {
    ApiException e = getFails(new MockResponse.Builder().code(500).setHeader("Content-Type", "application/vnd.kubernetes.protobuf")
        .body("\u0000\u0001k8s").build());
    assertEquals("unknown", e.status().causes().get(0).message());
  }

  @Test
  void genericMessagesMatchClientGo() {
    assertEquals("the server has asked for the client to provide credentials",
        ResponseErrors.genericServerResponse(401, "GET", "", "", "unknown", 0).message());
    assertEquals("the server has received too many requests and has asked us to try again later (get pods)",
        ResponseErrors.genericServerResponse(429, "GET", "pods", "", "unknown", 3).message());
    assertEquals(3, ResponseErrors.genericServerResponse(429, "GET", "pods", "", "unknown", 3).details().retryAfterSeconds());
    assertEquals("the server responded with the status code 418 but did not return more information",
        ResponseErrors.genericServerResponse(418, "GET", "", "", "unknown", 0).message());
  }

  @Test
  void onlyATopLevelKindStatusMakesASuccessfulBodyAStatus() {
    assertEquals("Lease", ResponseErrors.topLevelKind(
        "{\"metadata\":{\"kind\":\"Status\"},\"spec\":[{\"kind\":\"Status\"}],\"kind\":\"Lease\"}".getBytes()));
    assertEquals(null, ResponseErrors.statusOf("{\"kind\":\"Lease\",\"status\":\"Failure\"}".getBytes(), false));
    assertEquals("Success", ResponseErrors.statusOf("{\"kind\":\"Status\",\"status\":\"Success\"}".getBytes(), false).status());
    assertEquals("Failure", ResponseErrors.statusOf("{\"status\":\"Failure\",\"code\":500}".getBytes(), true).status(),
        "an error body without kind still counts, as client-go's DecodeInto accepts it");
  }
}
