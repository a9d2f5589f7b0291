package io.kubeloop.core.client;

import io.kubeloop.core.api.WatchEvent;
import java.io.IOException;

/**
 * Java counterpart of apimachinery {@code watch.Interface} as client-go's {@code StreamWatcher} implements it: the
 * events of one watch request, decoded one at a time as they arrive (nothing is buffered whole, so a stream that
 * never ends works).
 *
 * <p>{@link #next()} blocks for the next event and returns {@code null} when the server ends the stream normally
 * (for example when {@code timeoutSeconds} passes). A server ERROR event is returned as an event with its
 * {@link io.kubeloop.core.api.Status}. An event that cannot be decoded is returned as an ERROR event with a
 * 500 InternalError Status naming the problem (as client-go does), and the stream ends after it. A broken
 * connection throws {@link IOException}.
 *
 * <p>{@link #close()} cancels the request and unblocks a {@link #next()} in progress (which then returns
 * {@code null}); it is idempotent and may be called from any thread. One thread reads; any thread may close.
 */
public interface WatchStream<T> extends AutoCloseable {
  /** The next event, or {@code null} at the end of the stream or after {@link #close()}. */
  WatchEvent<T> next() throws IOException;

  @Override
  void close();
}
