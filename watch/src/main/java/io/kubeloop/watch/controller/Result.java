package io.kubeloop.watch.controller;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link Reconciler} asks of the controller after reconciling a key without an error; the counterpart of
 * controller-runtime's {@code reconcile.Result} (sample-controller has only "nil error").
 *
 * <ul>
 *   <li>{@link Done}: {@code queue.forget(key)}, so its next failure starts from the smallest backoff.
 *   <li>{@link Requeue}: {@code queue.addRateLimited(key)}, like an error but without reporting one.
 *   <li>{@link RequeueAfter}: {@code queue.forget(key)} then {@code queue.addAfter(key, delay)}; for polling an
 *       external system at a fixed pace.
 * </ul>
 */
public sealed interface Result permits Result.Done, Result.Requeue, Result.RequeueAfter {

  static Result done() {
    return Done.INSTANCE;
  }

  static Result requeue() {
    return Requeue.INSTANCE;
  }

  /**
   * Look at the key again after {@code delay} (zero or negative: at once, when the current reconcile ends).
   */
  static Result requeueAfter(Duration delay) {
    return new RequeueAfter(delay);
  }

  /** Finished: forget the key's failures. */
  final class Done implements Result {
    static final Done INSTANCE = new Done();

    private Done() {}

    @Override
    public String toString() {
      return "Result.done";
    }
  }

  /** Try again after the rate limiter's delay. */
  final class Requeue implements Result {
    static final Requeue INSTANCE = new Requeue();

    private Requeue() {}

    @Override
    public String toString() {
      return "Result.requeue";
    }
  }

  /** Look again after {@code delay}. */
  record RequeueAfter(Duration delay) implements Result {
    public RequeueAfter {
      Objects.requireNonNull(delay, "delay");
    }
  }
}
