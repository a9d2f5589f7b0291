package io.kubeloop.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.ObjectMeta;
import io.kubeloop.core.clock.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** client-go's {@code tools/record/events_cache_test.go}, case for case, plus the token bucket on a stepped clock. */
class EventCorrelatorTest {

  /**
   * client-go's {@code testclocks.SimpleIntervalClock}: every reading moves time on by a fixed interval. The
   * correlator reads it twice per event (aggregator, spam filter) and the table once more for the timestamps, as
   * in client-go, so the intervals add up the same way.
   */
  static final class IntervalClock implements Clock {
    private Instant now = Instant.parse("2026-03-04T05:06:07Z");
    private final Duration interval;

    IntervalClock(Duration interval) {
      this.interval = interval;
    }

    @Override
    public Instant instant() {
      now = now.plus(interval);
      return now;
    }

    @Override
    public long nanoTime() {
      return EventAggregator.unixNanos(instant());
    }

    @Override
    public boolean sleep(Duration duration, Context context) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable action) {
      throw new UnsupportedOperationException();
    }
  }

  static ObjectReference objectReference(String kind, String name, String namespace) {
    return new ObjectReference(kind, namespace, name, "C934D34AFB20242", "version", null,
        "spec.containers{mycontainer}", null);
  }

  static Event event(String reason, String message, ObjectReference involvedObject) {
    return new Event(null, null, null, involvedObject, reason, message, EventSource.of("kubelet", "kublet.node1"),
        null, null, 1, EventRecorder.NORMAL, null, null, null);
  }

  static Event withCount(Event e, int count) {
    return new Event(e.apiVersion(), e.kind(), e.metadata(), e.involvedObject(), e.reason(), e.message(),
        e.source(), e.firstTimestamp(), e.lastTimestamp(), count, e.type(), e.reportingComponent(),
        e.reportingInstance(), e.unknown());
  }

  static Event at(Event e, Instant now) {
    return new Event(e.apiVersion(), e.kind(), e.metadata(), e.involvedObject(), e.reason(), e.message(),
        e.source(), now, now, e.count(), e.type(), e.reportingComponent(), e.reportingInstance(), e.unknown());
  }

  static Event withFieldPath(Event e, String fieldPath) {
    ObjectReference o = e.involvedObject();
    ObjectReference moved = new ObjectReference(o.kind(), o.namespace(), o.name(), o.uid(), o.apiVersion(),
        o.resourceVersion(), fieldPath, null);
    return new Event(e.apiVersion(), e.kind(), e.metadata(), moved, e.reason(), e.message(), e.source(),
        e.firstTimestamp(), e.lastTimestamp(), e.count(), e.type(), e.reportingComponent(), e.reportingInstance(),
        e.unknown());
  }

  static Event withMessage(Event e, String message) {
    return new Event(e.apiVersion(), e.kind(), e.metadata(), e.involvedObject(), e.reason(), message, e.source(),
        e.firstTimestamp(), e.lastTimestamp(), e.count(), e.type(), e.reportingComponent(), e.reportingInstance(),
        e.unknown());
  }

  static List<Event> repeated(int n, Event template) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.add(template);
    }
    return events;
  }

  static List<Event> unique(int n) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.add(event("reason-" + i, "message-" + i, objectReference("Pod", "pod-" + i, "ns-" + i)));
    }
    return events;
  }

  /** client-go's {@code makeSimilarEvents}: the template with message {@code prefix-i-message}. */
  static List<Event> similar(int n, Event template, String prefix) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.add(withMessage(template, prefix + "-" + i + "-" + template.message()));
    }
    return events;
  }

  static final int MAX_EVENTS = EventCorrelator.DEFAULT_AGGREGATE_MAX_EVENTS;

  @Test
  void eventAggregatorByReasonFunc() {
    Event event1 = event("end-of-world", "it was fun", objectReference("Pod", "pod1", "other"));
    Event event2 = event("end-of-world", "it was awful", objectReference("Pod", "pod1", "other"));
    Event event3 = event("nevermind", "it was a bug", objectReference("Pod", "pod1", "other"));
    assertEquals(EventAggregator.aggregateKey(event1), EventAggregator.aggregateKey(event2));
    assertNotEquals(event1.message(), event2.message(), "the local key is the message");
    assertNotEquals(EventAggregator.aggregateKey(event1), EventAggregator.aggregateKey(event3));
  }

  @Test
  void aggregateKeyIncludesTypeAndReportingControllerButNotFieldPath() {
    Event e = event("Failed", "m", objectReference("Pod", "pod1", "other"));
    Event warning = new Event(null, null, null, e.involvedObject(), e.reason(), e.message(), e.source(), null, null,
        1, EventRecorder.WARNING, null, null, null);
    Event otherController = new Event(null, null, null, e.involvedObject(), e.reason(), e.message(), e.source(),
        null, null, 1, e.type(), "other-controller", null, null);
    assertNotEquals(EventAggregator.aggregateKey(e), EventAggregator.aggregateKey(warning));
    assertNotEquals(EventAggregator.aggregateKey(e), EventAggregator.aggregateKey(otherController));
    assertEquals(EventAggregator.aggregateKey(e), EventAggregator.aggregateKey(withFieldPath(e, "spec.x")));
    assertNotEquals(EventCorrelator.eventKey(e), EventCorrelator.eventKey(withFieldPath(e, "spec.x")));
  }

  @Test
  void eventAggregatorByReasonMessageFunc() {
    Event event1 = event("end-of-world", "it was fun", objectReference("Pod", "pod1", "other"));
    assertEquals("(combined from similar events): it was fun", EventAggregator.aggregateMessage(event1));
  }

  record Case(String name, List<Event> previousEvents, Event newEvent, Event expectedEvent, int intervalSeconds,
      boolean expectedSkip) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> eventCorrelatorCases() {
    ObjectReference myPod = objectReference("Pod", "my-pod", "my-ns");
    Event firstEvent = event("first", "i am first", myPod);
    Event duplicateEvent = event("duplicate", "me again", myPod);
    Event uniqueEvent = event("unique", "snowflake", myPod);
    Event similarEvent = withFieldPath(event("similar", "similar message", myPod), "spec.containers{container1}");
    Event aggregateEvent = event(similarEvent.reason(), EventAggregator.aggregateMessage(similarEvent),
        similarEvent.involvedObject());
    Event similarButDifferentContainerEvent = withFieldPath(similarEvent, "spec.containers{container2}");
    return Stream.of(
        new Case("create-a-single-event", List.of(), firstEvent, withCount(firstEvent, 1), 5, false),
        new Case("the-same-event-should-just-count", repeated(1, duplicateEvent), duplicateEvent,
            withCount(duplicateEvent, 2), 5, false),
        // a larger interval lets aggregation happen but not spam
        new Case("the-same-event-should-just-count-even-if-more-than-aggregate", repeated(MAX_EVENTS, duplicateEvent),
            duplicateEvent, withCount(duplicateEvent, MAX_EVENTS + 1), 30, false),
        new Case("the-same-event-is-spam-if-happens-too-frequently",
            repeated(EventCorrelator.DEFAULT_SPAM_BURST + 1, duplicateEvent), duplicateEvent, null, 1, true),
        new Case("create-many-unique-events", unique(30), uniqueEvent, withCount(uniqueEvent, 1), 5, false),
        new Case("similar-events-should-aggregate-event", similar(MAX_EVENTS - 1, similarEvent, similarEvent.message()),
            similarEvent, withCount(aggregateEvent, 1), 5, false),
        new Case("similar-events-many-times-should-count-the-aggregate",
            similar(MAX_EVENTS, similarEvent, similarEvent.message()), similarEvent, withCount(aggregateEvent, 2), 5,
            false),
        new Case("events-from-different-containers-do-not-aggregate", repeated(1, similarButDifferentContainerEvent),
            similarEvent, withCount(similarEvent, 1), 5, false),
        new Case("similar-events-whose-interval-is-greater-than-aggregate-interval-do-not-aggregate",
            similar(MAX_EVENTS - 1, similarEvent, similarEvent.message()), similarEvent, withCount(similarEvent, 1),
            EventCorrelator.DEFAULT_AGGREGATE_INTERVAL_SECONDS, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("eventCorrelatorCases")
  void eventCorrelator(Case c) {
    IntervalClock clock = new IntervalClock(Duration.ofSeconds(c.intervalSeconds()));
    EventCorrelator correlator = new EventCorrelator(clock);
    for (Event previous : c.previousEvents()) {
      EventCorrelator.Result result = correlator.correlate(at(previous, clock.instant()));
      if (!result.skip()) { // a skipped event is not written, so there is no server state to feed back
        correlator.updateState(result.event());
      }
    }
    EventCorrelator.Result result = correlator.correlate(at(c.newEvent(), clock.instant()));
    assertEquals(c.expectedSkip(), result.skip(), "skip");
    if (c.expectedSkip()) {
      assertNull(result.event());
      return;
    }
    validate(result.event(), c.expectedEvent());
  }

  /** client-go's {@code validateEvent}: timestamps tell a first occurrence from a repeat; the rest must match. */
  static void validate(Event actual, Event expected) {
    assertNotNull(actual.firstTimestamp());
    assertNotNull(actual.lastTimestamp());
    if (expected.count() > 1) {
      assertNotEquals(actual.firstTimestamp(), actual.lastTimestamp(), "a repeat keeps its first timestamp");
    } else {
      assertEquals(actual.firstTimestamp(), actual.lastTimestamp(), "a first occurrence");
    }
    assertEquals(expected.count(), actual.count(), "count");
    assertEquals(expected.message(), actual.message(), "message");
    assertEquals(expected.reason(), actual.reason(), "reason");
    assertEquals(expected.type(), actual.type(), "type");
    assertEquals(expected.involvedObject(), actual.involvedObject(), "involvedObject");
    assertEquals(expected.source(), actual.source(), "source");
  }

  /** client-go's {@code TestEventSpamFilter}: burst 1, the default key and one that adds the reason. */
  @Test
  void eventSpamFilter() {
    Function<Event, String> byObjectAndReason = e -> Keys.join(e.source().component(), e.source().host(),
        e.involvedObject().kind(), e.involvedObject().namespace(), e.involvedObject().name(),
        e.involvedObject().uid(), e.involvedObject().apiVersion(), e.reason());
    ObjectReference myPod = objectReference("Pod", "my-pod", "my-ns");
    Event original = event("original", "i am first", myPod);
    Event differentReason = event("duplicate", "me again", myPod);
    Event spam = event("original", "me again", myPod);

    assertTrue(afterOriginal(original, differentReason, EventSourceObjectSpamFilter::spamKey).skip(),
        "event should be reported as spam if object reference is the same for default spam filter");
    EventCorrelator.Result notSpam = afterOriginal(original, differentReason, byObjectAndReason);
    assertFalse(notSpam.skip(), "event should not be reported as spam if object reference is the same, "
        + "but reason is different for custom spam filter");
    validate(notSpam.event(), differentReason);
    assertTrue(afterOriginal(original, spam, byObjectAndReason).skip(), "event should be reported as spam if "
        + "object reference and reason is the same, but message is different for custom spam filter");
  }

  private static EventCorrelator.Result afterOriginal(Event original, Event next, Function<Event, String> spamKey) {
    IntervalClock clock = new IntervalClock(Duration.ofSeconds(1));
    EventCorrelator correlator = new EventCorrelator(
        new EventSourceObjectSpamFilter(EventCorrelator.MAX_LRU_CACHE_ENTRIES, 1, EventCorrelator.DEFAULT_SPAM_QPS,
            clock, spamKey),
        new EventAggregator(EventCorrelator.MAX_LRU_CACHE_ENTRIES, MAX_EVENTS, Duration.ofSeconds(600), clock),
        new EventLogger(EventCorrelator.MAX_LRU_CACHE_ENTRIES));
    Instant now = clock.instant();
    EventCorrelator.Result first = correlator.correlate(at(original, now));
    if (!first.skip()) {
      correlator.updateState(first.event());
    }
    return correlator.correlate(at(next, now));
  }

  /* Beyond client-go's table: the token bucket measured on a clock the test steps. */

  @Test
  void aSourceMayBurst25EventsAboutAnObjectThenOneEveryFiveMinutes() {
    EventBroadcasterTest.StepClock clock = new EventBroadcasterTest.StepClock();
    EventSourceObjectSpamFilter filter = new EventSourceObjectSpamFilter(EventCorrelator.MAX_LRU_CACHE_ENTRIES,
        EventCorrelator.DEFAULT_SPAM_BURST, EventCorrelator.DEFAULT_SPAM_QPS, clock,
        EventSourceObjectSpamFilter::spamKey);
    Event e = event("Failed", "boom", objectReference("Pod", "my-pod", "my-ns"));
    for (int i = 1; i <= 25; i++) {
      assertFalse(filter.filter(e), "event " + i + " is within the burst");
    }
    assertTrue(filter.filter(e), "the 26th is spam");
    clock.step(Duration.ofSeconds(299));
    assertTrue(filter.filter(e), "299 s refill less than one token");
    clock.step(Duration.ofSeconds(1));
    assertFalse(filter.filter(e), "300 s refill one token");
    assertTrue(filter.filter(e), "and only one");
    clock.step(Duration.ofHours(10));
    for (int i = 1; i <= 25; i++) {
      assertFalse(filter.filter(e), "a long pause refills the bucket up to the burst, event " + i);
    }
    assertTrue(filter.filter(e), "but not beyond it");
  }

  @Test
  void theBudgetIsPerSourceObjectAndTypeButNotReason() {
    EventBroadcasterTest.StepClock clock = new EventBroadcasterTest.StepClock();
    EventSourceObjectSpamFilter filter = new EventSourceObjectSpamFilter(EventCorrelator.MAX_LRU_CACHE_ENTRIES,
        EventCorrelator.DEFAULT_SPAM_BURST, EventCorrelator.DEFAULT_SPAM_QPS, clock,
        EventSourceObjectSpamFilter::spamKey);
    ObjectReference myPod = objectReference("Pod", "my-pod", "my-ns");
    for (int i = 0; i < 25; i++) {
      assertFalse(filter.filter(event("Reason" + i, "m", myPod)));
    }
    assertTrue(filter.filter(event("YetAnotherReason", "m", myPod)), "the reason is not part of the key");
    Event warning = new Event(null, null, null, myPod, "Failed", "m", EventSource.of("kubelet", "kublet.node1"), null,
        null, 1, EventRecorder.WARNING, null, null, null);
    assertFalse(filter.filter(warning), "the type is (since client-go 1.32)");
    assertFalse(filter.filter(event("Reason", "m", objectReference("Pod", "other-pod", "my-ns"))), "another object");
    Event otherSource = new Event(null, null, null, myPod, "Reason", "m", EventSource.of("kubelet", "node2"), null,
        null, 1, EventRecorder.NORMAL, null, null, null);
    assertFalse(filter.filter(otherSource), "another source");
  }

  @Test
  void aForgottenKeyStartsWithAFullBucket() {
    EventBroadcasterTest.StepClock clock = new EventBroadcasterTest.StepClock();
    EventSourceObjectSpamFilter filter = new EventSourceObjectSpamFilter(1, 1, EventCorrelator.DEFAULT_SPAM_QPS, clock,
        EventSourceObjectSpamFilter::spamKey);
    Event a = event("R", "m", objectReference("Pod", "a", "ns"));
    Event b = event("R", "m", objectReference("Pod", "b", "ns"));
    assertFalse(filter.filter(a));
    assertTrue(filter.filter(a));
    assertFalse(filter.filter(b), "b pushes a out of the one-entry LRU");
    assertFalse(filter.filter(a), "so a starts again");
  }

  @Test
  void aSkippedEventStillCountsAndTheNextWrittenRepeatIncludesIt() {
    EventBroadcasterTest.StepClock clock = new EventBroadcasterTest.StepClock();
    EventCorrelator correlator = new EventCorrelator(clock);
    Event e = event("Failed", "boom", objectReference("Pod", "my-pod", "my-ns"));
    for (int i = 1; i <= 25; i++) {
      EventCorrelator.Result r = correlator.correlate(at(e, clock.instant()));
      assertFalse(r.skip());
      assertEquals(i, r.event().count());
      assertEquals(i > 1, r.isUpdate());
      correlator.updateState(r.event());
    }
    assertTrue(correlator.correlate(at(e, clock.instant())).skip());
    clock.step(Duration.ofSeconds(300));
    EventCorrelator.Result r = correlator.correlate(at(e, clock.instant()));
    assertFalse(r.skip());
    assertEquals(27, r.event().count(), "the 26th was skipped but counted, as in client-go");
    assertEquals("{\"count\":27,\"lastTimestamp\":\"2026-03-04T05:11:07Z\",\"message\":\"boom\"}", r.patch());
  }

  @Test
  void theAggregateIntervalIsExclusive() {
    Event template = event("Failed", "boom", objectReference("Pod", "my-pod", "my-ns"));
    for (int gap : new int[] {600, 601}) {
      EventBroadcasterTest.StepClock clock = new EventBroadcasterTest.StepClock();
      EventCorrelator correlator = new EventCorrelator(clock);
      for (Event e : similar(MAX_EVENTS - 1, template, "x")) {
        correlator.updateState(correlator.correlate(at(e, clock.instant())).event());
      }
      clock.step(Duration.ofSeconds(gap));
      Event tenth = correlator.correlate(at(template, clock.instant())).event();
      String expected = gap == 600 ? EventAggregator.aggregateMessage(template) : template.message();
      assertEquals(expected, tenth.message(), "after a gap of " + gap + " s");
    }
  }

  @Test
  void anAggregateIsANewEventNamedAfterTheObjectAndLaterOnesPatchIt() {
    EventBroadcasterTest.StepClock clock = new EventBroadcasterTest.StepClock();
    EventCorrelator correlator = new EventCorrelator(clock);
    Event template = new Event(null, null, ObjectMeta.of("my-ns", "ignored"), objectReference("Pod", "my-pod",
        "my-ns"), "Failed", "boom", EventSource.of("kubelet", "kublet.node1"), null, null, 1, EventRecorder.WARNING,
        "kubelet", "kublet.node1", null);
    List<Event> events = similar(MAX_EVENTS + 1, template, "x");
    for (Event e : events.subList(0, MAX_EVENTS - 1)) {
      correlator.updateState(correlator.correlate(at(e, clock.instant())).event());
    }
    clock.step(Duration.ofSeconds(1));
    EventCorrelator.Result aggregate = correlator.correlate(at(events.get(MAX_EVENTS - 1), clock.instant()));
    assertFalse(aggregate.isUpdate());
    assertNull(aggregate.patch());
    assertEquals("my-ns", aggregate.event().metadata().namespace());
    assertEquals("my-pod." + Long.toHexString(EventAggregator.unixNanos(clock.instant())),
        aggregate.event().metadata().name());
    assertEquals("(combined from similar events): x-9-boom", aggregate.event().message());
    assertEquals(EventRecorder.WARNING, aggregate.event().type());
    assertNull(aggregate.event().reportingComponent(), "client-go's aggregate carries no reporting controller");
    correlator.updateState(aggregate.event());

    clock.step(Duration.ofSeconds(1));
    EventCorrelator.Result next = correlator.correlate(at(events.get(MAX_EVENTS), clock.instant()));
    assertTrue(next.isUpdate());
    assertEquals(aggregate.event().metadata().name(), next.event().metadata().name());
    assertEquals(2, next.event().count());
    assertEquals("{\"count\":2,\"lastTimestamp\":\"2026-03-04T05:06:09Z\","
        + "\"message\":\"(combined from similar events): x-10-boom\"}", next.patch());
  }
}
