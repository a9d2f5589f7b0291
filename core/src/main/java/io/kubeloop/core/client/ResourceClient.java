package io.kubeloop.core.client;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.api.ObjectList;
import io.kubeloop.core.api.ResourceType;
import io.kubeloop.core.api.Status;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * The verbs of one resource: the Java counterpart of a client-go typed client ({@code LeaseInterface}) and of
 * the dynamic client's {@code ResourceInterface}, for any {@link ResourceType}.
 *
 * <p>A client is bound to a namespace ({@link #inNamespace}) or, for a namespaced resource, to all namespaces
 * ({@link #inAllNamespaces}, the default): list and watch then span every namespace, writes use the object's
 * {@code metadata.namespace}, and {@code get}/{@code delete} by name throw {@link IllegalStateException}.
 * Cluster-scoped resources ignore namespaces.
 *
 * <p>Every verb throws {@link ApiException} when the server refuses (carrying its Status) and
 * {@link IOException} when the transport fails; an interrupted call throws
 * {@link java.io.InterruptedIOException} with the thread's interrupt flag set. Instances are immutable and
 * thread-safe; the {@code withX} methods return views sharing the same connection pool.
 */
public interface ResourceClient<T> {
  ResourceType<T> type();

  /** The bound namespace; {@code null} for all namespaces or a cluster-scoped resource. */
  String namespace();

  /** This resource in {@code namespace}. */
  ResourceClient<T> inNamespace(String namespace);

  /** This resource across all namespaces. */
  ResourceClient<T> inAllNamespaces();

  /**
   * A view whose requests are aborted when {@code context} is cancelled (an aborted request throws
   * {@link java.io.InterruptedIOException} naming the context's cause). Go passes a context to every call;
   * here the context travels with the view.
   */
  ResourceClient<T> withContext(Context context);

  /** A view whose non-watch requests each time out after {@code timeout} (client-go's {@code Config.Timeout}). */
  ResourceClient<T> withRequestTimeout(Duration timeout);

  T get(String name) throws IOException, ApiException;

  ObjectList<T> list(ListOptions options) throws IOException, ApiException;

  default ObjectList<T> list() throws IOException, ApiException {
    return list(ListOptions.defaults());
  }

  /** Starts a watch; the caller must close the stream. */
  WatchStream<T> watch(WatchOptions options) throws IOException, ApiException;

  T create(T object, WriteOptions options) throws IOException, ApiException;

  default T create(T object) throws IOException, ApiException {
    return create(object, WriteOptions.defaults());
  }

  /**
   * Replaces the object (PUT). With {@code metadata.resourceVersion} set the server rejects the write with 409
   * Conflict if anyone wrote since: optimistic concurrency.
   */
  T update(T object, WriteOptions options) throws IOException, ApiException;

  default T update(T object) throws IOException, ApiException {
    return update(object, WriteOptions.defaults());
  }

  /** Replaces only {@code status}, through the status subresource ({@code UpdateStatus}). */
  T updateStatus(T object, WriteOptions options) throws IOException, ApiException;

  default T updateStatus(T object) throws IOException, ApiException {
    return updateStatus(object, WriteOptions.defaults());
  }

  T patch(String name, PatchType type, String patch, PatchOptions options) throws IOException, ApiException;

  default T patch(String name, PatchType type, String patch) throws IOException, ApiException {
    return patch(name, type, patch, PatchOptions.defaults());
  }

  /** Patches the status subresource. */
  T patchStatus(String name, PatchType type, String patch, PatchOptions options) throws IOException, ApiException;

  /** Server-side apply of {@code object} as {@code fieldManager}; creates the object when absent. */
  T apply(T object, String fieldManager, boolean force) throws IOException, ApiException;

  /**
   * Deletes the object. Returns the object when the server returns one: it does when finalizers keep the object
   * alive (then with {@code deletionTimestamp} set), and for some kinds after deletion. Empty when the server
   * answered with a Success Status.
   */
  Optional<T> delete(String name, DeleteOptions options) throws IOException, ApiException;

  default Optional<T> delete(String name) throws IOException, ApiException {
    return delete(name, DeleteOptions.defaults());
  }

  /** Deletes every object the list options select (DELETE on the collection). */
  Status deleteCollection(ListOptions listOptions, DeleteOptions deleteOptions) throws IOException, ApiException;
}
