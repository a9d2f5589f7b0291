package io.kubeloop.core.clock;

import io.kubeloop.core.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Java counterpart of {@code k8s.io/utils/clock.Clock}: the one source of time for every time-based part of
 * kubeloop (reflector backoff, delaying queue, informer resync, leader election).
 *
 * <p>Reading the time ({@link #instant()}, {@link #nanoTime()}) is split from waiting ({@link #sleep}) and
 * from scheduling ({@link #schedule}), as {@code PassiveClock} is split from {@code Clock} in Go. Production
 * code uses {@link #system()}; tests use {@code io.kubeloop.testing.FakeClock}, which only moves when a test
 * steps it, so no test needs {@code Thread.sleep}.
 *
 * <p>Differences from client-go: there are no channels in Java, so {@code After}/{@code NewTimer} become
 * {@link #schedule} (a callback) and {@link #sleep} (a blocking wait that a {@link Context} can cut short).
 *
 * <p>Implementations are thread-safe.
 */
public interface Clock extends InstantSource {

  /** The shared system clock. Its timer thread ({@code kubeloop-clock}) is a daemon started on first use. */
  static Clock system() {
    return SystemClock.INSTANCE;
  }

  /** Now, as an instant on the wall clock (or the fake clock's virtual time). */
  @Override
  Instant instant();

  /** Same as {@link #instant()}; reads better at call sites. */
  default Instant now() {
    return instant();
  }

  /**
   * A monotonic reading in nanoseconds for measuring elapsed time: never goes backwards, unrelated to the wall
   * clock. On a fake clock it moves exactly as the virtual time does.
   */
  long nanoTime();

  /**
   * Blocks for {@code duration} or until {@code context} is cancelled, whichever comes first.
   *
   * @return {@code true} if the whole duration elapsed, {@code false} if the context was cancelled first
   *     (including when it was already cancelled on entry; a zero or negative duration returns at once)
   * @throws InterruptedException if the calling thread is interrupted while waiting
   */
  boolean sleep(Duration duration, Context context) throws InterruptedException;

  /**
   * Runs {@code action} once after {@code delay}. The system clock runs it on its timer thread; the fake clock
   * runs it on the thread that steps time past the due instant. Either way the action must be short and must
   * not block: hand real work to another thread.
   *
   * @return a handle that cancels the action if it has not started yet
   */
  Cancellable schedule(Duration delay, Runnable action);

  /** A scheduled action that can still be called off. */
  interface Cancellable {
    /** Calls the action off; returns {@code false} if it already ran or was already cancelled. */
    boolean cancel();
  }
}
