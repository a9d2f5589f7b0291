package io.kubeloop.lease;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.api.EventType;
import io.kubeloop.core.api.Lease;
import io.kubeloop.core.api.ObjectMeta;
import io.kubeloop.core.api.WatchEvent;
import io.kubeloop.core.client.ResourceClient;
import io.kubeloop.core.client.WatchOptions;
import io.kubeloop.core.client.WatchStream;
import io.kubeloop.core.clock.Clock;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Java counterpart of client-go {@code tools/leaderelection/resourcelock/leaselock.go} ({@code LeaseLock}): a
 * {@link ResourceLock} on one {@code coordination.k8s.io/v1} Lease.
 *
 * <p>{@link #get} caches the Lease the server returned; {@link #update} overwrites the cached Lease's spec with
 * the record and PUTs the whole object, so the cached {@code metadata.resourceVersion} makes the write
 * conditional (409 Conflict when another candidate wrote first) and every field kubeloop does not model is sent
 * back unchanged. A failed update keeps the cached Lease (client-go commit bfd1732c4). Configured labels are
 * (re-)asserted on every write; other labels are left alone.
 *
 * <pre>{@code
 * ResourceClient<Lease> leases = client.resource(Lease.TYPE);
 * LeaseLock lock = LeaseLock.builder(leases, "kube-system", "my-controller", podName)
 *     .requestTimeout(Duration.ofSeconds(5))   // client-go's NewFromKubeconfig uses max(1s, renewDeadline/2)
 *     .build();
 * }</pre>
 *
 * <p>Differences from client-go: it also implements {@link WatchableLock} (a thread named
 * {@code leader-elector[namespace/name]-watch} per subscription, reconnecting with backoff); events go to an
 * optional {@code Consumer<String>} instead of an {@code EventRecorder}; the deprecated {@code MultiLock} and the
 * removed Endpoints/ConfigMap locks do not exist.
 *
 * <p>Thread-safe: the cached Lease is guarded by {@code this}; no call holds the monitor during a request.
 */
public final class LeaseLock implements WatchableLock {
  private static final System.Logger LOG = System.getLogger(LeaseLock.class.getName());
  private static final Duration WATCH_BACKOFF_MIN = Duration.ofSeconds(1);
  private static final Duration WATCH_BACKOFF_MAX = Duration.ofSeconds(30);
  /** A watch connection that ends sooner counts as failed (client-go: a "very short watch"). */
  private static final Duration WATCH_MIN_HEALTHY = Duration.ofSeconds(1);
  /** Each connection asks the server to end it after this to twice this (timeoutSeconds). */
  private static final Duration WATCH_TIMEOUT_MIN = Duration.ofMinutes(5);
  /** How long after its timeoutSeconds a connection is ended by the client, if the server has not ended it. */
  private static final Duration WATCH_CLIENT_GRACE = Duration.ofSeconds(5);
  /** How long closing a watch subscription waits for its thread; it normally ends at once. */
  private static final Duration WATCH_STOP_TIMEOUT = Duration.ofSeconds(10);

  private final ResourceClient<Lease> leases;
  private final String namespace;
  private final String name;
  private final String identity;
  private final Map<String, String> labels;
  private final Consumer<String> events;
  private final Clock clock;

  /** The Lease last returned by the server (or last sent, after a failed update); null before get/create. */
  private Lease cached;

  private LeaseLock(Builder b) {
    ResourceClient<Lease> client = b.leases.inNamespace(b.namespace);
    this.leases = b.requestTimeout == null ? client : client.withRequestTimeout(b.requestTimeout);
    this.namespace = b.namespace;
    this.name = b.name;
    this.identity = b.identity;
    this.labels = b.labels == null ? null : Map.copyOf(b.labels);
    this.events = b.events;
    this.clock = b.clock;
  }

  /** A builder for the lock on Lease {@code namespace/name}, written as {@code identity}. */
  public static Builder builder(ResourceClient<Lease> leases, String namespace, String name, String identity) {
    return new Builder(leases, namespace, name, identity);
  }

  @Override
  public LeaderElectionRecord get(Context context) throws IOException, ApiException {
    Lease lease = leases.withContext(context).get(name);
    synchronized (this) {
      cached = lease;
    }
    return LeaderElectionRecord.fromSpec(lease.spec());
  }

  @Override
  public void create(Context context, LeaderElectionRecord record) throws IOException, ApiException {
    ObjectMeta meta = ObjectMeta.of(namespace, name);
    if (labels != null && !labels.isEmpty()) {
      meta = meta.withLabels(labels);
    }
    Lease created = leases.withContext(context).create(Lease.of(meta, record.toSpec(null)));
    synchronized (this) {
      cached = created;
    }
  }

  @Override
  public void update(Context context, LeaderElectionRecord record) throws IOException, ApiException {
    Lease toSend;
    synchronized (this) {
      if (cached == null) {
        throw new IllegalStateException("lease not initialized, call get or create first");
      }
      toSend = cached.withSpec(record.toSpec(cached.spec()));
      if (labels != null) {
        Map<String, String> merged = new LinkedHashMap<>(toSend.metadata().labels());
        merged.putAll(labels);
        toSend = toSend.withMetadata(toSend.metadata().withLabels(merged));
      }
      cached = toSend; // as client-go: the cache keeps the mutated spec even if the PUT fails
    }
    Lease updated = leases.withContext(context).update(toSend);
    synchronized (this) {
      cached = updated;
    }
  }

  /** The Lease last returned by the server, if any (for tests and diagnostics). */
  public synchronized Optional<Lease> cachedLease() {
    return Optional.ofNullable(cached);
  }

  @Override
  public void recordEvent(String message) {
    if (events != null) {
      events.accept(identity + " " + message);
    }
  }

  @Override
  public String describe() {
    return namespace + "/" + name;
  }

  @Override
  public String identity() {
    return identity;
  }

  @Override
  public Subscription watch(Consumer<Optional<LeaderElectionRecord>> listener) {
    Objects.requireNonNull(listener, "listener");
    Context context = Context.background().withCancel();
    Thread thread = new Thread(() -> watchLoop(context, listener), "leader-elector[" + describe() + "]-watch");
    thread.setDaemon(true);
    thread.start();
    return () -> stopWatching(context, thread);
  }

  /* Cancel, then wait for the watch thread to end: cancelling closes the stream, aborts a connect in flight and
   * ends a backoff, so the thread returns promptly. Without the wait, the thread outlived the elector's run and a
   * delivery still in progress could report a new leader after onStoppedLeading. */
  private void stopWatching(Context context, Thread thread) {
    context.cancel();
    if (Thread.currentThread() == thread) {
      return; // closed from inside the listener
    }
    try {
      thread.join(WATCH_STOP_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (thread.isAlive()) {
      LOG.log(Level.WARNING, () -> "lease watch thread did not stop within " + WATCH_STOP_TIMEOUT + " lock=" + describe());
    }
  }

  /* Watch, deliver, reconnect. Each connection starts without a resourceVersion, so the server first sends the
   * current Lease as ADDED: a reconnect re-delivers the state and nothing is missed for long.
   * 1. Each connection asks the server to end it after 5 to 10 minutes (client-go's reflector: minWatchTimeout
   *    5 min, doubled at random) and ends it itself 5 s after that, so a silently dead connection (a partition that
   *    healed, a stalled proxy) is replaced instead of leaving the follower deaf for good.
   * 2. A connection that lived at least 1 s and ended normally is reopened at once. One that failed, or ended in
   *    under 1 s (client-go's "very short watch"), is reopened after a backoff from 1 s doubling to 30 s, which only
   *    a connection that lived 1 s resets: every connection delivers ADDED first, so a delivery says nothing about
   *    the connection's health. Without this a server or proxy that closed every watch at once was hit in a loop. */
  private void watchLoop(Context context, Consumer<Optional<LeaderElectionRecord>> listener) {
    Duration backoff = WATCH_BACKOFF_MIN;
    while (!context.isCancelled()) {
      long lifetime = WATCH_TIMEOUT_MIN.getSeconds() + ThreadLocalRandom.current().nextLong(WATCH_TIMEOUT_MIN.getSeconds());
      WatchOptions options = WatchOptions.defaults().withFieldSelector("metadata.name=" + name).withTimeoutSeconds(lifetime);
      Context connection = context.withTimeout(clock, Duration.ofSeconds(lifetime).plus(WATCH_CLIENT_GRACE));
      long opened = clock.nanoTime();
      boolean failed = false;
      try (WatchStream<Lease> stream = leases.withContext(connection).watch(options)) {
        Context.Registration closeOnCancel = connection.onCancel(stream::close);
        try {
          WatchEvent<Lease> event;
          while ((event = stream.next()) != null) {
            if (event.type() == EventType.ADDED || event.type() == EventType.MODIFIED) {
              listener.accept(Optional.of(LeaderElectionRecord.fromSpec(event.object().spec())));
            } else if (event.type() == EventType.DELETED) {
              listener.accept(Optional.empty());
            } else if (event.type() == EventType.ERROR) {
              String status = String.valueOf(event.status());
              LOG.log(Level.DEBUG, () -> "lease watch ended with an error lock=" + describe() + " status=" + status);
              failed = true;
              break;
            }
          }
        } finally {
          closeOnCancel.remove();
        }
      } catch (IOException | ApiException | RuntimeException e) {
        if (context.isCancelled()) {
          return;
        }
        LOG.log(Level.DEBUG, () -> "lease watch failed lock=" + describe() + " error=" + e);
        failed = !Context.DEADLINE_EXCEEDED.equals(connection.cause()); // our own lifetime bound is a normal end
      } finally {
        connection.cancel();
      }
      boolean lived = clock.nanoTime() - opened >= WATCH_MIN_HEALTHY.toNanos();
      if (lived) {
        backoff = WATCH_BACKOFF_MIN;
      }
      if (failed || !lived) {
        try {
          if (!clock.sleep(backoff, context)) {
            return;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        backoff = backoff.multipliedBy(2).compareTo(WATCH_BACKOFF_MAX) > 0 ? WATCH_BACKOFF_MAX : backoff.multipliedBy(2);
      }
    }
  }

  @Override
  public String toString() {
    return "LeaseLock[" + describe() + ", identity=" + identity + "]";
  }

  /** Options of a {@link LeaseLock}; only the four constructor arguments are required. */
  public static final class Builder {
    private final ResourceClient<Lease> leases;
    private final String namespace;
    private final String name;
    private final String identity;
    private Map<String, String> labels;
    private Duration requestTimeout;
    private Consumer<String> events;
    private Clock clock = Clock.system();

    private Builder(ResourceClient<Lease> leases, String namespace, String name, String identity) {
      this.leases = Objects.requireNonNull(leases, "leases");
      this.namespace = Objects.requireNonNull(namespace, "namespace");
      this.name = Objects.requireNonNull(name, "name");
      this.identity = Objects.requireNonNull(identity, "identity");
      if (namespace.isEmpty() || name.isEmpty()) {
        throw new IllegalArgumentException("expected a Lease namespace and name but was \"" + namespace + "/" + name + "\"");
      }
    }

    /** Labels set on create and re-asserted on every update ({@code NewWithLabels}); other labels are kept. */
    public Builder labels(Map<String, String> value) {
      this.labels = value == null ? null : Map.copyOf(value);
      return this;
    }

    /**
     * A timeout for each request, so one hung request cannot use up the renew deadline. client-go's
     * {@code NewFromKubeconfig} sets {@code max(1s, renewDeadline/2)}; default: the client's own timeout.
     */
    public Builder requestTimeout(Duration value) {
      if (value != null && (value.isZero() || value.isNegative())) {
        throw new IllegalArgumentException("expected a positive requestTimeout but was " + value);
      }
      this.requestTimeout = value;
      return this;
    }

    /** Receives {@code "<identity> became leader"} and {@code "<identity> stopped leading"}; default: none. */
    public Builder events(Consumer<String> value) {
      this.events = value;
      return this;
    }

    /** The clock the watch uses for its reconnect backoff; default {@link Clock#system()}. */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    public LeaseLock build() {
      return new LeaseLock(this);
    }
  }
}
