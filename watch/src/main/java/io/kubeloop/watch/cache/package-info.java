/**
 * Java counterpart of client-go {@code tools/cache}: keeping a local, indexed copy of a resource in step with the
 * API server and telling handlers what changed. Read in this order (the data flow of {@code watch/README.md}):
 *
 * <ol>
 *   <li>{@link io.kubeloop.watch.cache.ListerWatcher}: the two calls made to the server (list, watch), over a core
 *       {@code ResourceClient} with namespace and selectors.
 *   <li>{@link io.kubeloop.watch.cache.Reflector}: list, then watch from the list's resourceVersion, resume, relist;
 *       an explicit state machine ({@link io.kubeloop.watch.cache.ReflectorState}) whose decisions are pure
 *       functions ({@code ReflectorDecisions}); one list is a {@code ListRequest} (pages through
 *       {@code ListPager}) or a streaming {@code WatchListRequest}, one watch stream a {@code WatchSession} with
 *       its {@code IdleWatchdog}, the resync timer a {@code ResyncLoop}; {@link io.kubeloop.watch.cache.Backoff},
 *       {@link io.kubeloop.watch.cache.WatchErrorHandler} and {@link io.kubeloop.watch.cache.ReflectorListener}
 *       around it; it writes into a {@link io.kubeloop.watch.cache.ReflectorStore}.
 *   <li>{@link io.kubeloop.watch.cache.DeltaFifo}: the reflector's store in an informer; per-key
 *       {@link io.kubeloop.watch.cache.Delta}s, relists turned into {@code REPLACED} deltas and
 *       {@link io.kubeloop.watch.cache.DeletedFinalStateUnknown} deletes.
 *   <li>{@link io.kubeloop.watch.cache.Indexer}: the thread-safe cache with a namespace index and user
 *       {@link io.kubeloop.watch.cache.IndexFunc}s; readers get its read-only half, a
 *       {@link io.kubeloop.watch.cache.Lister}.
 *   <li>{@link io.kubeloop.watch.cache.SharedIndexInformer}: ties them together; pops deltas, updates the indexer,
 *       then notifies each {@link io.kubeloop.watch.cache.ResourceEventHandler} on its own thread with its own
 *       buffer ({@code ProcessorListener}, {@code SharedProcessor}); {@link io.kubeloop.watch.cache.HandlerRegistration}
 *       says whether a handler has caught up.
 *   <li>{@link io.kubeloop.watch.cache.SharedInformerFactory}: one informer per resource type, shared by every
 *       controller in the process.
 * </ol>
 *
 * <p>Everything time-based (backoff, watch timeouts, the idle-stream watchdog, resync) runs on an injected
 * {@code io.kubeloop.core.clock.Clock}, so tests use a fake clock and never sleep.
 */
package io.kubeloop.watch.cache;
