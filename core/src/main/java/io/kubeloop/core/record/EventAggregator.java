package io.kubeloop.core.record;

import io.kubeloop.core.api.ObjectMeta;
import io.kubeloop.core.clock.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;

/**
 * Java counterpart of client-go's {@code EventAggregator} ({@code tools/record/events_cache.go}): turns many
 * events that differ only in their message into one aggregate event, so that a controller reporting a new error
 * text every time does not write a new Event every time.
 *
 * <p>Events are grouped by {@link #aggregateKey} (source, involved object, type, reason, reporting controller and
 * instance) and told apart within the group by their message. While a group has seen fewer than
 * {@code maxEvents} distinct messages, each with less than {@code maxInterval} between one event of the group and
 * the next, events pass unchanged and are counted per exact event. From the {@code maxEvents}-th distinct message
 * on, the event is replaced by an aggregate event whose message is {@link #aggregateMessage} (the latest message
 * with the prefix {@value #AGGREGATE_MESSAGE_PREFIX}) and whose key is the group's, so later ones patch the same
 * aggregate Event's count. A gap longer than {@code maxInterval} starts the group afresh. client-go's defaults are
 * {@value EventCorrelator#DEFAULT_AGGREGATE_MAX_EVENTS} messages in
 * {@value EventCorrelator#DEFAULT_AGGREGATE_INTERVAL_SECONDS} s.
 *
 * <p>As in client-go, once a group aggregates it forgets one message it had seen (an arbitrary one, as Go's
 * {@code PopAny}), so its set never grows beyond {@code maxEvents - 1}; a later event whose message is still
 * remembered is counted as itself, not into the aggregate.
 *
 * <p>Not thread-safe (client-go locks it): only the broadcaster's thread calls it.
 */
final class EventAggregator {
  /** client-go's {@code EventAggregatorByReasonMessageFunc} prefix. */
  static final String AGGREGATE_MESSAGE_PREFIX = "(combined from similar events): ";

  /** What a group has seen ({@code aggregateRecord}). */
  private static final class Group {
    /** Distinct messages seen; at most {@code maxEvents - 1} between calls. */
    final Set<String> localKeys = new HashSet<>();
    /** When the group last saw an event. */
    Instant lastTimestamp;
  }

  /** An event to pass on and the key under which the {@link EventLogger} counts it. */
  record Aggregated(Event event, String key) {}

  private final LruCache<String, Group> groups;
  private final int maxEvents;
  private final Duration maxInterval;
  private final Clock clock;

  EventAggregator(int lruCacheSize, int maxEvents, Duration maxInterval, Clock clock) {
    if (maxEvents < 1) {
      throw new IllegalArgumentException("expected maxEvents of at least 1 but was " + maxEvents);
    }
    this.groups = new LruCache<>(lruCacheSize);
    this.maxEvents = maxEvents;
    this.maxInterval = Objects.requireNonNull(maxInterval, "maxInterval");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * {@code EventAggregate}: {@code event} itself with its exact key ({@link EventCorrelator#eventKey}), or, once
   * its group has seen {@code maxEvents} distinct messages, a new aggregate event with the group's key.
   */
  Aggregated aggregate(Event event) {
    Instant now = clock.instant();
    String aggregateKey = aggregateKey(event);
    String localKey = event.message() == null ? "" : event.message();

    // 1. A group not seen for longer than maxInterval (or never) starts afresh.
    Group group = groups.get(aggregateKey);
    if (group == null || Duration.between(group.lastTimestamp, now).compareTo(maxInterval) > 0) {
      group = new Group();
    }
    // 2. Remember this message and when, whatever happens next.
    group.localKeys.add(localKey);
    group.lastTimestamp = now;
    groups.add(aggregateKey, group);

    // 3. Below the threshold: the event passes as it is, counted by its exact key.
    if (group.localKeys.size() < maxEvents) {
      return new Aggregated(event, EventCorrelator.eventKey(event));
    }

    // 4. At the threshold: forget one message so the set stays bounded, and write an aggregate instead. Like
    // client-go, the aggregate carries no reporting controller or instance and has a name of its own.
    Iterator<String> any = group.localKeys.iterator();
    any.next();
    any.remove();
    ObjectReference ref = event.involvedObject();
    ObjectMeta meta = ObjectMeta.of(event.metadata().namespace(), ref.name() + "." + Long.toHexString(unixNanos(now)));
    Event aggregate = new Event(null, null, meta, ref, event.reason(), aggregateMessage(event), event.source(), now,
        now, 1, event.type(), null, null, null);
    return new Aggregated(aggregate, aggregateKey);
  }

  /**
   * client-go's {@code EventAggregatorByReasonFunc} (the aggregate key; the local key is the message): source
   * component and host, involved object kind, namespace, name, uid and apiVersion, type, reason, reporting
   * controller and reporting instance. Not the field path, so events about different containers of one pod group
   * together.
   */
  static String aggregateKey(Event e) {
    ObjectReference o = e.involvedObject();
    return Keys.join(Keys.source(e).component(), Keys.source(e).host(), o.kind(), o.namespace(), o.name(), o.uid(),
        o.apiVersion(), e.type(), e.reason(), e.reportingComponent(), e.reportingInstance());
  }

  /** client-go's {@code EventAggregatorByReasonMessageFunc}. */
  static String aggregateMessage(Event e) {
    return AGGREGATE_MESSAGE_PREFIX + (e.message() == null ? "" : e.message());
  }

  /** Go's {@code time.UnixNano()}, used in event names ({@code "%v.%x"}). */
  static long unixNanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}
