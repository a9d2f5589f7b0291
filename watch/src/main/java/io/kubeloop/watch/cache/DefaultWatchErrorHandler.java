package io.kubeloop.watch.cache;

import io.kubeloop.core.api.ApiException;
import java.io.EOFException;
import java.lang.System.Logger.Level;

/** {@link WatchErrorHandler#logging()}. */
enum DefaultWatchErrorHandler implements WatchErrorHandler {
  INSTANCE;

  private static final System.Logger LOG = System.getLogger(Reflector.class.getName());

  @Override
  public void onWatchError(String reflectorName, Throwable error) {
    if (error instanceof ApiException a && a.isGone()) {
      LOG.log(Level.DEBUG, () -> "watch closed reflector=" + reflectorName + " error=" + error.getMessage());
    } else if (error instanceof EOFException) {
      return;
    } else {
      LOG.log(Level.WARNING, "Failed to watch reflector=" + reflectorName + " error=" + error);
    }
  }
}
