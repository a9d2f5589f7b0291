package io.kubeloop.core.record;

import io.kubeloop.core.clock.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Java counterpart of client-go's {@code EventCorrelator} ({@code tools/record/events_cache.go}), created by
 * {@code NewEventCorrelator} with its defaults: decides, before anything is written, whether an event becomes a
 * new Event object, a patch of an existing one, or nothing.
 *
 * <p>{@link #correlate} runs three steps in client-go's order ({@code EventCorrelate}):
 * <ol>
 *   <li>{@link EventAggregator}: after {@value #DEFAULT_AGGREGATE_MAX_EVENTS} distinct messages within
 *       {@value #DEFAULT_AGGREGATE_INTERVAL_SECONDS} s for the same source, object, type and reason, the event is
 *       replaced by one "(combined from similar events): ..." event;</li>
 *   <li>{@link EventLogger}: a repeat of an event already written becomes a patch of its {@code count};</li>
 *   <li>{@link EventSourceObjectSpamFilter}: a source may write {@value #DEFAULT_SPAM_BURST} events of a type about
 *       an object at once, then one per 300 s ({@link #DEFAULT_SPAM_QPS}); events beyond that are skipped.</li>
 * </ol>
 * The filter comes last, so a skipped event has already been counted by the aggregator and the logger (see
 * {@link EventLogger}). Each step keeps an LRU cache of {@value #MAX_LRU_CACHE_ENTRIES} keys.
 *
 * <p>After a successful write, {@link #updateState} feeds the server's answer back ({@code UpdateState}).
 *
 * <p>Differences: the caches' keys separate their fields (see {@link Keys}); there are no
 * {@code CorrelatorOptions} in the API (the package-private constructor takes the parts, for tests). Not
 * thread-safe (client-go locks each cache): the broadcaster's thread is its only caller.
 */
final class EventCorrelator {
  /** client-go's {@code maxLruCacheEntries}. */
  static final int MAX_LRU_CACHE_ENTRIES = 4096;
  /** client-go's {@code defaultAggregateMaxEvents}: distinct messages before aggregating. */
  static final int DEFAULT_AGGREGATE_MAX_EVENTS = 10;
  /** client-go's {@code defaultAggregateIntervalInSeconds}. */
  static final int DEFAULT_AGGREGATE_INTERVAL_SECONDS = 600;
  /** client-go's {@code defaultSpamBurst}: events per source, object and type before the filter skips any. */
  static final int DEFAULT_SPAM_BURST = 25;
  /** client-go's {@code defaultSpamQPS}, a Go {@code float32}: one token every five minutes. */
  static final float DEFAULT_SPAM_QPS = 1f / 300f;

  /** What to do with an event ({@code EventCorrelateResult}). */
  record Result(Event event, String patch, boolean skip) {
    /** Whether to patch the existing Event rather than create one: client-go's {@code Count > 1}. */
    boolean isUpdate() {
      return event != null && event.count() != null && event.count() > 1;
    }
  }

  private final EventSourceObjectSpamFilter filter;
  private final EventAggregator aggregator;
  private final EventLogger logger;

  /** client-go's {@code NewEventCorrelator(clock)}. */
  EventCorrelator(Clock clock) {
    this(new EventSourceObjectSpamFilter(MAX_LRU_CACHE_ENTRIES, DEFAULT_SPAM_BURST, DEFAULT_SPAM_QPS, clock,
            EventSourceObjectSpamFilter::spamKey),
        new EventAggregator(MAX_LRU_CACHE_ENTRIES, DEFAULT_AGGREGATE_MAX_EVENTS,
            Duration.ofSeconds(DEFAULT_AGGREGATE_INTERVAL_SECONDS), clock),
        new EventLogger(MAX_LRU_CACHE_ENTRIES));
  }

  /** {@code NewEventCorrelatorWithOptions}, for tests: the three steps built by the caller. */
  EventCorrelator(EventSourceObjectSpamFilter filter, EventAggregator aggregator, EventLogger logger) {
    this.filter = Objects.requireNonNull(filter, "filter");
    this.aggregator = Objects.requireNonNull(aggregator, "aggregator");
    this.logger = Objects.requireNonNull(logger, "logger");
  }

  /** {@code EventCorrelate}: aggregate, then count, then filter. */
  Result correlate(Event event) {
    Objects.requireNonNull(event, "event");
    EventAggregator.Aggregated aggregated = aggregator.aggregate(event);
    EventLogger.Observed observed = logger.observe(aggregated.event(), aggregated.key());
    if (filter.filter(observed.event())) {
      return new Result(null, null, true);
    }
    return new Result(observed.event(), observed.patch(), false);
  }

  /** {@code UpdateState}: the Event as the server returned it after a create or patch. */
  void updateState(Event fromServer) {
    logger.updateState(fromServer);
  }

  /**
   * client-go's {@code getEventKey}, which identifies an exact repeat: source component and host, involved object
   * kind, namespace, name, field path, uid and apiVersion, type, reason and message.
   */
  static String eventKey(Event e) {
    ObjectReference o = e.involvedObject();
    return Keys.join(Keys.source(e).component(), Keys.source(e).host(), o.kind(), o.namespace(), o.name(),
        o.fieldPath(), o.uid(), o.apiVersion(), e.type(), e.reason(), e.message());
  }
}
