package io.kubeloop.watch.cache;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.api.EventType;
import io.kubeloop.core.api.KubernetesObject;
import io.kubeloop.core.api.WatchEvent;
import io.kubeloop.core.client.WatchStream;
import java.io.IOException;
import java.time.Duration;

/**
 * One watch stream read to its end: client-go {@code tools/cache/reflector.go} ({@code handleWatch}). Applies each
 * event to the reflector's store and advances the resume resourceVersion, guarded by an {@link IdleWatchdog} and by
 * the reflector's context (cancelling it closes the stream). Always closes the stream.
 *
 * <p>The resourceVersion rule (client-go {@code propagateRVFromStart}): a watch started at {@code ""} or
 * {@code "0"} begins with synthetic ADDED events for everything that exists, in no particular order, so their
 * versions are not a valid resume point; the resourceVersion advances only once a MODIFIED, DELETED or BOOKMARK
 * proves the initial burst is over. A watch started at a real version advances on every event.
 */
final class WatchSession<T extends KubernetesObject> {
  private final Reflector<T> reflector;
  private final WatchStream<T> stream;
  private final String startResourceVersion;
  private final long timeoutSeconds;
  private final Context ctx;
  private int events;
  private Throwable error;
  private boolean byWatchdog;

  WatchSession(Reflector<T> reflector, WatchStream<T> stream, String startResourceVersion, long timeoutSeconds, Context ctx) {
    this.reflector = reflector;
    this.stream = stream;
    this.startResourceVersion = startResourceVersion;
    this.timeoutSeconds = timeoutSeconds;
    this.ctx = ctx;
  }

  void consume() {
    boolean propagate = !ReflectorDecisions.startsWithSyntheticAdds(startResourceVersion);
    boolean sawNonAdded = false;
    Duration limit = Duration.ofSeconds(timeoutSeconds).plus(reflector.options().watchdogMargin());
    IdleWatchdog watchdog = new IdleWatchdog(reflector.clock(), limit, stream::close);
    Context.Registration onCancel = ctx.onCancel(stream::close);
    try {
      WatchEvent<T> event;
      while ((event = stream.next()) != null) {
        watchdog.touch();
        if (event.type() == EventType.ERROR) {
          error = new ApiException("watch " + reflector.name(), event.status());
          return;
        }
        events++;
        if (event.object() == null || event.object().metadata() == null) {
          continue; // client-go skips objects without metadata
        }
        if (event.type() != EventType.ADDED) {
          sawNonAdded = true;
        }
        reflector.apply(event.type(), event.object());
        String rv = Reflector.resourceVersionOf(event);
        if ((propagate || sawNonAdded) && !rv.isEmpty()) {
          reflector.advance(rv);
        }
      }
    } catch (IOException e) {
      error = e;
    } finally {
      onCancel.remove();
      byWatchdog = watchdog.stop();
      stream.close();
    }
    if (byWatchdog) {
      error = null; // the IOException (if any) came from our own close
    }
  }

  /** Events read, bookmarks included, a final ERROR not (a watch that only said "410" delivered nothing). */
  int events() {
    return events;
  }

  /** What ended the stream: an ApiException from an ERROR event, an IOException, or null for a normal end. */
  Throwable error() {
    return error;
  }

  boolean byWatchdog() {
    return byWatchdog;
  }
}
