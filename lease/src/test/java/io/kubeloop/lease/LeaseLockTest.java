package io.kubeloop.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.core.Context;
import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.api.Json;
import io.kubeloop.core.api.Lease;
import io.kubeloop.core.api.LeaseSpec;
import io.kubeloop.core.api.ObjectMeta;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * client-go's {@code leaselock_test.go} cases (§1.10 items 15, 16) and interoperability: the Lease JSON kubeloop
 * writes equals, field for field, the JSON client-go writes (golden files derived from §1.2), and kubeloop reads
 * and writes back a Lease that client-go wrote without losing a field.
 */
class LeaseLockTest {
  static final Context BG = Context.background();
  static final Instant T = Instant.parse("2026-01-01T00:00:00.123456789Z");

  final ReactorLeaseClient server = new ReactorLeaseClient();
  final List<String> events = new ArrayList<>();
  final LeaseLock lock = LeaseLock.builder(server, "test-namespace", "test-name", "test-identity").events(events::add).build();

  @Test
  void getOfAMissingLeaseIsNotFound() {
    ApiException e = assertThrows(ApiException.class, () -> lock.get(BG));
    assertTrue(e.isNotFound());
  }

  @Test
  void secondCreateIsAlreadyExists() throws Exception {
    lock.create(BG, LeaderElectionRecord.of("test-identity", 10, T, T, 0));
    ApiException e = assertThrows(ApiException.class, () -> lock.create(BG, LeaderElectionRecord.of("test-identity", 10, T, T, 0)));
    assertTrue(e.isAlreadyExists());
  }

  @Test
  void updateBeforeGetOrCreateFailsWithoutACall() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> lock.update(BG, LeaderElectionRecord.of("test-identity", 10, T, T, 0)));
    assertEquals("lease not initialized, call get or create first", e.getMessage());
    assertEquals(List.of(), server.actions());
  }

  @Test
  void describeAndEvents() {
    assertEquals("test-namespace/test-name", lock.describe());
    lock.recordEvent("test event");
    assertEquals(List.of("test-identity test event"), events);
  }

  @Test
  void configuredLabelsAreReassertedAndOthersKept() throws Exception {
    LeaseLock labelled = LeaseLock.builder(server, "test-namespace", "test-name", "test-identity")
        .labels(Map.of("custom-key", "custom-val")).build();
    labelled.create(BG, LeaderElectionRecord.of("test-identity", 10, T, T, 0));
    assertEquals(Map.of("custom-key", "custom-val"), server.stored("test-name").orElseThrow().metadata().labels());
    Lease stored = server.stored("test-name").orElseThrow();
    server.seed(stored.withMetadata(stored.metadata().withLabels(Map.of("custom-key", "new-custom-val", "custom-key-2", "custom-val-2"))));

    labelled.get(BG);
    labelled.update(BG, LeaderElectionRecord.of("test-identity", 10, T, T, 0));
    assertEquals(Map.of("custom-key", "custom-val", "custom-key-2", "custom-val-2"),
        server.stored("test-name").orElseThrow().metadata().labels());

    // no labels on either side must not fail
    lock.get(BG);
    lock.update(BG, LeaderElectionRecord.of("test-identity", 10, T, T, 0));
  }

  @Test
  void recordRoundTripsThroughTheSpec() {
    Instant micros = T.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    LeaseSpec spec = new LeaseSpec("foo", 10, T, T, 1, null, null, null);
    LeaderElectionRecord record = LeaderElectionRecord.fromSpec(spec);
    assertEquals(new LeaseSpec("foo", 10, micros, micros, 1, null, null, null), record.toSpec(null),
        "a record keeps what MicroTime can carry: microseconds");
    assertEquals(record, LeaderElectionRecord.fromSpec(record.toSpec(null)));
    assertEquals(LeaderElectionRecord.EMPTY, LeaderElectionRecord.fromSpec(null));
    assertEquals(LeaderElectionRecord.EMPTY, LeaderElectionRecord.fromSpec(new LeaseSpec(null, null, null, null, null, null, null, null)));
  }

  @Test
  void failedUpdateKeepsTheCachedLease() throws Exception {
    lock.create(BG, LeaderElectionRecord.of("test-identity", 10, T, T, 0));
    String rv = lock.cachedLease().orElseThrow().metadata().resourceVersion();
    server.onUpdate((n, l) -> {
      throw ReactorLeaseClient.conflict(n);
    });
    assertThrows(ApiException.class, () -> lock.update(BG, LeaderElectionRecord.of("test-identity", 10, T, T, 0)));
    assertEquals(rv, lock.cachedLease().orElseThrow().metadata().resourceVersion(), "still cached, so release can work");
  }

  @Test
  void createWritesWhatClientGoWrites() throws Exception {
    AtomicReference<Lease> sent = new AtomicReference<>();
    server.onCreate((n, l) -> {
      sent.set(l);
      return l;
    });
    LeaseLock golden = LeaseLock.builder(server, "foo", "bar", "baz").build();
    golden.create(BG, LeaderElectionRecord.of("baz", 10, T, T, 0));
    assertEquals(withoutGoOnlyNulls(resource("client-go-create.json")), Json.toTree(sent.get()));
  }

  @Test
  void releaseWritesWhatClientGoWrites() throws Exception {
    JsonNode held = resource("written-by-client-go.json");
    ((ObjectNode) held.get("spec")).put("holderIdentity", "baz");
    Lease seeded = server.seed(Json.parse(held.toString(), Lease.class));
    AtomicReference<Lease> sent = new AtomicReference<>();
    server.onUpdate((n, l) -> {
      sent.set(l);
      return l;
    });
    FakeReleaseTarget.release(LeaseLock.builder(server, "foo", "bar", "baz").build(),
        LeaderElectionRecord.fromSpec(seeded.spec()), Instant.parse("2026-01-01T00:00:05Z"));

    JsonNode expected = resource("written-by-client-go.json");
    ObjectNode expectedSpec = (ObjectNode) expected.get("spec");
    expectedSpec.put("holderIdentity", "");
    expectedSpec.put("leaseDurationSeconds", 1);
    expectedSpec.put("acquireTime", "2026-01-01T00:00:05.000000Z");
    expectedSpec.put("renewTime", "2026-01-01T00:00:05.000000Z");
    ((ObjectNode) expected.get("metadata")).put("resourceVersion", "1");
    assertEquals(expected, Json.toTree(sent.get()), "a release: holder \"\", 1 s, times now, transitions and every other field kept");
    assertEquals(resource("client-go-release.json").get("spec"), releasedSpecOf(resource("client-go-release.json")));
  }

  @Test
  void readsALeaseClientGoWrote() throws Exception {
    server.seed(Json.parse(resource("written-by-client-go.json").toString(), Lease.class));
    LeaseLock reader = LeaseLock.builder(server, "foo", "bar", "kubeloop-1").build();
    LeaderElectionRecord record = reader.get(BG);
    assertEquals("kube-controller-manager-1_7b9e1c2d-0f3a-4b5c-8d6e-9f0a1b2c3d4e", record.holderIdentity());
    assertEquals(15, record.leaseDurationSeconds());
    assertEquals(Instant.parse("2026-01-01T00:00:00.000001Z"), record.acquireTime());
    assertEquals(Instant.parse("2026-01-01T00:01:02.999999Z"), record.renewTime());
    assertEquals(7, record.leaderTransitions());
    assertEquals("", record.strategy());
    assertEquals("", record.preferredHolder());

    // a takeover written back keeps the fields kubeloop does not model
    reader.update(BG, LeaderElectionRecord.of("kubeloop-1", 15, T, T, 8));
    JsonNode written = Json.toTree(server.stored("bar").orElseThrow());
    assertEquals("{\"introducedIn\":\"1.40\"}", written.get("spec").get("futureField").toString());
    assertEquals("{\"unknownTopLevel\":true}", written.get("status").toString());
    assertEquals("kube-controller-manager", written.get("metadata").get("managedFields").get(0).get("manager").asText());
    assertEquals("2026-01-01T00:00:00.123456Z", written.get("spec").get("acquireTime").asText(), "six fraction digits");
    assertEquals(8, written.get("spec").get("leaseTransitions").asInt());
  }

  @Test
  void optionalStrategyAndPreferredHolderAreOmittedUnlessSet() {
    JsonNode plain = Json.toTree(LeaderElectionRecord.of("", 0, T, T, 0).toSpec(null));
    assertEquals(List.of("holderIdentity", "leaseDurationSeconds", "acquireTime", "renewTime", "leaseTransitions"), fieldNames(plain));
    assertEquals("", plain.get("holderIdentity").asText(), "an empty holder is sent as \"\", not omitted");
    JsonNode coordinated = Json.toTree(new LeaderElectionRecord("a", 1, T, T, 0, "OldestEmulationVersion", "b").toSpec(null));
    assertEquals("OldestEmulationVersion", coordinated.get("strategy").asText());
    assertEquals("b", coordinated.get("preferredHolder").asText());
    assertNull(LeaderElectionRecord.of("a", 1, T, T, 0).toSpec(null).strategy());
  }

  /** What client-go's release writes into a spec: parse the golden and return its spec after a round trip. */
  private static JsonNode releasedSpecOf(JsonNode lease) {
    Lease parsed = Json.parse(lease.toString(), Lease.class);
    return Json.toTree(LeaderElectionRecord.fromSpec(parsed.spec()).toSpec(parsed.spec()));
  }

  /** Go writes {@code metadata.creationTimestamp: null} (a struct, so omitempty does not apply); the server ignores it. */
  private static JsonNode withoutGoOnlyNulls(JsonNode golden) {
    ((ObjectNode) golden.get("metadata")).remove("creationTimestamp");
    return golden;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  static JsonNode resource(String name) throws IOException {
    try (InputStream in = LeaseLockTest.class.getResourceAsStream(name)) {
      return Json.tree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** Drives a real release through a LeaderElector whose observed record says it leads. */
  static final class FakeReleaseTarget {
    static void release(LeaseLock lock, LeaderElectionRecord ours, Instant now) {
      io.kubeloop.testing.FakeClock clock = new io.kubeloop.testing.FakeClock(now);
      LeaderElector elector = LeaderElector.create(LeaderElectionConfig.builder()
          .lock(lock)
          .callbacks(LeaderCallbacks.of(ctx -> {}, () -> {}))
          .clock(clock)
          .build());
      elector.setObservedForTest(ours, now);
      assertTrue(elector.release());
    }
  }

  static ObjectMeta meta() {
    return ObjectMeta.of("foo", "bar");
  }
}
