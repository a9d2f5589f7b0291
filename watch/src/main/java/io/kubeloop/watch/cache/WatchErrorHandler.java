package io.kubeloop.watch.cache;

/**
 * Java counterpart of client-go {@code tools/cache/reflector.go} ({@code WatchErrorHandler},
 * {@code DefaultWatchErrorHandler}): told about every failed list, failed watch start and abnormally ended
 * watch, just before the reflector backs off, re-watches or relists. The reflector recovers on its own; the
 * handler is for logging, metrics, or giving up by cancelling the reflector's context.
 *
 * <p>Called on the reflector thread: return quickly, never block, never call back into the reflector. An exception
 * thrown by the handler is logged and otherwise ignored; it never stops the reflector.
 */
@FunctionalInterface
public interface WatchErrorHandler {
  void onWatchError(String reflectorName, Throwable error);

  /**
   * client-go's mapping of errors to log levels: expired or gone at DEBUG (klog V(4)), a clean EOF not at all,
   * anything else as a WARNING "Failed to watch".
   */
  static WatchErrorHandler logging() {
    return DefaultWatchErrorHandler.INSTANCE;
  }
}
