package io.kubeloop.examples.cli;

import io.kubeloop.core.Context;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Context} cancelled by SIGINT or SIGTERM: the Java counterpart of the leader-election example's
 * {@code signal.Notify(ch, os.Interrupt, syscall.SIGTERM)} goroutine that calls {@code cancel()}.
 *
 * <p>The JVM runs shutdown hooks on a signal and exits when they return, so the hook cancels the context and
 * then waits (at most {@code grace}) until the program has cleaned up, i.e. until {@link #close()}: that is
 * what lets a leader release its lease before the process ends.
 */
public final class SignalContext implements AutoCloseable {
  private final Context context = Context.background().withCancel();
  private final CountDownLatch done = new CountDownLatch(1);
  private final Thread hook;
  private volatile boolean signalled;

  public SignalContext(Duration grace) {
    hook = new Thread(() -> {
      signalled = true;
      context.cancel();
      try {
        done.await(grace.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "signal-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Cancelled when the process is asked to stop. */
  public Context context() {
    return context;
  }

  /** Whether a signal (rather than the program itself) ended the run. */
  public boolean signalled() {
    return signalled;
  }

  /** Cleanup finished: lets a pending shutdown proceed, or unregisters the hook when there was no signal. */
  @Override
  public void close() {
    done.countDown();
    context.cancel();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running; it sees the latch and returns.
    }
  }
}
