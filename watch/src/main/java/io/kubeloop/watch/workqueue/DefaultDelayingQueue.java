package io.kubeloop.watch.workqueue;

import io.kubeloop.core.clock.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link DelayingQueue} of {@link DelayingQueue#create}: client-go's {@code delayingType} with its
 * {@code waitingLoop} replaced by one re-armed clock action.
 */
final class DefaultDelayingQueue<T> implements DelayingQueue<T> {
  /* Implementation notes.
   *
   * client-go's waitingLoop keeps a min-heap of {item, readyAt} and a map item -> heap entry, and on each turn
   * (1) adds every entry whose readyAt has passed, (2) arms a timer for the head. Here the same two structures
   * live under this class's lock, and "a turn" is fire(): it runs when the single armed timer goes off. Any
   * addAfter that makes a new head earlier than the armed timer re-arms it. Ready times are clock.nanoTime()
   * readings, so wall-clock jumps do not matter.
   *
   * Lock order: this.lock, then (briefly, to arm or cancel) the clock's lock. The inner queue is only called
   * after this.lock is released, so its lock is never taken inside ours.
   */

  private final DefaultWorkQueue<T> queue;
  private final Clock clock;
  private final WorkQueueMetrics metrics;

  private final ReentrantLock lock = new ReentrantLock();
  /** Items waiting for their ready time, earliest first. Invariant: exactly the values of {@code waiting}. */
  private final PriorityQueue<Waiting<T>> heap = new PriorityQueue<>();
  /** Item -> its heap entry, to keep the earliest ready time for duplicates. Guarded by {@code lock}. */
  private final Map<T, Waiting<T>> waiting = new HashMap<>();
  /** The armed timer, or null. Non-null whenever {@code heap} is non-empty and not stopped. Guarded. */
  private Clock.Cancellable timer;
  /** Clock nanos at which {@code timer} fires; meaningful only while {@code timer != null}. Guarded. */
  private long timerDueNanos;
  /** Set once by shutdown: no more timers, nothing waits. Guarded by {@code lock}. */
  private boolean stopped;
  private long sequence;

  DefaultDelayingQueue(QueueConfig config) {
    this(new DefaultWorkQueue<>(config), config.clock());
  }

  /** Wraps {@code queue}, whose metrics listener also receives {@code retries}; {@code clock} must be its clock. */
  DefaultDelayingQueue(DefaultWorkQueue<T> queue, Clock clock) {
    this.queue = queue;
    this.clock = clock;
    this.metrics = queue.metrics();
  }

  @Override
  public void addAfter(T item, Duration delay) {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(delay, "delay");
    if (queue.shuttingDown()) {
      return;
    }
    metrics.retried();
    if (delay.isZero() || delay.isNegative()) {
      queue.add(item);
      return;
    }
    lock.lock();
    try {
      if (stopped) {
        return;
      }
      long readyAt = clock.nanoTime() + saturatedNanos(delay);
      Waiting<T> existing = waiting.get(item);
      if (existing != null) {
        if (existing.readyAtNanos <= readyAt) {
          return; // an earlier (or equal) ready time wins
        }
        heap.remove(existing); // O(n), as client-go's heap.Fix is O(log n); fine for controller-sized heaps
      }
      Waiting<T> entry = new Waiting<>(item, readyAt, sequence++);
      waiting.put(item, entry);
      heap.add(entry);
      armFor(heap.peek().readyAtNanos);
    } finally {
      lock.unlock();
    }
  }

  /** Caller holds the lock. Makes sure a timer fires no later than {@code dueNanos}. */
  private void armFor(long dueNanos) {
    if (timer != null) {
      if (timerDueNanos <= dueNanos) {
        return;
      }
      timer.cancel();
    }
    timerDueNanos = dueNanos;
    timer = clock.schedule(Duration.ofNanos(Math.max(0, dueNanos - clock.nanoTime())), this::fire);
  }

  /** The timer went off: add every item that is ready, in ready order, then re-arm for the next one. */
  private void fire() {
    List<T> ready = new ArrayList<>();
    lock.lock();
    try {
      timer = null;
      if (stopped) {
        return;
      }
      long now = clock.nanoTime();
      while (!heap.isEmpty() && heap.peek().readyAtNanos <= now) {
        Waiting<T> entry = heap.poll();
        waiting.remove(entry.item);
        ready.add(entry.item);
      }
      if (!heap.isEmpty()) {
        armFor(heap.peek().readyAtNanos); // the system clock may fire a little early: this re-arms for the rest
      }
    } finally {
      lock.unlock();
    }
    for (T item : ready) {
      queue.add(item);
    }
  }

  /** Stops the timer and drops waiting items; idempotent (client-go fix bdead75b4). */
  private void stop() {
    lock.lock();
    try {
      stopped = true;
      if (timer != null) {
        timer.cancel(); // client-go fix 8a1fbdc8b: stop timers so nothing is kept alive
        timer = null;
      }
      heap.clear();
      waiting.clear();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void shutDown() {
    stop();
    queue.shutDown();
  }

  @Override
  public void shutDownWithDrain() throws InterruptedException {
    stop();
    queue.shutDownWithDrain();
  }

  @Override
  public void add(T item) {
    queue.add(item);
  }

  @Override
  public int len() {
    return queue.len();
  }

  @Override
  public T get() throws InterruptedException {
    return queue.get();
  }

  @Override
  public void done(T item) {
    queue.done(item);
  }

  @Override
  public boolean shuttingDown() {
    return queue.shuttingDown();
  }

  /** How long until {@code item} is added, or null if it is not waiting. For tests (client-go reads readyAt). */
  Duration waitingFor(T item) {
    lock.lock();
    try {
      Waiting<T> entry = waiting.get(item);
      return entry == null ? null : Duration.ofNanos(entry.readyAtNanos - clock.nanoTime());
    } finally {
      lock.unlock();
    }
  }

  /** How many items wait for their delay. */
  int waitingCount() {
    lock.lock();
    try {
      return waiting.size();
    } finally {
      lock.unlock();
    }
  }

  /** Checks this queue's invariants and the inner queue's (STYLE #24). */
  void checkInvariants() {
    lock.lock();
    try {
      if (heap.size() != waiting.size() || !waiting.values().containsAll(heap)) {
        throw new AssertionError("heap " + heap + " does not match waiting " + waiting);
      }
      if (!heap.isEmpty() && !stopped && timer == null) {
        throw new AssertionError("items wait but no timer is armed: " + waiting.keySet());
      }
    } finally {
      lock.unlock();
    }
    queue.checkInvariants();
  }

  static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException overflow) {
      return Long.MAX_VALUE / 2; // ~146 years: far enough, and still safe to add to a nanoTime reading
    }
  }

  @Override
  public String toString() {
    return queue + "+waiting=" + waitingCount();
  }

  /** A heap entry (client-go {@code waitFor}); ties in ready time keep insertion order. */
  private static final class Waiting<T> implements Comparable<Waiting<T>> {
    final T item;
    final long readyAtNanos;
    final long seq;

    Waiting(T item, long readyAtNanos, long seq) {
      this.item = item;
      this.readyAtNanos = readyAtNanos;
      this.seq = seq;
    }

    @Override
    public int compareTo(Waiting<T> o) {
      int c = Long.compare(readyAtNanos, o.readyAtNanos);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }

    @Override
    public String toString() {
      return item + "@" + readyAtNanos;
    }
  }
}
