package io.kubeloop.watch.workqueue;

/**
 * Java counterpart of client-go {@code util/workqueue/queue.go} ({@code TypedInterface}): a FIFO of keys with the
 * three properties client-go's {@code doc.go} promises.
 *
 * <ul>
 *   <li>Fair: items are handed out in the order they were added.
 *   <li>Stingy: an item added several times before a worker takes it is handed out once.
 *   <li>Exclusive: an item is never held by two workers at once. An item added while a worker holds it is
 *       remembered ("dirty") and handed out again only after that worker calls {@link #done}.
 * </ul>
 *
 * <p>A worker loop:
 *
 * <pre>{@code
 * for (T item; (item = queue.get()) != null; ) {
 *   try { process(item); } finally { queue.done(item); }
 * }
 * }</pre>
 *
 * <p>Items are used as hash keys: they must be non-null and have consistent {@code equals}/{@code hashCode}
 * (use records such as {@code ObjectKey} or strings, never mutable objects).
 *
 * <p>Differences from client-go: {@link #get()} returns {@code null} for Go's {@code shutdown == true} and can be
 * interrupted; {@link #shutDownWithDrain()} can be interrupted too; the ordering is not pluggable (no
 * {@code Queue}/{@code Touch}). Thread-safe.
 */
public interface WorkQueue<T> {

  /** A FIFO queue configured by {@code config} (client-go {@code NewTypedWithConfig}). */
  static <T> WorkQueue<T> create(QueueConfig config) {
    return new DefaultWorkQueue<>(config);
  }

  /**
   * Marks {@code item} as needing processing. Ignored after shutdown. If the item is already waiting this does
   * nothing (the earlier position is kept); if a worker holds it, it is handed out again after {@link #done}.
   *
   * @throws NullPointerException if {@code item} is null
   */
  void add(T item);

  /**
   * How many items are waiting to be handed out. Items re-added while being processed are not counted until
   * {@link #done} queues them again.
   */
  int len();

  /**
   * Blocks until an item is available and hands it to the caller, who must call {@link #done} with it.
   * After shutdown the items still waiting are still handed out; only once none is left does this return.
   *
   * @return the item, or {@code null} once the queue is shut down and empty (Go's {@code shutdown == true})
   * @throws InterruptedException if the calling thread is interrupted while waiting; no item is taken then
   */
  T get() throws InterruptedException;

  /**
   * Tells the queue the caller has finished with {@code item} (taken from {@link #get()}). If the item was added
   * again meanwhile it is queued now, even after shutdown, so that a draining shutdown hands it out.
   *
   * @throws IllegalStateException if {@code item} is not being processed (not handed out, or already done);
   *     client-go silently accepts this and can then queue an item twice
   */
  void done(T item);

  /**
   * Stops accepting adds and wakes every waiting {@link #get()}; items still waiting are still handed out.
   * Returns at once: it does not wait for workers. Idempotent; also ends a {@link #shutDownWithDrain()} that is
   * waiting (a forced stop).
   */
  void shutDown();

  /**
   * Like {@link #shutDown()}, then waits until no item is being processed, that is until every item handed out
   * has been passed to {@link #done}. Items still waiting in the queue are not waited for (workers still get
   * them). Returns early if {@link #shutDown()} is called meanwhile.
   *
   * @throws InterruptedException if interrupted while waiting; the queue stays shut down
   */
  void shutDownWithDrain() throws InterruptedException;

  /** Whether {@link #shutDown()} or {@link #shutDownWithDrain()} has been called. */
  boolean shuttingDown();
}
