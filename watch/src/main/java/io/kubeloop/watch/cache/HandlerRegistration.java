package io.kubeloop.watch.cache;

import java.time.Duration;

/**
 * Java counterpart of client-go {@code tools/cache/shared_informer.go} ({@code ResourceEventHandlerRegistration}):
 * the handle {@link SharedIndexInformer#addEventHandler} returns, to ask whether that handler has caught up and to
 * remove it.
 */
public interface HandlerRegistration {
  /**
   * Whether the informer has synced <em>and</em> this handler has been given (and has returned from) every
   * {@code onAdd(obj, true)} of the initial list, including the synthetic adds of a handler added late.
   */
  boolean hasSynced();

  /** The resync period in effect for this handler after clamping; zero for none. */
  Duration resyncPeriod();
}
