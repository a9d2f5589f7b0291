package io.kubeloop.watch.cache;

import io.kubeloop.core.client.ListOptions;
import io.kubeloop.core.client.WatchOptions;

/**
 * What a {@link Reflector} does, for metrics, logs and tests (okhttp's {@code EventListener}; client-go exposes
 * the same facts only through logs and {@code LastSyncResourceVersion}). Every method is a no-op by default.
 *
 * <p>Called on the reflector thread, in order: return quickly, never block, never throw, never call back into
 * the reflector.
 */
public interface ReflectorListener {
  /** The reflector moved to {@code state} (every transition, including the first and the terminal one). */
  default void stateChanged(ReflectorState state) {}

  /** A (possibly paged) list succeeded; {@code options} is the first page's request. */
  default void listed(ListOptions options, int items, String resourceVersion, boolean paginated) {}

  /** A watch request is about to be sent. */
  default void watchStarting(WatchOptions options) {}

  /**
   * A watch ended.
   *
   * @param events how many events it delivered (bookmarks included)
   * @param error what ended it, or null for a normal end
   * @param byWatchdog whether the client-side watchdog ended a silent stream
   */
  default void watchEnded(int events, Throwable error, boolean byWatchdog) {}

  /** The resume resourceVersion moved forward to {@code resourceVersion}. */
  default void resourceVersionAdvanced(String resourceVersion) {}
}
