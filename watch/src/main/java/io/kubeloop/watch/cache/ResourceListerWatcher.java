package io.kubeloop.watch.cache;

import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.api.ObjectList;
import io.kubeloop.core.client.ListOptions;
import io.kubeloop.core.client.ResourceClient;
import io.kubeloop.core.client.WatchOptions;
import io.kubeloop.core.client.WatchStream;
import java.io.IOException;
import java.util.Objects;

/**
 * {@link ListerWatcher} over a {@link ResourceClient} (client-go {@code NewFilteredListWatchFromClient}): the
 * selectors are applied after the reflector set its options, and never touch resourceVersion fields.
 */
record ResourceListerWatcher<T>(ResourceClient<T> client, String labelSelector, String fieldSelector)
    implements ListerWatcher<T> {
  ResourceListerWatcher {
    Objects.requireNonNull(client, "client");
  }

  @Override
  public ObjectList<T> list(ListOptions options) throws IOException, ApiException {
    ListOptions o = options;
    if (labelSelector != null) {
      o = o.withLabelSelector(labelSelector);
    }
    if (fieldSelector != null) {
      o = o.withFieldSelector(fieldSelector);
    }
    return client.list(o);
  }

  @Override
  public WatchStream<T> watch(WatchOptions options) throws IOException, ApiException {
    WatchOptions o = options;
    if (labelSelector != null) {
      o = o.withLabelSelector(labelSelector);
    }
    if (fieldSelector != null) {
      o = o.withFieldSelector(fieldSelector);
    }
    return client.watch(o);
  }

  @Override
  public ListerWatcher<T> withContext(io.kubeloop.core.Context context) {
    return new ResourceListerWatcher<>(client.withContext(context), labelSelector, fieldSelector);
  }

  @Override
  public String description() {
    String ns = client.namespace();
    return client.type() + (ns == null ? "" : " in " + ns)
        + (labelSelector == null ? "" : " labels " + labelSelector)
        + (fieldSelector == null ? "" : " fields " + fieldSelector);
  }
}
