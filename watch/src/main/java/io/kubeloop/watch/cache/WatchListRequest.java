package io.kubeloop.watch.cache;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.api.EventType;
import io.kubeloop.core.api.KubernetesObject;
import io.kubeloop.core.api.ObjectKey;
import io.kubeloop.core.api.WatchEvent;
import io.kubeloop.core.client.WatchOptions;
import io.kubeloop.core.client.WatchStream;
import io.kubeloop.watch.cache.ReflectorDecisions.Next;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A streaming list: client-go {@code tools/cache/reflector.go} ({@code watchList}). One watch with
 * {@code sendInitialEvents=true} and {@code resourceVersionMatch=NotOlderThan} delivers the current state as ADDED
 * events into a temporary map, ended by a bookmark annotated {@code k8s.io/initial-events-end}; the map then
 * replaces the store and the same stream goes on as the reflector's watch.
 *
 * <p>429 and refused connections back off and retry; 410 retries at {@code ""}; a stream that ends before the
 * closing bookmark retries after a backoff; each of these is reported to the {@link WatchErrorHandler}, as the
 * classic path reports its failures. Any other error returns {@code null} so the reflector falls back to a classic
 * list (servers without streaming lists answer 422 Invalid), which reports its own failures.
 */
final class WatchListRequest<T extends KubernetesObject> {
  private static final System.Logger LOG = System.getLogger(WatchListRequest.class.getName());

  private final Reflector<T> reflector;

  WatchListRequest(Reflector<T> reflector) {
    this.reflector = reflector;
  }

  /** The next state after a successful streaming list, {@code Stopped} if cancelled, or null to fall back. */
  ReflectorState run(boolean atLatest, Context ctx) throws InterruptedException {
    while (!ctx.isCancelled()) {
      String rv = atLatest ? "" : reflector.lastSyncResourceVersion();
      long timeout = ReflectorDecisions.watchTimeoutSeconds(reflector.options().minWatchTimeout(), reflector.random());
      WatchOptions request = new WatchOptions(null, null, rv, "NotOlderThan", true, timeout, true);
      reflector.listener().watchStarting(request);
      WatchStream<T> stream;
      try {
        stream = reflector.lw().watch(request);
      } catch (IOException | ApiException e) {
        if (ctx.isCancelled()) {
          break;
        }
        Next next = ReflectorDecisions.afterWatchOpenFailure(e);
        if (next == Next.WATCH_AGAIN_AFTER_BACKOFF) {
          reflector.reportError(e);
          if (!pause(ctx)) {
            break;
          }
          continue;
        }
        if (e instanceof ApiException a && a.isGone() && !atLatest) {
          reflector.reportError(e);
          atLatest = true;
          continue;
        }
        LOG.log(Level.DEBUG, () -> "streaming list refused, falling back to list name=" + reflector.name() + " error=" + e);
        return null;
      }
      boolean retryNow = false;
      Map<ObjectKey, T> initial = new LinkedHashMap<>();
      Duration limit = Duration.ofSeconds(timeout).plus(reflector.options().watchdogMargin());
      IdleWatchdog watchdog = new IdleWatchdog(reflector.clock(), limit, stream::close);
      Context.Registration onCancel = ctx.onCancel(stream::close);
      boolean handedOver = false;
      try {
        WatchEvent<T> event;
        while ((event = stream.next()) != null) {
          watchdog.touch();
          if (event.type() == EventType.ERROR) {
            ApiException e = new ApiException("streaming list " + reflector.name(), event.status());
            if (e.isGone()) {
              reflector.reportError(e);
              retryNow = !atLatest;
              atLatest = true;
              break;
            }
            if (e.isTooManyRequests()) {
              reflector.reportError(e);
              break; // back off below and retry
            }
            LOG.log(Level.DEBUG, () -> "streaming list failed, falling back to list name=" + reflector.name() + " error=" + e);
            return null;
          }
          T object = event.object();
          switch (event.type()) {
            case ADDED, MODIFIED -> initial.put(object.key(), object);
            case DELETED -> initial.remove(object.key());
            case BOOKMARK -> {
              if ("true".equals(object.metadata().annotations().get(WatchEvent.INITIAL_EVENTS_END_ANNOTATION))) {
                String bookmarkRv = Reflector.resourceVersionOf(event);
                reflector.streamingListDone(new ArrayList<>(initial.values()), bookmarkRv, stream, timeout);
                handedOver = true;
                return new ReflectorState.Watching(bookmarkRv);
              }
            }
            default -> { }
          }
        }
        if (event == null && !ctx.isCancelled()) {
          reflector.reportError(new IOException("streaming list " + reflector.name()
              + ": the stream ended before the initial-events-end bookmark; retrying after a backoff"));
        }
      } catch (IOException e) {
        LOG.log(Level.DEBUG, () -> "streaming list broke, retrying name=" + reflector.name() + " error=" + e);
        if (!ctx.isCancelled()) {
          reflector.reportError(e);
        }
      } finally {
        onCancel.remove();
        watchdog.stop();
        if (!handedOver) {
          stream.close();
        }
      }
      if (!retryNow && !pause(ctx)) {
        break;
      }
    }
    return new ReflectorState.Stopped(ctx.cause());
  }

  private boolean pause(Context ctx) throws InterruptedException {
    return reflector.clock().sleep(reflector.backoff().next(), ctx);
  }
}
