package io.kubeloop.watch.controller;

import io.kubeloop.core.Context;
import io.kubeloop.watch.workqueue.RateLimitingQueue;

/**
 * Runs a {@link Reconciler} on N worker threads fed by a {@link RateLimitingQueue}: the Java counterpart of
 * sample-controller's {@code Controller.Run} / {@code runWorker} / {@code processNextWorkItem} (client-go has no
 * such type; every controller writes this loop, and this is that loop written once).
 *
 * <pre>{@code
 * Controller<ObjectKey> controller = Controller.builder("vm-controller", queue, reconciler)
 *     .workers(2).clock(clock).waitForSync(informer::hasSynced).build();
 * controller.run(context);   // blocks until the context is cancelled, e.g. from onStartedLeading(ctx)
 * }</pre>
 *
 * <p>What {@link #run} does, in order:
 *
 * <ol>
 *   <li>Waits until every sync check ({@code InformerSynced}) is true, polling every 100 ms on the clock, as
 *       {@code cache.WaitForCacheSync} does. If the context ends first, it shuts the queue down and returns.
 *   <li>Starts the workers, threads named {@code <name>-worker-<i>} for i = 1..N. Each takes a key and calls the
 *       reconciler: on {@link Result#done()} it forgets the key, on an exception it re-queues it rate-limited and
 *       reports the error, on {@link Result#requeueAfter} it forgets it and adds it after the delay, on
 *       {@link Result#requeue()} it re-queues it rate-limited; then it marks the key done. The queue guarantees
 *       one key is never reconciled by two workers at once.
 *   <li>When the context is cancelled: shuts the queue down with drain, so reconciles in flight finish, and joins
 *       the workers. Keys still queued are not reconciled any more (a worker that takes one after cancellation
 *       marks it done unprocessed), so a controller that lost its leader lease stops acting promptly.
 * </ol>
 *
 * <p>Differences from sample-controller: cancellation is a {@link Context}; workers stop for good when the queue
 * shuts down (no {@code wait.Until} restart); a reconciler returns a {@link Result} as in controller-runtime;
 * queued keys are not reconciled after cancellation (client-go's workers would keep taking them).
 *
 * <p>A controller runs once. It owns its worker threads and shuts its queue down when it stops.
 */
public interface Controller<K> extends AutoCloseable {

  /**
   * Starts building a controller.
   *
   * @param name names the controller in logs and its threads; must be non-empty
   * @param queue the queue event handlers add keys to; the controller shuts it down when it stops
   * @param reconciler called with each key
   */
  static <K> ControllerBuilder<K> builder(String name, RateLimitingQueue<K> queue, Reconciler<K> reconciler) {
    return new ControllerBuilder<>(name, queue, reconciler);
  }

  String name();

  /**
   * Runs the controller on the calling thread until {@code context} is cancelled (or {@link #close()} is called),
   * then drains in-flight reconciles and returns. See the class comment for the steps.
   *
   * @throws IllegalStateException if this controller has already been started or closed
   * @throws InterruptedException if the calling thread is interrupted; the controller still stops its workers
   *     (waiting for in-flight reconciles) before this is thrown
   */
  void run(Context context) throws InterruptedException;

  /**
   * Runs the controller on a new thread named {@code <name>-controller} and returns at once; {@link #close()} stops
   * it. That thread and the workers are not daemons: a program that starts a controller must close it to exit.
   *
   * @throws IllegalStateException if this controller has already been started or closed
   */
  void start();

  /**
   * Whether the sync checks have passed and the workers were started (stays true after they stop).
   */
  boolean workersStarted();

  /**
   * Stops the controller: ends {@link #run} as a cancelled context would, waits until in-flight reconciles have
   * finished and the workers have exited, and shuts the queue down. Idempotent; a controller never started is
   * just marked closed (and its queue shut down). If interrupted while waiting, returns early with the interrupt
   * flag set.
   */
  @Override
  void close();
}
