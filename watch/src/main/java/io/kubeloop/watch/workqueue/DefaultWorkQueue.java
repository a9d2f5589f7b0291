package io.kubeloop.watch.workqueue;

import io.kubeloop.core.clock.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link WorkQueue} of {@link WorkQueue#create}: client-go's {@code Typed[T]} from
 * {@code util/workqueue/queue.go}, with the metrics bookkeeping of {@code metrics.go}'s {@code defaultQueueMetrics}
 * folded in.
 */
final class DefaultWorkQueue<T> implements WorkQueue<T> {
  /* Implementation notes.
   *
   * State. An item is in one of four states: absent; waiting (in queue and dirty); processing (handed out by get,
   * not yet done); processing and dirty (added again while processing; done puts it back in queue). That is all
   * the dirty and processing sets encode, and checkInvariants() checks it.
   *
   * Locking. One ReentrantLock guards everything below. Two conditions instead of Go's one: get() waits on
   * itemsOrShutdown, shutDownWithDrain() waits on processingChanged, so a signal never wakes the wrong kind of
   * waiter (client-go uses Signal/Broadcast on one sync.Cond and had to fix a drain race, e9b0103a4).
   *
   * Metrics. Timestamps are taken under the lock; the listener is called after unlocking, never under it.
   */

  /** The clock's update period for the unfinished-work gauges (client-go defaultUnfinishedWorkUpdatePeriod). */
  static final Duration UNFINISHED_WORK_UPDATE_PERIOD = Duration.ofMillis(500);

  private final String name;
  private final Clock clock;
  private final WorkQueueMetrics metrics;
  /** Whether timestamps are kept and the periodic update runs (named queue, real provider). Final. */
  private final boolean metricsEnabled;
  private final Duration updatePeriod;

  private final ReentrantLock lock = new ReentrantLock();
  /** Signalled when an item is queued (one waiter) and on shutdown (all waiters). */
  private final Condition itemsOrShutdown = lock.newCondition();
  /** Signalled when {@code processing} becomes empty and on {@link #shutDown()} (ends a drain). */
  private final Condition processingChanged = lock.newCondition();

  /**
   * Items to hand out, oldest first. Invariant: every element is in {@code dirty} and not in {@code processing},
   * and appears once. Guarded by {@code lock}. {@link ArrayDeque#poll()} clears the popped slot (no leak).
   */
  private final ArrayDeque<T> queue = new ArrayDeque<>();
  /** Items that need processing: everything in {@code queue} plus items re-added while processing. Guarded. */
  private final Set<T> dirty = new HashSet<>();
  /** Items handed out by {@link #get()} and not yet {@link #done}. Guarded by {@code lock}. */
  private final Set<T> processing = new HashSet<>();
  /** Set once by a shutdown; adds are ignored from then on. Guarded by {@code lock}. */
  private boolean shuttingDown;
  /** True while a {@link #shutDownWithDrain()} may wait; {@link #shutDown()} clears it. Guarded by {@code lock}. */
  private boolean drain;

  /** Clock nanos at which each dirty item was added. Keys equal {@code dirty} when metrics are on. Guarded. */
  private final Map<T, Long> addTimes = new HashMap<>();
  /** Clock nanos at which each processing item was handed out. Keys equal {@code processing}. Guarded. */
  private final Map<T, Long> startTimes = new HashMap<>();
  /** The pending periodic metrics update, or null. Guarded by {@code lock}. */
  private Clock.Cancellable metricsTimer;

  DefaultWorkQueue(QueueConfig config) {
    this(config, config.metricsEnabled() ? config.metricsProvider().newQueueMetrics(config.name()) : null,
        UNFINISHED_WORK_UPDATE_PERIOD);
  }

  /**
   * For the delaying queue, which shares the metrics listener, and for tests, which shorten the update period.
   *
   * @param metrics the listener, or null when metrics are disabled
   */
  DefaultWorkQueue(QueueConfig config, WorkQueueMetrics metrics, Duration updatePeriod) {
    this.name = config.name();
    this.clock = config.clock();
    this.metricsEnabled = metrics != null;
    this.metrics = metrics != null ? metrics : new WorkQueueMetrics() {};
    this.updatePeriod = updatePeriod;
    if (metricsEnabled) {
      lock.lock();
      try {
        armMetricsTimer();
      } finally {
        lock.unlock();
      }
    }
  }

  @Override
  public void add(T item) {
    Objects.requireNonNull(item, "item");
    lock.lock();
    try {
      if (shuttingDown || !dirty.add(item)) {
        return; // shut down, or already waiting / already marked for another round
      }
      if (metricsEnabled) {
        addTimes.put(item, clock.nanoTime());
      }
      if (!processing.contains(item)) {
        queue.addLast(item);
        itemsOrShutdown.signal();
      } // else done() will queue it
    } finally {
      lock.unlock();
    }
    metrics.added();
  }

  @Override
  public int len() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public T get() throws InterruptedException {
    T item;
    long queuedNanos = 0;
    lock.lock();
    try {
      while (queue.isEmpty() && !shuttingDown) {
        itemsOrShutdown.await();
      }
      item = queue.pollFirst();
      if (item == null) {
        return null; // shut down and nothing left
      }
      dirty.remove(item);
      processing.add(item);
      if (metricsEnabled) {
        long now = clock.nanoTime();
        Long added = addTimes.remove(item);
        queuedNanos = added == null ? 0 : now - added;
        startTimes.put(item, now);
      }
    } finally {
      lock.unlock();
    }
    metrics.handedOut(Duration.ofNanos(queuedNanos));
    return item;
  }

  @Override
  public void done(T item) {
    Objects.requireNonNull(item, "item");
    long workedNanos = 0;
    lock.lock();
    try {
      if (!processing.remove(item)) {
        throw new IllegalStateException("done(" + item + ") called for an item that is not being processed"
            + describe());
      }
      if (metricsEnabled) {
        Long started = startTimes.remove(item);
        workedNanos = started == null ? 0 : clock.nanoTime() - started;
      }
      if (dirty.contains(item)) {
        queue.addLast(item); // re-added while processing: its turn comes now, even when shutting down
        itemsOrShutdown.signal();
      } else if (processing.isEmpty()) {
        processingChanged.signalAll();
      }
    } finally {
      lock.unlock();
    }
    metrics.done(Duration.ofNanos(workedNanos));
  }

  @Override
  public void shutDown() {
    lock.lock();
    try {
      drain = false;
      startShutdown();
      processingChanged.signalAll(); // releases a waiting shutDownWithDrain (forced stop)
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void shutDownWithDrain() throws InterruptedException {
    lock.lock();
    try {
      drain = true;
      startShutdown();
      // Both conditions are re-checked under the lock on every wake-up (client-go fix e9b0103a4).
      while (!processing.isEmpty() && drain) {
        processingChanged.await();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Caller holds the lock. */
  private void startShutdown() {
    shuttingDown = true;
    itemsOrShutdown.signalAll();
    if (metricsTimer != null) {
      metricsTimer.cancel();
      metricsTimer = null;
    }
  }

  @Override
  public boolean shuttingDown() {
    lock.lock();
    try {
      return shuttingDown;
    } finally {
      lock.unlock();
    }
  }

  /** Caller holds the lock. Schedules the next unfinished-work update unless shutting down. */
  private void armMetricsTimer() {
    if (!shuttingDown) {
      metricsTimer = clock.schedule(updatePeriod, this::updateUnfinishedWork);
    }
  }

  /** Runs on the clock's timer (or the stepping thread of a fake clock); re-arms itself. */
  private void updateUnfinishedWork() {
    long total = 0;
    long longest = 0;
    lock.lock();
    try {
      if (shuttingDown) {
        return; // client-go skips the update while shutting down
      }
      long now = clock.nanoTime();
      for (long started : startTimes.values()) {
        long age = now - started;
        total += age;
        longest = Math.max(longest, age);
      }
      armMetricsTimer();
    } finally {
      lock.unlock();
    }
    metrics.unfinishedWork(Duration.ofNanos(total), Duration.ofNanos(longest));
  }

  /** Metrics listener shared with a wrapping delaying queue (for {@code retries}); a no-op if disabled. */
  WorkQueueMetrics metrics() {
    return metrics;
  }

  /**
   * Checks the invariants documented on the fields; tests call it after each case (STYLE #24).
   *
   * @throws AssertionError naming the broken invariant
   */
  void checkInvariants() {
    lock.lock();
    try {
      Set<T> seen = new HashSet<>();
      for (T item : queue) {
        check(seen.add(item), "item queued twice: " + item);
        check(dirty.contains(item), "queued item not dirty: " + item);
        check(!processing.contains(item), "queued item also processing: " + item);
      }
      for (T item : dirty) {
        check(seen.contains(item) || processing.contains(item), "dirty item neither queued nor processing: " + item);
      }
      if (metricsEnabled) {
        check(addTimes.keySet().equals(dirty), "add times " + addTimes.keySet() + " != dirty " + dirty);
        check(startTimes.keySet().equals(processing),
            "start times " + startTimes.keySet() + " != processing " + processing);
      }
    } finally {
      lock.unlock();
    }
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new AssertionError(message);
    }
  }

  /** Items being processed, for tests and diagnostics. */
  List<T> processing() {
    lock.lock();
    try {
      return List.copyOf(processing);
    } finally {
      lock.unlock();
    }
  }

  private String describe() {
    return name.isEmpty() ? "" : " (queue " + name + ")";
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "WorkQueue[" + (name.isEmpty() ? "" : "name=" + name + ", ") + "len=" + queue.size()
          + ", processing=" + processing.size() + ", dirty=" + dirty.size()
          + (shuttingDown ? ", shutting down" : "") + "]";
    } finally {
      lock.unlock();
    }
  }
}
