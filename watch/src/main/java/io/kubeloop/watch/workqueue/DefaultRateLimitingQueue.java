package io.kubeloop.watch.workqueue;

import java.time.Duration;
import java.util.Objects;

/** The {@link RateLimitingQueue} of {@link RateLimitingQueue#create}: client-go's {@code rateLimitingType}. */
final class DefaultRateLimitingQueue<T> implements RateLimitingQueue<T> {
  private final DefaultDelayingQueue<T> queue;
  private final RateLimiter<T> limiter;

  DefaultRateLimitingQueue(RateLimiter<T> limiter, QueueConfig config) {
    this.limiter = Objects.requireNonNull(limiter, "limiter");
    this.queue = new DefaultDelayingQueue<>(config);
  }

  @Override
  public void addRateLimited(T item) {
    Objects.requireNonNull(item, "item");
    queue.addAfter(item, limiter.when(item));
  }

  @Override
  public void forget(T item) {
    limiter.forget(item);
  }

  @Override
  public int numRequeues(T item) {
    return limiter.numRequeues(item);
  }

  @Override
  public void addAfter(T item, Duration delay) {
    queue.addAfter(item, delay);
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
  public void shutDown() {
    queue.shutDown();
  }

  @Override
  public void shutDownWithDrain() throws InterruptedException {
    queue.shutDownWithDrain();
  }

  @Override
  public boolean shuttingDown() {
    return queue.shuttingDown();
  }

  /** The inner delaying queue, for tests that read ready times. */
  DefaultDelayingQueue<T> delaying() {
    return queue;
  }

  @Override
  public String toString() {
    return queue + "+limiter=" + limiter;
  }
}
