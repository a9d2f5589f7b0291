/**
 * Java counterpart of client-go {@code tools/record}: Kubernetes Events from controllers. Read in this order:
 * {@link io.kubeloop.core.record.EventRecorder} (what a controller calls),
 * {@link io.kubeloop.core.record.EventBroadcaster} (the queue, the thread, aggregation of repeats),
 * {@link io.kubeloop.core.record.EventSink} (where events go), {@link io.kubeloop.core.record.Event} (the v1 type).
 */
package io.kubeloop.core.record;
