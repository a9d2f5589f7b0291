package io.kubeloop.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.api.Json;
import io.kubeloop.core.api.Lease;
import io.kubeloop.core.api.ObjectMeta;
import io.kubeloop.core.api.Status;
import io.kubeloop.core.clock.Clock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventBroadcasterTest {
  /** A clock whose time the test sets and whose waits return at once. */
  static final class StepClock implements Clock {
    volatile Instant now = Instant.parse("2026-03-04T05:06:07.123456789Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public long nanoTime() {
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public boolean sleep(Duration duration, Context context) {
      return !context.isCancelled();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable action) {
      throw new UnsupportedOperationException();
    }

    void step(Duration d) {
      now = now.plus(d);
    }
  }

  /** Keeps every write; answers with scripted failures first. */
  static final class RecordingSink implements EventSink {
    final List<String> calls = new ArrayList<>();
    final List<Event> created = new ArrayList<>();
    final List<String> patches = new ArrayList<>();
    final Deque<Exception> failures = new ArrayDeque<>();
    volatile CountDownLatch gate;

    @Override
    public synchronized Event create(Event event) throws IOException, ApiException {
      awaitGate();
      calls.add("create " + event.reason());
      fail();
      created.add(event);
      // As a server would: the stored object has a resourceVersion, which a later create must not send.
      return new Event(event.apiVersion(), event.kind(), event.metadata().withResourceVersion("" + created.size()),
          event.involvedObject(), event.reason(), event.message(), event.source(), event.firstTimestamp(),
          event.lastTimestamp(), event.count(), event.type(), event.reportingComponent(), event.reportingInstance(),
          event.unknown());
    }

    @Override
    public synchronized Event patch(Event existing, String mergePatch) throws IOException, ApiException {
      calls.add("patch " + existing.metadata().name());
      fail();
      patches.add(mergePatch);
      Map<?, ?> p = Json.parse(mergePatch, Map.class);
      return new Event(null, null, existing.metadata(), existing.involvedObject(), existing.reason(),
          (String) p.get("message"), existing.source(), existing.firstTimestamp(),
          Instant.parse((String) p.get("lastTimestamp")), (Integer) p.get("count"), existing.type(), null, null, null);
    }

    private void awaitGate() {
      CountDownLatch g = gate;
      if (g != null) {
        try {
          g.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    private void fail() throws IOException, ApiException {
      Exception e = failures.poll();
      if (e instanceof IOException io) {
        throw io;
      }
      if (e instanceof ApiException api) {
        throw api;
      }
      if (e instanceof RuntimeException unchecked) {
        throw unchecked;
      }
    }
  }

  private final StepClock clock = new StepClock();
  private final RecordingSink sink = new RecordingSink();
  private EventBroadcaster broadcaster = EventBroadcaster.start(sink, clock);
  private final EventRecorder recorder = broadcaster.newRecorder(EventSource.of("vm-controller", "pod-a"));
  private final Lease object = Lease.of(new ObjectMeta("vm1", null, "ns1", "uid-1", "42", null, null, null, null,
      null, null, null, null, null, null), null);

  @AfterEach
  void close() {
    broadcaster.close();
  }

  @Test
  void writesAV1EventAboutTheObject() throws Exception {
    recorder.event(object, EventRecorder.NORMAL, "ServerCreated", "created server srv-1");
    assertTrue(broadcaster.flush(Duration.ofSeconds(5)));
    Event e = sink.created.get(0);
    assertEquals("ns1", e.metadata().namespace());
    assertEquals("vm1." + Long.toHexString(clock.nanoTime()), e.metadata().name());
    assertEquals(new ObjectReference("Lease", "ns1", "vm1", "uid-1", "coordination.k8s.io/v1", "42", null, null),
        e.involvedObject());
    assertEquals("Normal", e.type());
    assertEquals("ServerCreated", e.reason());
    assertEquals("created server srv-1", e.message());
    assertEquals("vm-controller", e.source().component());
    assertEquals("pod-a", e.source().host());
    assertEquals(1, e.count());
    assertEquals(clock.now, e.firstTimestamp());
    assertEquals(clock.now, e.lastTimestamp());
    String json = Json.write(e);
    assertTrue(json.contains("\"firstTimestamp\":\"2026-03-04T05:06:07Z\""), json);
    assertTrue(json.contains("\"apiVersion\":\"v1\""), json);
  }

  @Test
  void aRepeatIncrementsCountInsteadOfCreating() throws Exception {
    recorder.event(object, EventRecorder.WARNING, "ServerFailed", "boom");
    clock.now = clock.now.plusSeconds(30);
    recorder.event(object, EventRecorder.WARNING, "ServerFailed", "boom");
    recorder.event(object, EventRecorder.WARNING, "ServerFailed", "boom");
    recorder.event(object, EventRecorder.WARNING, "ServerFailed", "other message");
    assertTrue(broadcaster.flush(Duration.ofSeconds(5)));
    String name = sink.created.get(0).metadata().name();
    assertEquals(List.of("create ServerFailed", "patch " + name, "patch " + name, "create ServerFailed"), sink.calls);
    assertEquals("{\"count\":2,\"lastTimestamp\":\"2026-03-04T05:06:37Z\",\"message\":\"boom\"}", sink.patches.get(0));
    assertTrue(sink.patches.get(1).startsWith("{\"count\":3,"), sink.patches.get(1));
  }

  /* client-go recordEvent: when the patch finds no Event (404), it creates the event it meant to patch: same name,
   * the count and firstTimestamp reached so far, no resourceVersion. */
  @Test
  void aRepeatOfAnExpiredEventIsCreatedAgainWithItsCountAndFirstTimestamp() throws Exception {
    Instant firstSeen = clock.now;
    recorder.event(object, EventRecorder.NORMAL, "ServerCreated", "x");
    assertTrue(broadcaster.flush(Duration.ofSeconds(5)));
    String name = sink.created.get(0).metadata().name();
    clock.now = clock.now.plusSeconds(30);
    sink.failures.add(new ApiException(Status.failure(404, "NotFound", "events \"x\" not found")));
    recorder.event(object, EventRecorder.NORMAL, "ServerCreated", "x");
    assertTrue(broadcaster.flush(Duration.ofSeconds(5)));
    assertEquals(List.of("create ServerCreated", "patch " + name, "create ServerCreated"), sink.calls);
    Event again = sink.created.get(1);
    assertEquals(name, again.metadata().name());
    assertEquals(2, again.count());
    assertEquals(firstSeen, again.firstTimestamp());
    assertEquals(clock.now, again.lastTimestamp());
    assertNull(again.metadata().resourceVersion(), "a create carries no resourceVersion");

    recorder.event(object, EventRecorder.NORMAL, "ServerCreated", "x");
    assertTrue(broadcaster.flush(Duration.ofSeconds(5)));
    assertEquals("patch " + name, sink.calls.get(3));
    assertTrue(sink.patches.get(0).startsWith("{\"count\":3,"), sink.patches.get(0));
  }

  /* client-go counts an occurrence before writing it and never takes it back: after a dropped patch the next
   * repeat's count skips the lost one, so the count still tells how often the event happened. */
  @Test
  void aDroppedPatchStillCountsAsInClientGo() throws Exception {
    recorder.event(object, EventRecorder.WARNING, "ServerFailed", "boom");
    assertTrue(broadcaster.flush(Duration.ofSeconds(5)));
    String name = sink.created.get(0).metadata().name();
    sink.failures.add(new ApiException(Status.failure(403, "Forbidden", "no")));
    recorder.event(object, EventRecorder.WARNING, "ServerFailed", "boom");
    recorder.event(object, EventRecorder.WARNING, "ServerFailed", "boom");
    assertTrue(broadcaster.flush(Duration.ofSeconds(5)));
    assertEquals(List.of("create ServerFailed", "patch " + name, "patch " + name), sink.calls);
    assertEquals(1, sink.patches.size());
    assertTrue(sink.patches.get(0).startsWith("{\"count\":3,"), sink.patches.get(0));
  }

  /* client-go EventAggregator: the 10th distinct message for the same object, type and reason within 600 s is
   * written as a new "(combined from similar events)" Event, and later ones patch that Event. */
  @Test
  void tenDifferentMessagesBecomeOneCombinedEventWhoseCountGrows() throws Exception {
    for (int i = 0; i < 12; i++) {
      clock.now = clock.now.plusSeconds(1); // distinct names, as in real time
      recorder.event(object, EventRecorder.WARNING, "ServerFailed", "error " + i);
      // The aggregator reads the clock when the broadcaster thread takes the event: let it, before time moves on.
      assertTrue(broadcaster.flush(Duration.ofSeconds(5)));
    }
    assertEquals(10, sink.created.size(), sink.calls.toString());
    for (int i = 0; i < 9; i++) {
      assertEquals("error " + i, sink.created.get(i).message());
    }
    Event combined = sink.created.get(9);
    assertEquals("(combined from similar events): error 9", combined.message());
    assertEquals(1, combined.count());
    assertEquals("ServerFailed", combined.reason());
    assertEquals(EventRecorder.WARNING, combined.type());
    assertEquals(sink.created.get(0).involvedObject(), combined.involvedObject());
    assertEquals(List.of("patch " + combined.metadata().name(), "patch " + combined.metadata().name()),
        sink.calls.subList(10, 12));
    assertEquals("{\"count\":2,\"lastTimestamp\":\"2026-03-04T05:06:18Z\","
        + "\"message\":\"(combined from similar events): error 10\"}", sink.patches.get(0));
    assertTrue(sink.patches.get(1).startsWith("{\"count\":3,"), sink.patches.get(1));
    assertTrue(sink.patches.get(1).endsWith("error 11\"}"), sink.patches.get(1));
  }

  /* client-go EventSourceObjectSpamFilter: 25 at once, then one per 300 s, per source, object and type. */
  @Test
  void aSourceRepeatingAnEventTooOftenIsThrottledOnTheClock() throws Exception {
    for (int i = 0; i < 30; i++) {
      recorder.event(object, EventRecorder.WARNING, "ServerFailed", "boom");
    }
    assertTrue(broadcaster.flush(Duration.ofSeconds(5)));
    assertEquals(25, sink.calls.size(), "one create and 24 patches, then the filter");
    assertTrue(sink.patches.get(23).startsWith("{\"count\":25,"), sink.patches.get(23));

    recorder.event(object, EventRecorder.NORMAL, "ServerCreated", "ok");
    assertTrue(broadcaster.flush(Duration.ofSeconds(5)));
    assertEquals("create ServerCreated", sink.calls.get(25), "Normal events have a budget of their own");

    clock.now = clock.now.plusSeconds(299);
    recorder.event(object, EventRecorder.WARNING, "ServerFailed", "boom");
    assertTrue(broadcaster.flush(Duration.ofSeconds(5)));
    assertEquals(26, sink.calls.size(), "less than a token after 299 s");
    clock.now = clock.now.plusSeconds(1);
    recorder.event(object, EventRecorder.WARNING, "ServerFailed", "boom");
    assertTrue(broadcaster.flush(Duration.ofSeconds(5)));
    assertEquals(27, sink.calls.size());
    assertTrue(sink.patches.get(24).startsWith("{\"count\":32,"),
        "the 6 skipped were counted: " + sink.patches.get(24));
  }

  @Test
  void retriesServerErrorsAndTransportErrorsButNotRefusals() throws Exception {
    sink.failures.add(new ApiException(Status.failure(500, "InternalError", "etcd down")));
    sink.failures.add(new IOException("connection reset"));
    recorder.event(object, EventRecorder.NORMAL, "A", "a");
    assertTrue(broadcaster.flush(Duration.ofSeconds(5)));
    assertEquals(List.of("create A", "create A", "create A"), sink.calls);
    assertEquals(1, sink.created.size());

    sink.calls.clear();
    sink.failures.add(new ApiException(Status.failure(403, "Forbidden", "no")));
    recorder.event(object, EventRecorder.NORMAL, "B", "b");
    assertTrue(broadcaster.flush(Duration.ofSeconds(5)));
    assertEquals(List.of("create B"), sink.calls);
    assertEquals(1, sink.created.size());
  }

  @Test
  void aFullQueueDropsInsteadOfBlockingTheCaller() throws Exception {
    broadcaster.close();
    sink.gate = new CountDownLatch(1);
    broadcaster = EventBroadcaster.start(sink, clock, 2);
    EventRecorder r = broadcaster.newRecorder(EventSource.of("c", null));
    long start = System.nanoTime();
    for (int i = 0; i < 50; i++) {
      r.event(object, EventRecorder.NORMAL, "R" + i, "m");
    }
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "recording never blocks");
    sink.gate.countDown();
    assertTrue(broadcaster.flush(Duration.ofSeconds(5)));
    assertTrue(sink.created.size() <= 3, "at most one in flight plus the queue: " + sink.created.size());
    assertEquals("R0", sink.created.get(0).reason());
  }

  @Test
  void rejectsUnknownTypesAndEmptyReasons() {
    IllegalArgumentException t = assertThrows(IllegalArgumentException.class,
        () -> recorder.event(object, "Error", "X", "m"));
    assertEquals("expected event type Normal or Warning but was Error", t.getMessage());
    assertThrows(IllegalArgumentException.class, () -> recorder.event(object, EventRecorder.NORMAL, "", "m"));
  }

  @Test
  void closeStopsTheNamedThread() throws Exception {
    assertTrue(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("event-broadcaster")));
    recorder.event(object, EventRecorder.NORMAL, "Last", "m");
    broadcaster.close();
    assertEquals(List.of("create Last"), sink.calls, "close writes what was queued");
    recorder.event(object, EventRecorder.NORMAL, "AfterClose", "m");
    assertFalse(broadcaster.flush(Duration.ZERO) && sink.calls.size() > 1);
    assertNotEquals("AfterClose", sink.created.get(sink.created.size() - 1).reason());
  }

  @Test
  void clusterScopedObjectsGetEventsInDefault() throws Exception {
    Lease cluster = Lease.of(ObjectMeta.of(null, "node-1"), null);
    recorder.eventf(cluster, EventRecorder.NORMAL, "Seen", "seen %d times", 3);
    assertTrue(broadcaster.flush(Duration.ofSeconds(5)));
    assertEquals("default", sink.created.get(0).metadata().namespace());
    assertEquals("seen 3 times", sink.created.get(0).message());
  }

  /* One event the sink cannot take for an unexpected reason (a serialization bug, an invalid name the client
   * rejects before sending) must cost that event, not the broadcaster thread and so every later event. */
  @Test
  void anUnexpectedSinkFailureDropsThatEventAndKeepsWriting() throws Exception {
    sink.failures.add(new IllegalStateException("cannot serialize"));
    recorder.event(object, EventRecorder.NORMAL, "First", "m");
    recorder.event(object, EventRecorder.NORMAL, "Second", "m");
    assertTrue(broadcaster.flush(Duration.ofSeconds(5)), "every event written or dropped");
    assertEquals(List.of("create First", "create Second"), sink.calls);
    assertEquals("Second", sink.created.get(0).reason());
  }
}
