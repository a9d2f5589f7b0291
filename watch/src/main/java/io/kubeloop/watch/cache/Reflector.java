package io.kubeloop.watch.cache;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.api.EventType;
import io.kubeloop.core.api.KubernetesObject;
import io.kubeloop.core.api.ObjectMeta;
import io.kubeloop.core.api.WatchEvent;
import io.kubeloop.core.client.ListOptions;
import io.kubeloop.core.client.WatchOptions;
import io.kubeloop.core.client.WatchStream;
import io.kubeloop.core.clock.Clock;
import io.kubeloop.watch.cache.ReflectorDecisions.Next;
import io.kubeloop.watch.cache.ReflectorState.BackingOff;
import io.kubeloop.watch.cache.ReflectorState.NeedsList;
import io.kubeloop.watch.cache.ReflectorState.Stopped;
import io.kubeloop.watch.cache.ReflectorState.Watching;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;

/**
 * Java counterpart of client-go {@code tools/cache/reflector.go} ({@code Reflector}): keeps a
 * {@link ReflectorStore} in step with the server by listing once and then watching from the list's
 * resourceVersion, resuming from the last resourceVersion it saw whenever a watch ends.
 *
 * <p>The protocol is an explicit state machine ({@link ReflectorState}); each transition is chosen by a pure
 * function of {@link ReflectorDecisions}:
 * <ol>
 *   <li>List at {@code "0"} first (any version, from the server's watch cache), in pages of 500 if the server
 *       paginates; an expired continue token falls back to one full list ({@link ListPager}). A relist uses the last
 *       resourceVersion ("not older than"), so the cache never goes back in time; if that version is expired or
 *       too large, the list is retried exactly once at {@code ""}.
 *   <li>Watch from the list's resourceVersion with bookmarks and a random {@code timeoutSeconds} in [300, 600).
 *       Every event and bookmark advances the resume resourceVersion, except the synthetic ADDED events of a
 *       watch started at {@code ""}/{@code "0"}, which arrive in no order.
 *   <li>A normal end re-watches at once without relisting. 410 Expired / too large relists once at {@code ""}.
 *       429 and refused connections back off and re-watch. Anything else backs off and relists.
 *   <li>An {@link IdleWatchdog} ends a stream silent for longer than its timeout plus a margin; it is resumed
 *       like a normal end.
 * </ol>
 * Every failure is reported to the {@link WatchErrorHandler} and ends in a retry; the only terminal state is
 * {@link Stopped}, reached when the context passed to {@link #run} is cancelled. All waiting is on the injected
 * {@link Clock}.
 *
 * <p>Differences from client-go: after a 410 on the watch the relist goes straight to {@code ""} (client-go first
 * tries the expired version, which the server then refuses); the backoff resets after 2 minutes without failures
 * ({@link Backoff}); there is no {@code MaxInternalErrorRetryDuration} (an internal error relists after backoff);
 * the resync loop runs for the reflector's whole life rather than per watch session.
 */
public final class Reflector<T extends KubernetesObject> {
  private static final System.Logger LOG = System.getLogger(Reflector.class.getName());

  private final String name;
  private final ListerWatcher<T> lw;
  private final ReflectorStore<T> store;
  private final ReflectorOptions options;
  private final Clock clock;
  private final RandomGenerator random;
  private final WatchErrorHandler errorHandler;
  private final ReflectorListener listener;
  private final BooleanSupplier shouldResync;
  private final ThreadFactory threads;
  /** Reflector thread only. */
  private final Backoff backoff;
  private final AtomicBoolean started = new AtomicBoolean();

  /** The resume point. Written by the reflector thread only; never moves backwards within a watch. */
  private volatile String lastSyncResourceVersion = "";
  private volatile ReflectorState state = new NeedsList(false);
  /** {@code lw} bound to the run's context, so cancelling aborts a request in flight. Reflector thread only. */
  private ListerWatcher<T> calls;
  /** The classic list, with its sticky "the server paginates" flag. Reflector thread only. */
  private final ListRequest<T> lister = new ListRequest<>(this);
  /** A stream opened by a streaming list, handed to the next {@link Watching} step. Reflector thread only. */
  private WatchStream<T> handedOver;
  private long handedOverTimeoutSeconds;

  private Reflector(Builder<T> b) {
    this.lw = b.lw;
    this.store = b.store;
    this.name = b.name != null ? b.name : b.lw.description();
    this.options = b.options;
    this.clock = b.clock;
    this.random = b.random;
    this.errorHandler = b.errorHandler;
    this.listener = b.listener;
    this.shouldResync = b.shouldResync;
    this.threads = b.threads != null ? b.threads : r -> new Thread(r, "reflector[" + name + "]-resync");
    this.backoff = new Backoff(options.backoff(), clock, random);
  }

  public static <T extends KubernetesObject> Builder<T> builder(ListerWatcher<T> lw, ReflectorStore<T> store) {
    return new Builder<>(lw, store);
  }

  public String name() {
    return name;
  }

  /** The resourceVersion the store is known to be in step with; empty before the first list. Any thread. */
  public String lastSyncResourceVersion() {
    return lastSyncResourceVersion;
  }

  /** The current state, for observation. Any thread. */
  public ReflectorState state() {
    return state;
  }

  /**
   * Lists and watches on the calling thread until {@code context} is cancelled (client-go
   * {@code RunWithContext}). Starts a resync thread if a resync period is set, and returns only once it has ended.
   *
   * @throws IllegalStateException if called twice
   */
  public void run(Context context) {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("reflector " + name + " was already run; create a new one");
    }
    Context ctx = context.withCancel();
    calls = lw.withContext(ctx);
    Thread resync = ResyncLoop.start(this, options.resyncPeriod(), shouldResync, store, threads, ctx);
    ReflectorState s = new NeedsList(false);
    setState(s);
    try {
      while (!(s instanceof Stopped)) {
        s = ctx.isCancelled() ? new Stopped(ctx.cause()) : step(s, ctx);
        setState(s);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      setState(new Stopped("interrupted"));
    } catch (Error e) {
      setState(new Stopped("failed: " + e)); // observable even though the thread dies
      throw e;
    } finally {
      if (handedOver != null) {
        handedOver.close();
        handedOver = null;
      }
      ctx.cancel();
      ResyncLoop.stop(resync); // run() returns only once every thread it started has ended
    }
  }

  private void setState(ReflectorState s) {
    state = s;
    LOG.log(Level.TRACE, () -> "reflector state name=" + name + " state=" + s);
    try {
      listener.stateChanged(s);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "reflector listener failed name=" + name + " state=" + s, e);
    }
  }

  private ReflectorState step(ReflectorState s, Context ctx) throws InterruptedException {
    try {
      if (s instanceof NeedsList n) {
        return list(n, ctx);
      }
      if (s instanceof Watching w) {
        return watch(w, ctx);
      }
      if (s instanceof BackingOff b) {
        return clock.sleep(b.delay(), ctx) ? b.then() : new Stopped(ctx.cause());
      }
      return s;
    } catch (RuntimeException e) {
      // A bug in a store, a listener or a decoder must not end the loop silently: report, back off, relist.
      LOG.log(Level.ERROR, "reflector step failed name=" + name + " state=" + s, e);
      reportError(e);
      return new BackingOff(backoff.next(), new NeedsList(false), e);
    }
  }

  // ---- 1. list (ListRequest, or WatchListRequest for a streaming list) ------------------------------------

  private ReflectorState list(NeedsList n, Context ctx) throws InterruptedException {
    if (options.useWatchList() && lw.supportsWatchList()) {
      ReflectorState streamed = new WatchListRequest<>(this).run(n.atLatest(), ctx);
      if (streamed != null) {
        return streamed;
      }
      // null: the server does not do streaming lists (or refused this one); fall back to a classic list.
    }
    return lister.run(n, ctx);
  }

  /** Called by {@link ListRequest} when a list has succeeded: the store takes it and the resume point moves. */
  void listed(ListOptions request, java.util.List<T> items, String resourceVersion, boolean paginated) {
    store.replace(items, resourceVersion);
    lastSyncResourceVersion = resourceVersion;
    listener.listed(request, items.size(), resourceVersion, paginated);
  }

  /** Called by {@link WatchListRequest} when a streaming list has delivered its initial state. */
  void streamingListDone(java.util.List<T> items, String resourceVersion, WatchStream<T> stream, long timeoutSeconds) {
    store.replace(items, resourceVersion);
    lastSyncResourceVersion = resourceVersion;
    handedOver = stream;
    handedOverTimeoutSeconds = timeoutSeconds;
    listener.listed(ListOptions.defaults().withResourceVersion(resourceVersion), items.size(), resourceVersion, false);
  }

  // ---- 2. watch --------------------------------------------------------------------------------------------

  private ReflectorState watch(Watching w, Context ctx) throws InterruptedException {
    String rv = w.resourceVersion();
    long start = clock.nanoTime(); // before the request: a slow proxy must not make a watch look long (33c1f9f2a)
    WatchStream<T> stream = handedOver;
    long timeoutSeconds = handedOverTimeoutSeconds;
    handedOver = null;
    if (stream == null) {
      timeoutSeconds = ReflectorDecisions.watchTimeoutSeconds(options.minWatchTimeout(), random);
      WatchOptions request = new WatchOptions(null, null, rv, null, true, timeoutSeconds, null);
      listener.watchStarting(request);
      try {
        stream = calls.watch(request);
      } catch (IOException | ApiException e) {
        if (ctx.isCancelled()) {
          return new Stopped(ctx.cause());
        }
        reportError(e);
        return follow(ReflectorDecisions.afterWatchOpenFailure(e), e);
      }
    }
    WatchSession<T> session = new WatchSession<>(this, stream, rv, timeoutSeconds, ctx);
    session.consume();
    Duration elapsed = Duration.ofNanos(clock.nanoTime() - start);
    listener.watchEnded(session.events(), session.error(), session.byWatchdog());
    if (ctx.isCancelled()) {
      return new Stopped(ctx.cause());
    }
    Next next = ReflectorDecisions.afterWatch(session.error(), session.events(), elapsed, session.byWatchdog());
    Throwable cause = session.error();
    if (next != Next.WATCH_AGAIN && cause == null) {
      cause = new IOException("very short watch: " + name
          + ": Unexpected watch close - watch lasted less than a second and no items received");
    }
    if (cause != null) {
      reportError(cause);
    }
    if (session.byWatchdog()) {
      LOG.log(Level.INFO, "watch stream was silent too long, resuming name=" + name + " resourceVersion="
          + lastSyncResourceVersion);
    }
    return follow(next, cause);
  }

  private ReflectorState follow(Next next, Throwable cause) {
    return switch (next) {
      case WATCH_AGAIN -> new Watching(lastSyncResourceVersion);
      case WATCH_AGAIN_AFTER_BACKOFF -> new BackingOff(backoff.next(), new Watching(lastSyncResourceVersion), cause);
      case RELIST_AT_LATEST -> new NeedsList(true);
      case RELIST_AT_LATEST_AFTER_BACKOFF -> new BackingOff(backoff.next(), new NeedsList(true), cause);
      case RELIST_AFTER_BACKOFF -> new BackingOff(backoff.next(), new NeedsList(false), cause);
    };
  }

  // ---- helpers for WatchSession and WatchListRequest ------------------------------------------------------

  void advance(String resourceVersion) {
    lastSyncResourceVersion = resourceVersion;
    store.resourceVersionUpdated(resourceVersion);
    listener.resourceVersionAdvanced(resourceVersion);
  }

  /** Applies one ADDED/MODIFIED/DELETED event to the store; a store failure is logged, not fatal. */
  void apply(EventType type, T object) {
    try {
      switch (type) {
        case ADDED -> store.add(object);
        case MODIFIED -> store.update(object);
        case DELETED -> store.delete(object);
        default -> { }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "store failed to apply a watch event name=" + name + " type=" + type + " key="
          + object.key(), e);
    }
  }

  static String resourceVersionOf(WatchEvent<? extends KubernetesObject> event) {
    ObjectMeta meta = event.object() == null ? null : event.object().metadata();
    return meta == null || meta.resourceVersion() == null ? "" : meta.resourceVersion();
  }

  /** Tells the {@link WatchErrorHandler}; a handler that throws is logged, never ends the loop. */
  void reportError(Throwable error) {
    try {
      errorHandler.onWatchError(name, error);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "watch error handler failed name=" + name, e);
    }
  }

  /** The lister-watcher bound to the running context. */
  ListerWatcher<T> lw() {
    return calls;
  }

  Clock clock() {
    return clock;
  }

  ReflectorOptions options() {
    return options;
  }

  RandomGenerator random() {
    return random;
  }

  Backoff backoff() {
    return backoff;
  }

  ReflectorListener listener() {
    return listener;
  }

  @Override
  public String toString() {
    return "Reflector[" + name + " " + state + " rv=" + lastSyncResourceVersion + "]";
  }

  /** Builds a {@link Reflector}. Only the lister-watcher and store are required. */
  public static final class Builder<T extends KubernetesObject> {
    private final ListerWatcher<T> lw;
    private final ReflectorStore<T> store;
    private String name;
    private ReflectorOptions options = ReflectorOptions.defaults();
    private Clock clock = Clock.system();
    private RandomGenerator random = new Random();
    private WatchErrorHandler errorHandler = WatchErrorHandler.logging();
    private ReflectorListener listener = new ReflectorListener() {};
    private BooleanSupplier shouldResync = () -> true;
    private ThreadFactory threads;

    private Builder(ListerWatcher<T> lw, ReflectorStore<T> store) {
      this.lw = Objects.requireNonNull(lw, "lw");
      this.store = Objects.requireNonNull(store, "store");
    }

    /** For logs and thread names; default {@link ListerWatcher#description()}. */
    public Builder<T> name(String value) {
      this.name = Objects.requireNonNull(value, "name");
      return this;
    }

    public Builder<T> options(ReflectorOptions value) {
      this.options = Objects.requireNonNull(value, "options");
      return this;
    }

    public Builder<T> clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /** Source of watch timeouts and backoff jitter; inject a seeded one for reproducible tests. */
    public Builder<T> random(RandomGenerator value) {
      this.random = Objects.requireNonNull(value, "random");
      return this;
    }

    public Builder<T> errorHandler(WatchErrorHandler value) {
      this.errorHandler = Objects.requireNonNull(value, "errorHandler");
      return this;
    }

    public Builder<T> listener(ReflectorListener value) {
      this.listener = Objects.requireNonNull(value, "listener");
      return this;
    }

    /** Asked at each resync tick whether to resync now (client-go {@code ShouldResync}); default always. */
    public Builder<T> shouldResync(BooleanSupplier value) {
      this.shouldResync = Objects.requireNonNull(value, "shouldResync");
      return this;
    }

    /** Makes the resync thread; default a daemon named {@code reflector[<name>]-resync}. */
    public Builder<T> threads(ThreadFactory value) {
      this.threads = Objects.requireNonNull(value, "threads");
      return this;
    }

    public Reflector<T> build() {
      return new Reflector<>(this);
    }
  }
}
