/**
 * Java counterpart of client-go {@code util/workqueue}: queues of keys for controllers. Read in this order:
 *
 * <ol>
 *   <li>{@link io.kubeloop.watch.workqueue.WorkQueue} ({@code queue.go}): fair, stingy, and exclusive. The dirty and
 *       processing sets guarantee an item is never held by two workers at once; an item added while a worker
 *       holds it is handed out again after {@code done}. Implemented by {@code DefaultWorkQueue}.
 *   <li>{@link io.kubeloop.watch.workqueue.DelayingQueue} ({@code delaying_queue.go}): {@code addAfter}, the
 *       earliest ready time wins; one timer on the injected clock instead of a goroutine.
 *   <li>{@link io.kubeloop.watch.workqueue.RateLimitingQueue} ({@code rate_limiting_queue.go}):
 *       {@code addRateLimited}, {@code forget}, {@code numRequeues}.
 *   <li>{@link io.kubeloop.watch.workqueue.RateLimiter} and {@link io.kubeloop.watch.workqueue.RateLimiters}
 *       ({@code default_rate_limiters.go}): exponential per item, fast-slow, max-of, token bucket, max-wait, and
 *       the default controller limiter (max of 5 ms..1000 s exponential and 10 qps / burst 100).
 *   <li>{@link io.kubeloop.watch.workqueue.WorkQueueMetrics} and {@link io.kubeloop.watch.workqueue.MetricsProvider}
 *       ({@code metrics.go}): depth, adds, latency, work duration, unfinished work, longest running, retries;
 *       {@link io.kubeloop.watch.workqueue.InMemoryMetrics} keeps them and prints Prometheus text.
 * </ol>
 *
 * <p>Every queue is configured by a {@link io.kubeloop.watch.workqueue.QueueConfig} (name, clock, metrics), so
 * tests drive it with {@code io.kubeloop.testing.FakeClock}. Nothing here is static or global, and no queue starts a
 * thread: delays and the periodic metrics update are actions scheduled on the clock.
 *
 * <p>Not ported: the pluggable {@code Queue} ordering ({@code Touch}), the parallelizer ({@code parallelizer.go})
 * and the deprecated untyped names.
 */
package io.kubeloop.watch.workqueue;
