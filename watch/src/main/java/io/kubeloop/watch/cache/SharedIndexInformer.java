package io.kubeloop.watch.cache;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.KubernetesObject;
import io.kubeloop.core.client.ResourceClient;
import io.kubeloop.core.clock.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

/**
 * Java counterpart of client-go {@code tools/cache/shared_informer.go} ({@code SharedIndexInformer}): one
 * list-and-watch of a resource feeding an indexed cache and any number of event handlers.
 *
 * <pre>{@code
 * SharedIndexInformer<Lease> leases = SharedIndexInformer.builder(client.resource(Lease.TYPE).inNamespace("ns"))
 *     .resyncPeriod(Duration.ofMinutes(10))
 *     .transform(l -> l.withMetadata(l.metadata().withoutManagedFields()))
 *     .build();
 * HandlerRegistration reg = leases.addEventHandler(new ResourceEventHandler<>() {
 *   public void onAdd(Lease lease, boolean initial) { queue.add(lease.key()); }
 * });
 * leases.start();
 * leases.waitForCacheSync(Context.background().withTimeout(Clock.system(), Duration.ofSeconds(30)));
 * Lister<Lease> lister = leases.lister();
 * ...
 * leases.close();
 * }</pre>
 *
 * <p>Data flow ({@code ARCHITECTURE.md} steps 1-4): {@link Reflector} → {@link DeltaFifo} → the process thread,
 * which for each popped key updates the {@link Indexer} <em>first</em> and then hands a notification to each
 * handler's buffer → one delivery thread per handler ({@link ResourceEventHandler}).
 *
 * <p>Threads, all daemons named {@code informer[<name>]-...}: {@code -reflector}, {@code -process},
 * {@code -resync} (if resyncing), and {@code -handler-<n>} per handler. {@link #close()} stops them all.
 *
 * <p>Thread-safe. Handlers may be added before or after {@link #start()}; one added after start first receives
 * an {@code onAdd(obj, true)} for everything cached, with delta processing held while they are queued, so it
 * misses nothing and sees nothing twice.
 */
public interface SharedIndexInformer<T extends KubernetesObject> extends AutoCloseable {
  /** An informer over {@code lw}. */
  static <T extends KubernetesObject> Builder<T> builder(ListerWatcher<T> lw) {
    return new Builder<>(lw);
  }

  /** An informer over everything {@code client} sees (bind it to a namespace with {@code inNamespace}). */
  static <T extends KubernetesObject> Builder<T> builder(ResourceClient<T> client) {
    return new Builder<>(ListerWatcher.forResource(client));
  }

  /** Names threads and log lines. */
  String name();

  /** Adds a handler with the informer's default resync period. */
  HandlerRegistration addEventHandler(ResourceEventHandler<T> handler);

  /**
   * Adds a handler that also wants a resync (an {@code onUpdate(o, o)} for every cached object) every
   * {@code resyncPeriod}. Clamped as client-go does: at least 1 s; never more often than the informer checks
   * (before start a shorter period lowers the informer's check period; after start it is raised to it); and none
   * at all if the informer was built with a zero resync period.
   *
   * @throws IllegalStateException if the informer was closed ("... was not added to shared informer because it
   *     has stopped already")
   */
  HandlerRegistration addEventHandler(ResourceEventHandler<T> handler, Duration resyncPeriod);

  /**
   * Removes a handler: notifications still buffered for it are dropped; at most the one being delivered still
   * runs. Idempotent; a registration of another informer is ignored.
   */
  void removeEventHandler(HandlerRegistration registration);

  /**
   * Adds indices; objects already cached are filed under them.
   *
   * @throws IllegalArgumentException if a name is taken; {@link IllegalStateException} after close
   */
  void addIndexers(Map<String, IndexFunc<T>> indexers);

  /** Starts the threads. Returns at once. @throws IllegalStateException if started before or closed */
  void start();

  /** Whether the first list is in the cache and every notification for it has been handed to the handlers. */
  boolean hasSynced();

  /**
   * Blocks until {@link #hasSynced()} or {@code context} ends (client-go {@code WaitForCacheSync}).
   *
   * @return whether the informer has synced
   */
  boolean waitForCacheSync(Context context) throws InterruptedException;

  /** The read-only view of the cache; safe to share with anyone. */
  Lister<T> lister();

  /** The resourceVersion the cache is in step with; {@code ""} before the first list. */
  String lastSyncResourceVersion();

  boolean hasStarted();

  /** Whether {@link #close()} was called. */
  boolean isStopped();

  /**
   * Stops every thread and waits for them (up to 5 s of real time each, for a handler still running or a list
   * still in flight; a handler still running after that is interrupted). Idempotent. May be called from a
   * handler: it then does not wait for that handler's own thread, which ends when the handler returns. An
   * interrupt does not cut the (bounded) waits short; the caller's interrupt flag is kept.
   */
  @Override
  void close();

  /** Builds a {@link SharedIndexInformer}. Only the lister-watcher is required. */
  final class Builder<T extends KubernetesObject> {
    final ListerWatcher<T> lw;
    String name;
    Clock clock = Clock.system();
    RandomGenerator random = new Random();
    Duration resyncPeriod = Duration.ZERO;
    final Map<String, IndexFunc<T>> indexers = new LinkedHashMap<>();
    UnaryOperator<T> transform = UnaryOperator.identity();
    ReflectorOptions reflectorOptions = ReflectorOptions.defaults();
    WatchErrorHandler watchErrorHandler = WatchErrorHandler.logging();
    ReflectorListener reflectorListener = new ReflectorListener() {};
    Executor handlerExecutor;

    private Builder(ListerWatcher<T> lw) {
      this.lw = Objects.requireNonNull(lw, "lw");
    }

    /** For thread names and logs; default {@link ListerWatcher#description()}, e.g. {@code leases.coordination.k8s.io}. */
    public Builder<T> name(String value) {
      this.name = Objects.requireNonNull(value, "name");
      return this;
    }

    /** The clock for backoff, watch timeouts, the watchdog and resync. Default {@link Clock#system()}. */
    public Builder<T> clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /** Source of watch timeouts and jitter; seed it for reproducible tests. */
    public Builder<T> random(RandomGenerator value) {
      this.random = Objects.requireNonNull(value, "random");
      return this;
    }

    /** The default resync period of handlers; zero (the default) disables resync for every handler. */
    public Builder<T> resyncPeriod(Duration value) {
      if (value.isNegative()) {
        throw new IllegalArgumentException("expected a non-negative resyncPeriod but was " + value);
      }
      this.resyncPeriod = value;
      return this;
    }

    /** An index next to the built-in {@link Indexer#NAMESPACE_INDEX}. */
    public Builder<T> indexer(String indexName, IndexFunc<T> function) {
      if (indexName.equals(Indexer.NAMESPACE_INDEX) || indexers.containsKey(indexName)) {
        throw new IllegalArgumentException("indexer conflict: [" + indexName + "]");
      }
      indexers.put(indexName, Objects.requireNonNull(function, "function"));
      return this;
    }

    /**
     * Applied exactly once to every object from the server before it is cached or handed to a handler, e.g. to
     * drop {@code managedFields}. Must return an object with the same key; runs on the reflector thread.
     */
    public Builder<T> transform(UnaryOperator<T> value) {
      this.transform = Objects.requireNonNull(value, "transform");
      return this;
    }

    /** Page size, watch timeout, watchdog margin, streaming list, backoff. The resync period is set here instead. */
    public Builder<T> reflectorOptions(ReflectorOptions value) {
      this.reflectorOptions = Objects.requireNonNull(value, "reflectorOptions");
      return this;
    }

    public Builder<T> watchErrorHandler(WatchErrorHandler value) {
      this.watchErrorHandler = Objects.requireNonNull(value, "watchErrorHandler");
      return this;
    }

    public Builder<T> reflectorListener(ReflectorListener value) {
      this.reflectorListener = Objects.requireNonNull(value, "reflectorListener");
      return this;
    }

    /**
     * Runs handler deliveries on {@code value} instead of one dedicated thread per handler. Each handler still
     * gets its notifications one at a time, in order. Tests pass {@code Runnable::run} to deliver on the process
     * thread itself (then a handler runs while the informer's queue is locked: tests only).
     */
    public Builder<T> handlerExecutor(Executor value) {
      this.handlerExecutor = Objects.requireNonNull(value, "handlerExecutor");
      return this;
    }

    public SharedIndexInformer<T> build() {
      return new DefaultSharedIndexInformer<>(this);
    }
  }
}
