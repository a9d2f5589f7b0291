package io.kubeloop.watch.cache;

import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.api.ObjectList;
import io.kubeloop.core.client.ListOptions;
import io.kubeloop.core.client.ResourceClient;
import io.kubeloop.core.client.WatchOptions;
import io.kubeloop.core.client.WatchStream;
import java.io.IOException;

/**
 * Java counterpart of client-go {@code tools/cache/listwatch.go} ({@code ListerWatcher}, {@code ListWatch}): the
 * two calls a {@link Reflector} makes. {@link #forResource} builds one over a core {@link ResourceClient}; tests
 * use a fake.
 *
 * <pre>{@code
 * ListerWatcher<Lease> lw = ListerWatcher.forResource(client.resource(Lease.TYPE).inNamespace("kube-system"),
 *     "app=web", null);
 * }</pre>
 *
 * <p>Implementations must be thread-safe and must not paginate on their own: paging is the reflector's job.
 */
public interface ListerWatcher<T> {
  ObjectList<T> list(ListOptions options) throws IOException, ApiException;

  /** Starts a watch; the reflector always closes the stream, possibly more than once. */
  WatchStream<T> watch(WatchOptions options) throws IOException, ApiException;

  /** Whether the source understands {@code sendInitialEvents} (client-go's {@code DoesClientNotSupportWatchListSemantics}, inverted). */
  default boolean supportsWatchList() {
    return true;
  }

  /**
   * This lister-watcher with its requests aborted when {@code context} is cancelled, so a reflector that is stopped
   * in the middle of a list returns at once. The default returns {@code this} (requests then end on their own).
   */
  default ListerWatcher<T> withContext(io.kubeloop.core.Context context) {
    return this;
  }

  /** What is listed, for thread names and logs, e.g. {@code leases.coordination.k8s.io}. */
  default String description() {
    return getClass().getSimpleName();
  }

  /** Everything {@code client} can see (its namespace, or all namespaces). */
  static <T> ListerWatcher<T> forResource(ResourceClient<T> client) {
    return new ResourceListerWatcher<>(client, null, null);
  }

  /**
   * What {@code client} can see, narrowed by selectors ({@code NewFilteredListWatchFromClient}).
   *
   * @param labelSelector e.g. {@code app=web}; null for all
   * @param fieldSelector e.g. {@code metadata.name=x}; null for all
   */
  static <T> ListerWatcher<T> forResource(ResourceClient<T> client, String labelSelector, String fieldSelector) {
    return new ResourceListerWatcher<>(client, labelSelector, fieldSelector);
  }
}
