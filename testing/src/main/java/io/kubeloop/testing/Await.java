package io.kubeloop.testing;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits in real time for a condition that another thread will make true, without {@code Thread.sleep}: the
 * condition is re-checked about every millisecond until it holds or the timeout passes. Use it for what
 * happens on other threads (a handler ran, a worker finished); use {@link FakeClock} for time itself.
 *
 * <p>Counterpart of the {@code wait.PollUntil...} helpers that client-go's tests use.
 */
public final class Await {
  /** How long {@link #until(String, BooleanSupplier)} waits by default. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private Await() {}

  /** Waits up to {@link #DEFAULT_TIMEOUT} for {@code condition}; fails with {@code description} otherwise. */
  public static void until(String description, BooleanSupplier condition) {
    until(description, DEFAULT_TIMEOUT, condition);
  }

  /**
   * Waits up to {@code timeout} for {@code condition}.
   *
   * @throws AssertionError naming {@code description} if the condition still does not hold
   */
  public static void until(String description, Duration timeout, BooleanSupplier condition) {
    Objects.requireNonNull(condition, "condition");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + timeout + " waiting until " + description);
      }
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting until " + description);
      }
      LockSupport.parkNanos(1_000_000);
    }
  }

  /**
   * Waits up to {@link #DEFAULT_TIMEOUT} for {@code supplier} to return a non-null value, and returns it.
   *
   * @throws AssertionError naming {@code description} on timeout
   */
  public static <T> T value(String description, Supplier<T> supplier) {
    Object[] box = new Object[1];
    until(description, () -> (box[0] = supplier.get()) != null);
    @SuppressWarnings("unchecked")
    T value = (T) box[0];
    return value;
  }
}
