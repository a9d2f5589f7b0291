package io.kubeloop.lease;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.ApiException;
import java.io.IOException;

/**
 * Java counterpart of client-go {@code tools/leaderelection/resourcelock/interface.go} ({@code Interface}): the
 * store of one {@link LeaderElectionRecord}, strictly for use by {@link LeaderElector}.
 *
 * <p>Every call takes the {@link Context} its requests are bound to: the renew loop passes a context that ends at
 * the renew deadline, so a hung request is aborted at that deadline (an aborted call throws
 * {@link java.io.InterruptedIOException}). Writes use optimistic concurrency: an {@link #update} based on a stale
 * read fails with a 409 {@link ApiException} ({@link ApiException#isConflict()}).
 *
 * <p>Differences from client-go: {@link #get} returns only the record (the elector compares records, see
 * {@link LeaderElectionRecord}); events are optional ({@link #recordEvent} does nothing unless an implementation
 * says otherwise). A lock that can also stream its changes implements {@link WatchableLock}.
 *
 * <p>Implementations must be thread-safe; the elector calls one lock from its run thread and, during
 * {@link LeaderElector#check}, reads only {@link #identity()}.
 */
public interface ResourceLock {
  /**
   * Reads the record and remembers the object it came from, so a following {@link #update} is conditional on it.
   *
   * @throws ApiException 404 NotFound ({@link ApiException#isNotFound()}) when the lock object does not exist
   */
  LeaderElectionRecord get(Context context) throws IOException, ApiException;

  /** Creates the lock object holding {@code record}; 409 AlreadyExists if someone created it first. */
  void create(Context context, LeaderElectionRecord record) throws IOException, ApiException;

  /**
   * Writes {@code record} over the object last read or written, conditional on its resourceVersion. On failure
   * the remembered object is kept (client-go commit bfd1732c4), so a later {@link #get} + update still works.
   *
   * @throws IllegalStateException if nothing was read or created yet ({@code lease not initialized, call get or
   *     create first}); the elector treats it like any failed fast-path update
   */
  void update(Context context, LeaderElectionRecord record) throws IOException, ApiException;

  /** Records {@code "<identity> <message>"} (client-go: an Event with reason {@code LeaderElection}). */
  default void recordEvent(String message) {}

  /** {@code namespace/name} of the lock object, for logs and errors. */
  String describe();

  /** Who this candidate is: the value it writes into {@code holderIdentity}. */
  String identity();
}
