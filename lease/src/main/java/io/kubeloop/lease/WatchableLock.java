package io.kubeloop.lease;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * A {@link ResourceLock} whose changes can be streamed as they happen: the optional capability behind
 * watch-driven followers ({@link LeaderElectionConfig#watchFollowers()}). client-go has no counterpart; its
 * followers only poll.
 *
 * <p>While subscribed, the lock delivers each state of the lock object to the listener: the current state soon
 * after subscribing, then every change ({@code Optional.empty()} when the object is deleted). After a broken
 * stream the lock reconnects by itself and delivers the state again; events may repeat or skip intermediate
 * states, never arrive out of order within one connection.
 *
 * <p>The listener runs on a thread owned by the lock; it must be quick and must not block or call back into the
 * lock. The elector's listener only records what it saw and wakes its own thread.
 */
public interface WatchableLock extends ResourceLock {
  /** Starts delivering states of the lock object to {@code listener} until the subscription is closed. */
  Subscription watch(Consumer<Optional<LeaderElectionRecord>> listener);

  /**
   * An active {@link #watch}. Closing it stops deliveries: when {@link #close()} returns, no delivery is in
   * progress and none follows (unless it is called from the listener itself), and the lock's thread for it has
   * ended. Idempotent.
   */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }
}
