package io.kubeloop.watch.controller;

import java.lang.System.Logger.Level;

/**
 * Where a {@link Controller} reports a failed reconcile, after it has re-queued the key rate-limited: client-go's
 * {@code utilruntime.HandleError} as sample-controller calls it ("error syncing 'key': ..., requeuing").
 *
 * <p>Called on the worker thread that ran the reconcile, outside any lock. Return quickly; an exception thrown
 * here is logged and otherwise ignored.
 */
@FunctionalInterface
public interface ReconcileErrorHandler<K> {

  /**
   * @param key the key whose reconcile failed
   * @param error what the reconciler threw
   * @param requeues how many times the key had been rate-limited before this failure (0 on the first)
   */
  void onError(K key, Exception error, int requeues);

  /**
   * The default: logs at {@code WARNING} with logger {@code io.kubeloop.watch.controller.Controller}, as
   * {@code controller=<name> key=<key> requeues=<n>} plus the exception. (client-go logs these at error level;
   * here a failure that will be retried is a warning.)
   */
  static <K> ReconcileErrorHandler<K> logging(String controllerName) {
    System.Logger log = System.getLogger(Controller.class.getName());
    return (key, error, requeues) -> log.log(Level.WARNING,
        "error syncing key, requeuing controller=" + controllerName + " key=" + key + " requeues=" + requeues, error);
  }
}
