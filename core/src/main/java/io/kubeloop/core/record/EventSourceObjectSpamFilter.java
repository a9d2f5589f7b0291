package io.kubeloop.core.record;

import io.kubeloop.core.clock.Clock;
import java.util.Objects;
import java.util.function.Function;

/**
 * Java counterpart of client-go's {@code EventSourceObjectSpamFilter} ({@code tools/record/events_cache.go}): a
 * token bucket per source and object, so a controller failing in a loop cannot flood the API server with Events
 * about one object.
 *
 * <p>Each {@link #spamKey} gets a {@link TokenBucket} of {@value EventCorrelator#DEFAULT_SPAM_BURST} tokens that
 * refills at {@link EventCorrelator#DEFAULT_SPAM_QPS} (one token every five minutes): a source may write 25 events
 * about an object at once, then one per five minutes. The buckets live in an LRU cache of
 * {@value EventCorrelator#MAX_LRU_CACHE_ENTRIES} keys; a forgotten key starts again with a full bucket.
 *
 * <p>The key leaves out the reason and the message, so all of a source's events of one type about an object share
 * one budget. The event type has been part of the key since client-go 1.32 (kubernetes commit 99d20307c), so
 * Warnings cannot starve Normal events and the other way round.
 *
 * <p>Not thread-safe (client-go locks it): only the broadcaster's thread calls it.
 */
final class EventSourceObjectSpamFilter {
  private final LruCache<String, TokenBucket> buckets;
  private final int burst;
  private final float qps;
  private final Clock clock;
  private final Function<Event, String> keyFunc;

  EventSourceObjectSpamFilter(int lruCacheSize, int burst, float qps, Clock clock, Function<Event, String> keyFunc) {
    this.buckets = new LruCache<>(lruCacheSize);
    this.burst = burst;
    this.qps = qps;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.keyFunc = Objects.requireNonNull(keyFunc, "keyFunc");
    new TokenBucket(qps, burst); // validates the two numbers now rather than at the first event
  }

  /** Whether {@code event} exceeds its source's budget for the object and must be skipped ({@code Filter}). */
  boolean filter(Event event) {
    String key = keyFunc.apply(event);
    TokenBucket bucket = buckets.get(key);
    if (bucket == null) {
      bucket = new TokenBucket(qps, burst);
    }
    boolean skip = !bucket.tryAccept(clock.instant());
    buckets.add(key, bucket);
    return skip;
  }

  /**
   * client-go's {@code getSpamKey}: source component and host, involved object kind, namespace, name, uid and
   * apiVersion, and the event type. Not the field path, reason or message.
   */
  static String spamKey(Event e) {
    ObjectReference o = e.involvedObject();
    return Keys.join(Keys.source(e).component(), Keys.source(e).host(), o.kind(), o.namespace(), o.name(), o.uid(),
        o.apiVersion(), e.type());
  }
}
