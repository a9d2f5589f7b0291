package io.kubeloop.watch.cache;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.api.KubernetesObject;
import io.kubeloop.core.client.ListOptions;
import io.kubeloop.watch.cache.ReflectorState.BackingOff;
import io.kubeloop.watch.cache.ReflectorState.NeedsList;
import io.kubeloop.watch.cache.ReflectorState.Stopped;
import io.kubeloop.watch.cache.ReflectorState.Watching;
import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * A classic list: client-go {@code tools/cache/reflector.go} ({@code list}). Lists at the version
 * {@link ReflectorDecisions#listResourceVersion} chooses, through the {@link ListPager}; if that version is expired
 * or too large, retries exactly once at {@code ""} (client-go a3f022a93); hands the result to the reflector's store.
 * A failure is reported and backed off. One per reflector, used on the reflector thread only.
 */
final class ListRequest<T extends KubernetesObject> {
  private static final System.Logger LOG = System.getLogger(ListRequest.class.getName());

  private final Reflector<T> reflector;
  /** Sticky: the first list at "0" came back paginated, so the server's watch cache is off (client-go 5534e2428). */
  private boolean paginatedResult;

  ListRequest(Reflector<T> reflector) {
    this.reflector = reflector;
  }

  /** Watching from the list's resourceVersion, backing off after a failure, or stopped if cancelled. */
  ReflectorState run(NeedsList n, Context ctx) {
    String rv = ReflectorDecisions.listResourceVersion(reflector.lastSyncResourceVersion(), n.atLatest());
    try {
      return listAt(rv);
    } catch (ApiException e) {
      if (e.isGone() && !rv.isEmpty()) {
        LOG.log(Level.DEBUG, () -> "list at resourceVersion expired, relisting at latest name=" + reflector.name()
            + " rv=" + rv);
        try {
          return listAt("");
        } catch (ApiException | IOException e2) {
          return failed(e2, true, ctx);
        }
      }
      return failed(e, n.atLatest(), ctx);
    } catch (IOException e) {
      return failed(e, n.atLatest(), ctx);
    }
  }

  private ReflectorState listAt(String rv) throws IOException, ApiException {
    Long limit = ReflectorDecisions.listLimit(reflector.options().pageSize(), paginatedResult, rv);
    ListOptions request = new ListOptions(null, null, limit, null, rv, null, null);
    ListPager.Result<T> result = ListPager.list(reflector.lw(), request);
    if (rv.equals("0") && result.paginated()) {
      paginatedResult = true;
    }
    reflector.listed(request, result.items(), result.resourceVersion(), result.paginated());
    LOG.log(Level.DEBUG, () -> "Caches populated name=" + reflector.name() + " items=" + result.items().size()
        + " resourceVersion=" + result.resourceVersion());
    return new Watching(result.resourceVersion());
  }

  private ReflectorState failed(Exception e, boolean atLatest, Context ctx) {
    if (ctx.isCancelled()) {
      return new Stopped(ctx.cause());
    }
    reflector.reportError(e);
    return new BackingOff(reflector.backoff().next(), new NeedsList(atLatest), e);
  }
}
