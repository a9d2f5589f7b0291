package io.kubeloop.core.record;

import io.kubeloop.core.api.Json;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Java counterpart of client-go's {@code eventLogger} ({@code tools/record/events_cache.go}). Despite the name it
 * writes no log: it remembers, per event key, how often the event occurred, when first, and the name of the Event
 * object that holds it, so a repeat becomes a patch of that object ({@code count + 1}) instead of a new object.
 *
 * <p>{@link #observe} counts an occurrence before it is written, and {@link #updateState} then replaces the
 * entry with what the server returned. As in client-go, nothing takes an occurrence back: one that the spam filter
 * skips or whose write is finally dropped still counts, so the next write of that event carries a count that
 * includes it.
 *
 * <p>Not thread-safe (client-go locks it): only the broadcaster's thread calls it.
 */
final class EventLogger {
  /** What was last seen of an event ({@code eventLog}). */
  private record Observation(int count, Instant firstTimestamp, String name, String resourceVersion) {
    static Observation of(Event e) {
      return new Observation(e.count() == null ? 0 : e.count(), e.firstTimestamp(), e.metadata().name(),
          e.metadata().resourceVersion());
    }
  }

  /** {@code event} to write and, for a repeat, the JSON merge patch to apply to the existing Event (else null). */
  record Observed(Event event, String patch) {}

  private final LruCache<String, Observation> cache;

  EventLogger(int lruCacheSize) {
    this.cache = new LruCache<>(lruCacheSize);
  }

  /**
   * {@code eventObserve}: a first occurrence passes unchanged with no patch; a repeat takes the name,
   * resourceVersion and firstTimestamp of the Event already written, {@code count} one higher than last seen,
   * and a patch of {@code count}, {@code lastTimestamp} and {@code message}.
   */
  Observed observe(Event event, String key) {
    Observation last = cache.get(key);
    Event observed = event;
    String patch = null;
    if (last != null && last.count() > 0) {
      observed = new Event(event.apiVersion(), event.kind(),
          event.metadata().withName(last.name()).withResourceVersion(last.resourceVersion()),
          event.involvedObject(), event.reason(), event.message(), event.source(), last.firstTimestamp(),
          event.lastTimestamp(), last.count() + 1, event.type(), event.reportingComponent(),
          event.reportingInstance(), event.unknown());
      patch = patch(observed);
    }
    cache.add(key, Observation.of(observed));
    return new Observed(observed, patch);
  }

  /** {@code updateState}: remembers the Event as the server returned it, under its own exact key. */
  void updateState(Event fromServer) {
    cache.add(EventCorrelator.eventKey(fromServer), Observation.of(fromServer));
  }

  /*
   * client-go computes a two-way strategic merge patch between the event and a copy with count 0, lastTimestamp
   * at the epoch and an empty message, which comes to these three fields (the message only when not empty). A JSON
   * merge patch of the same fields has the same effect on an Event. lastTimestamp is a metav1.Time: whole seconds.
   */
  private static String patch(Event e) {
    Map<String, Object> patch = new LinkedHashMap<>();
    patch.put("count", e.count());
    patch.put("lastTimestamp", e.lastTimestamp().truncatedTo(ChronoUnit.SECONDS).toString());
    if (e.message() != null && !e.message().isEmpty()) {
      patch.put("message", e.message());
    }
    return Json.write(patch);
  }
}
