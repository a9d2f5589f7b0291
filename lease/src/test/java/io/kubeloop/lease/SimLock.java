package io.kubeloop.lease;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.ApiException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One candidate's connection to the {@link SimLeaseStore}: a {@link WatchableLock} whose requests take simulated
 * latency (each leg, on the shared virtual clock), hang while the candidate is partitioned (until the caller's
 * context ends or the request timeout passes, as {@code max(1s, renewDeadline/2)} does for client-go's lock), and
 * fail at once after the candidate crashed. A write whose response is lost (the context ended on the way back)
 * is still applied, like an in-flight renew that completed server-side.
 */
final class SimLock implements WatchableLock {
  private final SimLeaseStore store;
  private final String identity;
  private final Duration requestTimeout;
  private final AtomicLong requests;
  private volatile boolean partitioned;
  private volatile boolean dead;
  /** The resourceVersion of the last response; null before any. Guarded by {@code this}. */
  private Long cachedVersion;

  SimLock(SimLeaseStore store, String identity, Duration requestTimeout, AtomicLong requests) {
    this.store = store;
    this.identity = identity;
    this.requestTimeout = requestTimeout;
    this.requests = requests;
  }

  void setPartitioned(boolean value) {
    boolean healed = partitioned && !value;
    partitioned = value;
    if (healed) {
      store.redeliverTo(this);
    }
  }

  void kill() {
    dead = true;
  }

  boolean reachable() {
    return !partitioned && !dead;
  }

  private interface Op<T> {
    T apply() throws ApiException;
  }

  private <T> T call(Context context, Op<T> op) throws IOException, ApiException {
    if (dead) {
      throw new IOException("crashed");
    }
    requests.incrementAndGet();
    try {
      leg(context);
      if (partitioned) {
        Context timeout = context.withTimeout(store.clock, requestTimeout);
        try {
          // Hang until the caller gives up or the request times out: the partition swallows the request.
          DriftClock.sleepOn(store.clock, store.activity, requestTimeout.plusSeconds(1), timeout);
        } finally {
          timeout.cancel();
        }
        throw new InterruptedIOException(context.isCancelled() ? context.cause() : "request timed out (partitioned)");
      }
      T result = op.apply();
      leg(context);
      return result;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
  }

  private void leg(Context context) throws InterruptedException, InterruptedIOException {
    if (!DriftClock.sleepOn(store.clock, store.activity, store.latency(), context) || dead) {
      throw new InterruptedIOException(context.isCancelled() ? context.cause() : "crashed");
    }
  }

  @Override
  public LeaderElectionRecord get(Context context) throws IOException, ApiException {
    SimLeaseStore.Versioned v = call(context, store::get);
    synchronized (this) {
      cachedVersion = v.resourceVersion();
    }
    return v.record();
  }

  @Override
  public void create(Context context, LeaderElectionRecord record) throws IOException, ApiException {
    long rv = call(context, () -> store.create(this, record));
    synchronized (this) {
      cachedVersion = rv;
    }
  }

  @Override
  public void update(Context context, LeaderElectionRecord record) throws IOException, ApiException {
    long expected;
    synchronized (this) {
      if (cachedVersion == null) {
        throw new IllegalStateException("lease not initialized, call get or create first");
      }
      expected = cachedVersion;
    }
    long rv = call(context, () -> store.update(this, expected, record));
    synchronized (this) {
      cachedVersion = rv;
    }
  }

  @Override
  public Subscription watch(Consumer<Optional<LeaderElectionRecord>> listener) {
    Runnable unsubscribe = store.subscribe(this, listener);
    return unsubscribe::run;
  }

  @Override
  public String describe() {
    return "sim/lease";
  }

  @Override
  public String identity() {
    return identity;
  }
}
