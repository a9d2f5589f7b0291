package io.kubeloop.watch.controller;

/**
 * Your controller's logic: bring the world in line with the desired state of one object, named by its key. The
 * Java counterpart of sample-controller's {@code syncHandler(ctx, key) error} (controller-runtime's
 * {@code Reconciler}).
 *
 * <p>Rules (as in client-go): the {@link Controller} never calls this concurrently for the same key, but calls
 * it concurrently for different keys from its worker threads. Read the current state from a cache (a lister), not
 * from the key's history: a key is handed over once for any number of changes. Be idempotent.
 *
 * @param <K> the key type, usually a namespace/name record
 */
@FunctionalInterface
public interface Reconciler<K> {

  /**
   * Reconciles {@code key}.
   *
   * @return {@link Result#done()} when finished (the key's backoff is forgotten), {@link Result#requeue()} to try
   *     again after the rate limiter's delay, or {@link Result#requeueAfter} to look again after a fixed delay
   * @throws Exception any failure: the key is retried after the rate limiter's delay and the error is reported to
   *     the controller's {@link ReconcileErrorHandler}. An {@link Error} (a failed assert, a missing class) is
   *     treated the same, reported wrapped in an {@link java.util.concurrent.ExecutionException}; only a
   *     {@link VirtualMachineError} also ends the worker, after the key has been requeued.
   */
  Result reconcile(K key) throws Exception;
}
