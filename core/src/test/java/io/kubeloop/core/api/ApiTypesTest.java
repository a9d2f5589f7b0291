package io.kubeloop.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiTypesTest {
  @Test
  void leaseKeepsUnknownFieldsAndWritesMicroTimeWithSixDigits() throws Exception {
    String json = """
        {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","futureTop":{"x":[1,null]},
         "metadata":{"name":"l","namespace":"ns","resourceVersion":"7","creationTimestamp":"2024-05-01T10:11:12Z","newMeta":"m"},
         "spec":{"holderIdentity":"a","leaseDurationSeconds":15,"renewTime":"2024-05-01T10:11:12.5Z","newSpec":true}}""";
    Lease lease = Json.read(json, Lease.class);
    assertEquals(Instant.parse("2024-05-01T10:11:12.500Z"), lease.spec().renewTime());
    String out = Json.write(lease.withSpec(lease.spec()));
    Lease again = Json.read(out, Lease.class);
    assertEquals(lease, again);
    assertTrue(out.contains("\"renewTime\":\"2024-05-01T10:11:12.500000Z\""), out);
    assertTrue(out.contains("\"creationTimestamp\":\"2024-05-01T10:11:12Z\""), out);
    assertTrue(out.contains("\"futureTop\":{\"x\":[1,null]}"), out);
    assertTrue(out.contains("\"newMeta\":\"m\""), out);
    assertTrue(out.contains("\"newSpec\":true"), out);
  }

  @Test
  void objectMetaIsImmutableAndOmitsEmptyCollections() {
    ObjectMeta meta = ObjectMeta.of("ns", "a").withLabel("app", "web").withFinalizer("f");
    assertThrows(UnsupportedOperationException.class, () -> meta.labels().put("x", "y"));
    assertEquals(List.of("f"), meta.finalizers());
    assertEquals(List.of(), meta.withoutFinalizer("f").finalizers());
    assertEquals("{\"name\":\"b\"}", Json.write(ObjectMeta.of(null, "b")));
  }

  @Test
  void dynamicObjectHidesItsTree() {
    DynamicObject vm = DynamicObject.parse("{\"apiVersion\":\"v1\",\"kind\":\"X\",\"metadata\":{\"name\":\"a\"},\"spec\":{\"n\":1}}");
    vm.json().put("kind", "changed");
    assertEquals("X", vm.kind());
    DynamicObject changed = vm.with("/spec/n", 2).with("/status/phase", "Active");
    assertEquals("1", vm.text("/spec/n"));
    assertEquals("2", changed.text("/spec/n"));
    assertEquals("Active", changed.text("/status/phase"));
    assertEquals("a", changed.metadata().name());
  }

  @Test
  void apiExceptionPredicatesFollowClientGo() {
    ApiException gone = new ApiException(Status.failure(410, "Expired", "too old resource version: 1 (5)"));
    assertTrue(gone.isGone());
    assertTrue(gone.isResourceExpired());
    ApiException bare404 = new ApiException(Status.failure(404, "", "page not found"));
    assertTrue(bare404.isNotFound());
    ApiException conflictFromReason = new ApiException(Status.failure(409, "AlreadyExists", "x"));
    assertTrue(conflictFromReason.isAlreadyExists());
    assertFalse(conflictFromReason.isConflict(), "a reason wins over the code");
    ApiException tooLarge = new ApiException(Status.failure(504, "Timeout", "Too large resource version: 10, current: 5"));
    assertTrue(tooLarge.isGone());
    assertTrue(new ApiException(Status.failure(429, "", "")).isTooManyRequests());
    assertEquals("GET /api/v1/x: 410 Expired: too old resource version: 1 (5)",
        new ApiException("GET /api/v1/x", gone.status()).getMessage());
  }

  @Test
  void anUnknownReasonFallsBackToTheCodeAsApimachineryDoes() {
    // errors.go: `if _, ok := knownReasons[reason]; !ok && code == http.StatusNotFound`. An aggregated API server or
    // a proxy in front of the API server may send its own reason.
    assertTrue(new ApiException(Status.failure(404, "ResourceMissing", "gone")).isNotFound());
    assertTrue(new ApiException(Status.failure(409, "WriteConflict", "x")).isConflict());
    assertTrue(new ApiException(Status.failure(500, "Panic", "x")).isInternalError());
    assertTrue(new ApiException(Status.failure(410, "Compacted", "x")).isGone());
    assertFalse(new ApiException(Status.failure(404, "Forbidden", "x")).isNotFound(), "a known reason decides");
  }

  @Test
  void tooLargeResourceVersionInAllThreeShapes() throws Exception {
    Status byCauseType = Json.read("""
        {"status":"Failure","code":504,"reason":"Timeout","message":"Too large resource version: 10, current: 5",
         "details":{"causes":[{"reason":"ResourceVersionTooLarge","message":"Too large resource version"}]}}""",
        Status.class);
    // API servers 1.17.0 to 1.18.5: a Timeout whose only hint is the cause message.
    Status byCauseMessage = Json.read("""
        {"status":"Failure","code":504,"reason":"Timeout","message":"Timeout: request did not complete",
         "details":{"causes":[{"message":"Too large resource version"}]}}""", Status.class);
    Status byMessage = Status.failure(504, "Timeout", "Too large resource version: 10, current: 5");
    Status bareTimeout = Status.failure(504, "Timeout", "Timeout: request did not complete");
    assertTrue(new ApiException(byCauseType).isTooLargeResourceVersion());
    assertTrue(new ApiException(byCauseMessage).isTooLargeResourceVersion());
    assertTrue(new ApiException(byCauseMessage).isGone(), "a reflector relists on it");
    assertTrue(new ApiException(byMessage).isTooLargeResourceVersion());
    assertFalse(new ApiException(bareTimeout).isTooLargeResourceVersion());
  }

  record RoundTrip(String name, Class<?> type, String json) {
    @Override
    public String toString() {
      return name;
    }
  }

  static java.util.stream.Stream<RoundTrip> everyRecordWithUnknownFields() {
    String extra = "\"xNull\":null,\"xEmptyObject\":{},\"xEmptyString\":\"\",\"xEmptyList\":[],\"xZero\":0";
    return java.util.stream.Stream.of(
        new RoundTrip("ObjectMeta", ObjectMeta.class, "{\"name\":\"a\"," + extra
            + ",\"ownerReferences\":[{\"name\":\"o\"," + extra + "}]}"),
        new RoundTrip("OwnerReference", OwnerReference.class, "{\"name\":\"o\"," + extra + "}"),
        new RoundTrip("ListMeta", ListMeta.class, "{\"resourceVersion\":\"1\"," + extra + "}"),
        new RoundTrip("Status", Status.class, "{\"status\":\"Failure\",\"code\":409," + extra
            + ",\"details\":{\"name\":\"n\"," + extra + ",\"causes\":[{\"reason\":\"r\"," + extra + "}]}}"),
        new RoundTrip("Lease", Lease.class, "{\"apiVersion\":\"coordination.k8s.io/v1\",\"kind\":\"Lease\"," + extra
            + ",\"metadata\":{\"name\":\"l\"," + extra + "},\"spec\":{\"holderIdentity\":\"\"," + extra + "}}"),
        new RoundTrip("ObjectList", ObjectList.class, "{\"apiVersion\":\"v1\",\"kind\":\"List\"," + extra
            + ",\"metadata\":{\"resourceVersion\":\"1\"," + extra + "},\"items\":[]}"),
        new RoundTrip("DynamicObject", DynamicObject.class, "{\"apiVersion\":\"v1\",\"kind\":\"X\"," + extra
            + ",\"metadata\":{\"name\":\"d\"," + extra + "}}"));
  }

  /** Unknown.freeze promises that a field sent as null is written back as null; so do empty values. */
  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.MethodSource("everyRecordWithUnknownFields")
  void unknownFieldsSurviveARoundTripEvenWhenNullOrEmpty(RoundTrip c) throws Exception {
    Object decoded = Json.read(c.json(), c.type());
    assertEquals(Json.tree(c.json()), Json.tree(Json.write(decoded)), Json.write(decoded));
  }

  @Test
  void describeNamesAReadLimitInsteadOfCallingItMalformed() {
    String deep = "[".repeat(1200) + "]".repeat(1200);
    Exception e = assertThrows(java.io.IOException.class, () -> Json.tree("{\"a\":" + deep + "}"));
    String described = Json.describe(e);
    assertTrue(described.startsWith("the input exceeds a JSON read limit: Document nesting depth"), described);
  }

  @Test
  void objectKeyRoundTrips() {
    assertEquals("ns/a", ObjectKey.of("ns", "a").toString());
    assertEquals(ObjectKey.of("a"), ObjectKey.parse("a"));
    assertEquals(ObjectKey.of("ns", "a"), ObjectKey.parse("ns/a"));
    assertThrows(IllegalArgumentException.class, () -> ObjectKey.parse("a/b/c"));
    assertEquals(ObjectKey.of("a"), new ObjectKey("", "a"));
  }

  @Test
  void resourceTypePaths() {
    assertEquals("/apis/coordination.k8s.io/v1/namespaces/ns/leases/l", Lease.TYPE.objectPath("ns", "l"));
    assertEquals("/apis/coordination.k8s.io/v1/leases", Lease.TYPE.collectionPath(null));
    ResourceType<DynamicObject> ns = ResourceType.dynamic("", "v1", "namespaces", "Namespace", false);
    assertEquals("/api/v1/namespaces/x", ns.objectPath("ignored", "x"));
    assertEquals(Map.of(), ObjectMeta.of(null, "x").labels());
  }
}
