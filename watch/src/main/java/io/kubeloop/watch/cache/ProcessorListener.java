package io.kubeloop.watch.cache;

import io.kubeloop.core.api.KubernetesObject;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Java counterpart of client-go {@code tools/cache/shared_informer.go} ({@code processorListener}): one handler,
 * its unbounded FIFO buffer, and the serial delivery of that buffer on the handler's own thread.
 *
 * <p>{@link #add} never blocks and never runs the handler itself (unless a test injected a same-thread executor):
 * it appends to the buffer and, if no drain is running, submits one. The drain delivers notifications in order
 * until the buffer is empty, so at most one notification of a handler runs at a time.
 *
 * <p>Differences: client-go's pop/run goroutine pair and ring buffer become one {@code ArrayDeque} and a drain
 * task on an {@link Executor}; by default the executor is a single thread owned by this listener, named after
 * the informer. A handler that throws is logged and the next notification delivered (client-go crashes by
 * default, or sleeps 1 s when told not to).
 */
final class ProcessorListener<T extends KubernetesObject> implements HandlerRegistration {
  private static final System.Logger LOG = System.getLogger(ProcessorListener.class.getName());

  private final ResourceEventHandler<T> handler;
  private final Executor executor;
  /** Non-null when this listener owns its executor (its thread) and must shut it down. */
  private final ExecutorService owned;
  /** The threads {@code owned} has made (at most one at a time); joined by {@link #awaitStopped}. */
  private final java.util.List<Thread> ownedThreads;
  private final BooleanSupplier upstreamSynced;
  private final String name;

  private final Object lock = new Object();
  /** Notifications not yet delivered, oldest first; unbounded. Guarded by {@code lock}. */
  private final ArrayDeque<Notification<T>> buffer = new ArrayDeque<>();
  /** Whether a drain task is submitted or running. Invariant: false implies it will be submitted on the next add. Guarded by {@code lock}. */
  private boolean draining;
  /** Once true, nothing more is buffered or delivered. Guarded by {@code lock}. */
  private boolean stopped;
  /** Initial-list adds queued but not yet returned from the handler. Never negative. */
  private final AtomicInteger pendingInitial = new AtomicInteger();

  /** The period asked for, after the 1 s floor. Guarded by the processor's lock. */
  final Duration requestedResync;
  /** The period in effect ({@code determineResyncPeriod}). Written under the processor's lock; read anywhere. */
  volatile Duration resyncPeriod;
  /** When this listener is next due a resync. Guarded by the processor's lock. */
  Instant nextResync;

  ProcessorListener(String name, ResourceEventHandler<T> handler, Executor executor, ExecutorService owned,
      java.util.List<Thread> ownedThreads, BooleanSupplier upstreamSynced, Duration requestedResync, Duration resyncPeriod, Instant now) {
    this.name = name;
    this.handler = handler;
    this.executor = executor;
    this.owned = owned;
    this.ownedThreads = ownedThreads;
    this.upstreamSynced = upstreamSynced;
    this.requestedResync = requestedResync;
    this.resyncPeriod = resyncPeriod;
    this.nextResync = now.plus(resyncPeriod);
  }

  /** Buffers {@code n} for delivery. Never blocks, never calls the handler on this thread (given a real executor). */
  void add(Notification<T> n) {
    boolean submit;
    synchronized (lock) {
      if (stopped) {
        return;
      }
      if (n instanceof Notification.Add<T> a && a.isInInitialList()) {
        pendingInitial.incrementAndGet();
      }
      buffer.add(n);
      submit = !draining;
      draining = true;
    }
    if (submit) {
      try {
        executor.execute(this::drain);
      } catch (RejectedExecutionException e) {
        synchronized (lock) {
          draining = false;
        }
        LOG.log(Level.DEBUG, () -> "handler executor refused work; listener stopping name=" + name);
      }
    }
  }

  private void drain() {
    while (true) {
      Notification<T> n;
      synchronized (lock) {
        n = stopped ? null : buffer.poll();
        if (n == null) {
          draining = false;
          return;
        }
      }
      deliver(n);
    }
  }

  private void deliver(Notification<T> n) {
    try {
      if (n instanceof Notification.Add<T> a) {
        handler.onAdd(a.object(), a.isInInitialList());
      } else if (n instanceof Notification.Update<T> u) {
        handler.onUpdate(u.oldObject(), u.newObject());
      } else if (n instanceof Notification.Delete<T> d) {
        if (d.tombstone() != null) {
          handler.onDeleteFinalStateUnknown(d.tombstone());
        } else {
          handler.onDelete(d.object());
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "event handler failed; skipping the notification name=" + name + " handler=" + handler, e);
    } finally {
      if (n instanceof Notification.Add<T> a && a.isInInitialList()) {
        pendingInitial.decrementAndGet();
      }
    }
  }

  @Override
  public boolean hasSynced() {
    return upstreamSynced.getAsBoolean() && pendingInitial.get() == 0;
  }

  @Override
  public Duration resyncPeriod() {
    return resyncPeriod;
  }

  /**
   * Drops what is buffered and lets the owned thread end once the notification being delivered, if any, has
   * returned. That notification is not interrupted (client-go cannot interrupt a handler either): a handler
   * interrupted half-way through a blocking put or an HTTP call would fail for no reason of its own.
   */
  void stop() {
    synchronized (lock) {
      stopped = true;
      buffer.clear();
    }
    if (owned != null) {
      owned.shutdown();
    }
  }

  /** After {@link #stop()}: interrupts a handler that is still running, the last resort of {@code close()}. */
  void interrupt() {
    if (owned != null) {
      owned.shutdownNow();
    }
  }

  /** Whether {@code thread} is this listener's own handler thread. */
  boolean ownsThread(Thread thread) {
    return ownedThreads.contains(thread);
  }

  /** Whether the owned handler thread is still alive. */
  boolean running() {
    for (Thread t : ownedThreads) {
      if (t.isAlive()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Waits (real time, at most {@code timeout}) for the owned handler thread to finish its current notification and
   * end. An executor reports termination just before its last thread has exited, so the threads are joined too.
   */
  void awaitStopped(Duration timeout) throws InterruptedException {
    if (owned != null) {
      long deadline = System.nanoTime() + timeout.toNanos();
      owned.awaitTermination(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      for (Thread t : ownedThreads) {
        long left = deadline - System.nanoTime();
        if (left > 0) {
          t.join(Math.max(1, left / 1_000_000));
        }
      }
    }
  }

  /** Notifications waiting for this handler: for metrics and tests. */
  int buffered() {
    synchronized (lock) {
      return buffer.size();
    }
  }

  @Override
  public String toString() {
    return "HandlerRegistration[" + name + " " + handler + "]";
  }
}
