package io.kubeloop.watch.cache;

import io.kubeloop.core.api.KubernetesObject;
import io.kubeloop.core.api.ObjectKey;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link Lister} an informer hands out: it delegates reads to the indexer and has no way to write, so a
 * caller cannot cast it back to the {@link Indexer} (kube-rs's {@code Store}/{@code Writer} split).
 */
final class ReadOnlyLister<T extends KubernetesObject> implements Lister<T> {
  private final Lister<T> delegate;

  ReadOnlyLister(Lister<T> delegate) {
    this.delegate = delegate;
  }

  @Override
  public Optional<T> get(ObjectKey key) {
    return delegate.get(key);
  }

  @Override
  public List<T> list() {
    return delegate.list();
  }

  @Override
  public List<T> list(String namespace) {
    return delegate.list(namespace);
  }

  @Override
  public Set<ObjectKey> keys() {
    return delegate.keys();
  }

  @Override
  public List<T> byIndex(String indexName, String value) {
    return delegate.byIndex(indexName, value);
  }

  @Override
  public List<ObjectKey> indexKeys(String indexName, String value) {
    return delegate.indexKeys(indexName, value);
  }

  @Override
  public Set<String> indexValues(String indexName) {
    return delegate.indexValues(indexName);
  }

  @Override
  public int size() {
    return delegate.size();
  }

  @Override
  public String toString() {
    return "Lister[" + size() + " objects]";
  }
}
