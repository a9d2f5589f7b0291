package io.kubeloop.watch.workqueue;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.kubeloop.testing.Await;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A call running on its own named thread, for tests that need to see another thread block (a second worker's
 * {@code get}, a draining shutdown). Waiting uses {@link Await}, never {@code Thread.sleep}.
 */
public final class Forked<V> {
  private final Thread thread;
  private final CompletableFuture<V> result = new CompletableFuture<>();

  private Forked(String name, Callable<V> call) {
    thread = new Thread(() -> {
      try {
        result.complete(call.call());
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    }, name);
    thread.setDaemon(true);
  }

  /** Starts {@code call} on a new daemon thread named {@code name}. */
  public static <V> Forked<V> start(String name, Callable<V> call) {
    Forked<V> f = new Forked<>(name, call);
    f.thread.start();
    return f;
  }

  /** Starts {@code action} on a new daemon thread named {@code name}. */
  public static Forked<Void> run(String name, Action action) {
    return start(name, () -> {
      action.run();
      return null;
    });
  }

  /** A runnable that may throw. */
  @FunctionalInterface
  public interface Action {
    void run() throws Exception;
  }

  /** Waits until the thread is parked (waiting on a lock condition) and asserts it has not finished. */
  public Forked<V> awaitBlocked() {
    Await.until(thread.getName() + " blocks", () -> result.isDone() || isParked());
    assertFalse(result.isDone(), () -> thread.getName() + " should block but finished with " + result);
    return this;
  }

  private boolean isParked() {
    Thread.State s = thread.getState();
    return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
  }

  public boolean isDone() {
    return result.isDone();
  }

  /** The call's result, waiting up to 10 s of real time for it; rethrows what the call threw. */
  public V join() throws Exception {
    try {
      return result.get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof Exception ex) {
        throw ex;
      }
      throw e;
    }
  }

  public Thread thread() {
    return thread;
  }
}
