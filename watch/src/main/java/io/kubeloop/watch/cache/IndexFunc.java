package io.kubeloop.watch.cache;

import java.util.List;

/**
 * Java counterpart of client-go {@code tools/cache/index.go} ({@code IndexFunc}): the values an object is filed
 * under in one index, e.g. its namespace, a label's value, or the node a pod runs on.
 *
 * <p>Must be a pure, fast function of the object: the indexer calls it while holding its write lock, on the
 * informer's process thread. Return an empty list to leave the object out of the index. A function that throws
 * is a programming error; the exception propagates (client-go panics).
 */
@FunctionalInterface
public interface IndexFunc<T> {
  List<String> values(T object);
}
