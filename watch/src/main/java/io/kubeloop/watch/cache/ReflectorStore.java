package io.kubeloop.watch.cache;

import java.util.List;

/**
 * Java counterpart of client-go {@code tools/cache/reflector.go} ({@code ReflectorStore}, with the optional
 * {@code ResourceVersionUpdater} folded in as a default method): what a {@link Reflector} writes into. Declared
 * next to the reflector because the reflector is its consumer; {@link DeltaFifo} implements it for informers,
 * and a test can implement it with a list.
 *
 * <p>Called on the reflector thread only, one call at a time. Implementations must not block for long: the
 * reflector reads nothing from the stream while a call runs. An implementation that throws makes the reflector
 * log the failure and go on (client-go: "store errors are logged, not fatal").
 */
public interface ReflectorStore<T> {
  /** A watch ADDED event. */
  void add(T object);

  /** A watch MODIFIED event. */
  void update(T object);

  /** A watch DELETED event, carrying the object's last state. */
  void delete(T object);

  /**
   * A (re)list: {@code objects} is everything the server holds at {@code resourceVersion}; whatever the store
   * holds that is not in it was deleted while the watch was not looking.
   */
  void replace(List<T> objects, String resourceVersion);

  /** The periodic resync tick: re-deliver what is cached. Called on the reflector's resync thread. */
  void resync();

  /** The reflector advanced its resourceVersion (event or bookmark). Optional; the default ignores it. */
  default void resourceVersionUpdated(String resourceVersion) {}
}
