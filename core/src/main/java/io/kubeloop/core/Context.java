package io.kubeloop.core;

import io.kubeloop.core.clock.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Java counterpart of Go's {@code context.Context}, reduced to what client-go uses it for: cancellation, and a
 * deadline that is a cancellation scheduled on a {@link Clock}. No values are carried.
 *
 * <p>A context is cancelled once and stays cancelled. Cancelling a parent cancels every child; cancelling a child
 * leaves the parent alone. Loops check {@link #isCancelled()} before each iteration, waits go through
 * {@link Clock#sleep(Duration, Context)}, and HTTP calls made with a context are aborted when it is cancelled.
 *
 * <p>Thread-safe. Callbacks registered with {@link #onCancel} run on the thread that cancels, outside any lock;
 * they must be short and must not block. All of them run even if one throws; the first exception then reaches
 * the caller of {@link #cancel()}.
 */
public final class Context {
  private static final Context BACKGROUND = new Context(null, null);

  private final Object lock = new Object();
  /** Why this context ended; null while live. Guarded by {@code lock}; written once. */
  private String cause;
  /** Callbacks still to run on cancel. Guarded by {@code lock}; null after cancellation. */
  private List<Runnable> callbacks = new ArrayList<>();
  /** Unhooks this context from its parent once it ends. Null for roots and children of the background. */
  private volatile Registration parentRegistration;

  private Context(Context parent, Void unused) {
    // The background is never cancelled: its children need no hook, and it must not collect callbacks forever.
    if (parent != null && parent != BACKGROUND) {
      Registration r = parent.onCancel(() -> cancel(parent.cause()));
      if (isCancelled()) {
        r.remove();
      } else {
        parentRegistration = r;
      }
    }
  }

  /** The root context: never cancelled ({@code context.Background()}). */
  public static Context background() {
    return BACKGROUND;
  }

  /** A child that can be cancelled on its own ({@code context.WithCancel}). */
  public Context withCancel() {
    return new Context(this, null);
  }

  /**
   * A child cancelled after {@code timeout} on {@code clock}, with cause {@code "deadline exceeded"}
   * ({@code context.WithTimeout}). Cancel it when done so the timer is released.
   */
  public Context withTimeout(Clock clock, Duration timeout) {
    Objects.requireNonNull(clock, "clock");
    Context child = new Context(this, null);
    if (timeout.isZero() || timeout.isNegative()) {
      child.cancel(DEADLINE_EXCEEDED);
      return child;
    }
    Clock.Cancellable timer = clock.schedule(timeout, () -> child.cancel(DEADLINE_EXCEEDED));
    child.onCancel(timer::cancel);
    return child;
  }

  /** The cause reported when a deadline passes ({@code context.DeadlineExceeded}). */
  public static final String DEADLINE_EXCEEDED = "deadline exceeded";

  /** The cause reported by {@link #cancel()} ({@code context.Canceled}). */
  public static final String CANCELED = "context canceled";

  /** Cancels this context and its children. Idempotent. */
  public void cancel() {
    cancel(CANCELED);
  }

  private void cancel(String why) {
    List<Runnable> toRun;
    synchronized (lock) {
      if (cause != null) {
        return;
      }
      cause = why == null ? CANCELED : why;
      toRun = callbacks;
      callbacks = null;
      lock.notifyAll();
    }
    Registration fromParent = parentRegistration;
    if (fromParent != null) {
      fromParent.remove();
    }
    // Every callback runs even if one throws: the others abort requests and cancel children, and skipping them
    // would leave those running. The first failure is rethrown to the canceller once all have run.
    RuntimeException first = null;
    for (Runnable r : toRun) {
      try {
        r.run();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  public boolean isCancelled() {
    synchronized (lock) {
      return cause != null;
    }
  }

  /** Why the context ended ({@link #CANCELED} or {@link #DEADLINE_EXCEEDED}), or {@code null} while it is live. */
  public String cause() {
    synchronized (lock) {
      return cause;
    }
  }

  /**
   * Runs {@code callback} when this context is cancelled, or at once on this thread if it already is.
   *
   * @return a registration whose {@link Registration#remove()} drops the callback (needed for long-lived contexts)
   */
  public Registration onCancel(Runnable callback) {
    Objects.requireNonNull(callback, "callback");
    synchronized (lock) {
      if (cause == null) {
        callbacks.add(callback);
        return () -> {
          synchronized (lock) {
            if (callbacks != null) {
              callbacks.remove(callback);
            }
          }
        };
      }
    }
    callback.run();
    return () -> {};
  }

  /** Blocks until this context is cancelled. */
  public void await() throws InterruptedException {
    synchronized (lock) {
      while (cause == null) {
        lock.wait();
      }
    }
  }

  /** Blocks until this context is cancelled or {@code timeout} of real time passes; returns whether it is cancelled. */
  public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
    CountDownLatch latch = new CountDownLatch(1);
    Registration r = onCancel(latch::countDown);
    try {
      return latch.await(timeout, unit);
    } finally {
      r.remove();
    }
  }

  /** Throws {@link java.util.concurrent.CancellationException} naming the cause if this context has ended. */
  public void throwIfCancelled() {
    String why = cause();
    if (why != null) {
      throw new java.util.concurrent.CancellationException(why);
    }
  }

  @Override
  public String toString() {
    String why = cause();
    return this == BACKGROUND ? "Context[background]" : "Context[" + (why == null ? "live" : why) + "]";
  }

  /** A callback registered with {@link #onCancel}. */
  @FunctionalInterface
  public interface Registration {
    void remove();
  }
}
