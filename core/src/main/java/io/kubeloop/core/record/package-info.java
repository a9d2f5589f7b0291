/**
 * Java counterpart of client-go {@code tools/record}: Kubernetes Events from controllers. Read in this order:
 * {@link io.kubeloop.core.record.EventRecorder} (what a controller calls),
 * {@link io.kubeloop.core.record.EventBroadcaster} (the queue, the thread, the retries),
 * {@code EventCorrelator} ({@code events_cache.go}: what becomes a new Event, a patch or nothing) and its three
 * steps {@code EventAggregator} (similar events combined), {@code EventLogger} (repeats counted) and
 * {@code EventSourceObjectSpamFilter} (a token bucket per source and object),
 * {@link io.kubeloop.core.record.EventSink} (where events go), {@link io.kubeloop.core.record.Event} (the v1 type).
 * The correlator and its steps are package-private and confined to the broadcaster's thread.
 */
package io.kubeloop.core.record;
