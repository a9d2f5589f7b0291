package io.kubeloop.watch.cache;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.KubernetesObject;
import io.kubeloop.core.api.ResourceType;
import io.kubeloop.core.client.KubeClient;
import io.kubeloop.core.client.ResourceClient;
import io.kubeloop.core.clock.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Java counterpart of client-go {@code informers/factory.go} ({@code SharedInformerFactory}), for any resource
 * type as {@code dynamic/dynamicinformer} does it: one {@link SharedIndexInformer} per resource type, shared by every
 * controller in the process, so that two controllers watching Pods open one watch and keep one cache.
 *
 * <pre>{@code
 * SharedInformerFactory factory = SharedInformerFactory.builder(client).defaultResync(Duration.ofMinutes(10)).build();
 * SharedIndexInformer<DynamicObject> vms = factory.informerFor(VM_TYPE);      // the same instance for every caller
 * SharedIndexInformer<Lease> leases = factory.informerFor(Lease.TYPE, b -> b.indexer("holder", HOLDER));
 * vms.addEventHandler(handler);
 * factory.start();                                                           // starts what is not started yet
 * factory.waitForCacheSync(context);                                         // {VM_TYPE=true, Lease.TYPE=true}
 * ...
 * factory.shutdown();                                                        // closes every informer and waits
 * }</pre>
 *
 * <p>As in client-go: informers are keyed by their type ({@link ResourceType}, which includes the Java class, as
 * client-go keys by Go type); {@link #start()} starts only those not started before and may be called again after
 * more were asked for; {@link #waitForCacheSync} reports on the started ones; {@link #shutdown()} stops them all and
 * waits, after which {@code start()} does nothing. Options apply to every informer of the factory: the namespace
 * ({@code WithNamespace}), label and field selectors ({@code WithTweakListOptions}), the default resync period, and a
 * per-type resync ({@code WithCustomResyncConfig}).
 *
 * <p>Differences from client-go: a per-type customisation ({@link #informerFor(ResourceType, Consumer)}) runs on
 * the informer's builder the first time the type is asked for, instead of a {@code newFunc} replacing the whole
 * construction; asking for a new type after {@code shutdown()} is an {@link IllegalStateException} instead of
 * returning an informer that will never start.
 *
 * <p>Thread-safe.
 */
public final class SharedInformerFactory implements AutoCloseable {
  private final KubeClient client;
  private final String namespace;
  private final String labelSelector;
  private final String fieldSelector;
  private final Duration defaultResync;
  private final Map<ResourceType<?>, Duration> customResync;
  private final Clock clock;

  private final Object lock = new Object();
  /** Guarded by {@code lock}; in the order asked for. */
  private final Map<ResourceType<?>, SharedIndexInformer<?>> informers = new LinkedHashMap<>();
  /** Guarded by {@code lock}. */
  private boolean shuttingDown;

  private SharedInformerFactory(Builder b) {
    this.client = b.client;
    this.namespace = b.namespace;
    this.labelSelector = b.labelSelector;
    this.fieldSelector = b.fieldSelector;
    this.defaultResync = b.defaultResync;
    this.customResync = Map.copyOf(b.customResync);
    this.clock = b.clock;
  }

  /** A factory over everything {@code client} can see; see {@link Builder} for the options. */
  public static Builder builder(KubeClient client) {
    return new Builder(client);
  }

  /** The informer for {@code type}, made with the factory's options the first time it is asked for. */
  public <T extends KubernetesObject> SharedIndexInformer<T> informerFor(ResourceType<T> type) {
    return informerFor(type, b -> { });
  }

  /**
   * The informer for {@code type}; the first time, {@code customize} runs on its builder after the factory's options
   * (add indexers, a transform, a watch error handler). Later calls return that informer and ignore
   * {@code customize}, as client-go's {@code InformerFor} ignores its {@code newFunc} once the type is known.
   *
   * @throws IllegalStateException after {@link #shutdown()}, for a type not asked for before
   */
  public <T extends KubernetesObject> SharedIndexInformer<T> informerFor(ResourceType<T> type,
      Consumer<SharedIndexInformer.Builder<T>> customize) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(customize, "customize");
    synchronized (lock) {
      @SuppressWarnings("unchecked") // the map holds, for each type, an informer of that type
      SharedIndexInformer<T> known = (SharedIndexInformer<T>) informers.get(type);
      if (known != null) {
        return known;
      }
      if (shuttingDown) {
        throw new IllegalStateException("informer factory was shut down; no new informer for " + type
            + " (create a new factory)");
      }
      ResourceClient<T> resources = client.resource(type);
      if (namespace != null && type.namespaced()) {
        resources = resources.inNamespace(namespace);
      }
      SharedIndexInformer.Builder<T> builder = SharedIndexInformer
          .builder(ListerWatcher.forResource(resources, labelSelector, fieldSelector))
          .clock(clock)
          .resyncPeriod(customResync.getOrDefault(type, defaultResync));
      customize.accept(builder);
      SharedIndexInformer<T> informer = builder.build();
      informers.put(type, informer);
      return informer;
    }
  }

  /**
   * Starts every informer not started yet (client-go {@code Start}); returns at once. Does nothing after
   * {@link #shutdown()}.
   */
  public void start() {
    synchronized (lock) {
      if (shuttingDown) {
        return;
      }
      for (SharedIndexInformer<?> informer : informers.values()) {
        if (!informer.hasStarted()) {
          informer.start();
        }
      }
    }
  }

  /**
   * Waits until every started informer has synced or {@code context} ends (client-go {@code WaitForCacheSync}).
   *
   * @return for each started informer's type, whether it synced
   */
  public Map<ResourceType<?>, Boolean> waitForCacheSync(Context context) throws InterruptedException {
    List<Map.Entry<ResourceType<?>, SharedIndexInformer<?>>> started = new ArrayList<>();
    synchronized (lock) {
      for (Map.Entry<ResourceType<?>, SharedIndexInformer<?>> e : informers.entrySet()) {
        if (e.getValue().hasStarted()) {
          started.add(Map.entry(e.getKey(), e.getValue()));
        }
      }
    }
    Map<ResourceType<?>, Boolean> synced = new LinkedHashMap<>();
    for (Map.Entry<ResourceType<?>, SharedIndexInformer<?>> e : started) {
      synced.put(e.getKey(), e.getValue().waitForCacheSync(context));
    }
    return synced;
  }

  /**
   * Stops every informer and waits for their threads (client-go {@code Shutdown}); later {@link #start()} calls do
   * nothing. Idempotent.
   */
  public void shutdown() {
    List<SharedIndexInformer<?>> all;
    synchronized (lock) {
      shuttingDown = true;
      all = new ArrayList<>(informers.values());
    }
    for (SharedIndexInformer<?> informer : all) {
      informer.close();
    }
  }

  /** {@link #shutdown()}. */
  @Override
  public void close() {
    shutdown();
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "SharedInformerFactory[" + (namespace == null ? "all namespaces" : "namespace " + namespace)
          + ", informers=" + informers.keySet() + (shuttingDown ? ", shut down" : "") + "]";
    }
  }

  /** Options of a {@link SharedInformerFactory}; every one is optional. */
  public static final class Builder {
    private final KubeClient client;
    private String namespace;
    private String labelSelector;
    private String fieldSelector;
    private Duration defaultResync = Duration.ZERO;
    private final Map<ResourceType<?>, Duration> customResync = new LinkedHashMap<>();
    private Clock clock = Clock.system();

    private Builder(KubeClient client) {
      this.client = Objects.requireNonNull(client, "client");
    }

    /** Only this namespace, for namespaced types ({@code WithNamespace}); cluster-scoped types are unaffected. */
    public Builder namespace(String value) {
      this.namespace = Objects.requireNonNull(value, "namespace");
      return this;
    }

    /** Lists and watches only objects matching these selectors ({@code WithTweakListOptions}); null for all. */
    public Builder selectors(String labelSelector, String fieldSelector) {
      this.labelSelector = labelSelector;
      this.fieldSelector = fieldSelector;
      return this;
    }

    /** The resync period of every informer; zero (the default) for none. */
    public Builder defaultResync(Duration value) {
      if (value.isNegative()) {
        throw new IllegalArgumentException("expected a non-negative defaultResync but was " + value);
      }
      this.defaultResync = value;
      return this;
    }

    /** The resync period of one type's informer ({@code WithCustomResyncConfig}). */
    public Builder resync(ResourceType<?> type, Duration value) {
      if (value.isNegative()) {
        throw new IllegalArgumentException("expected a non-negative resync for " + type + " but was " + value);
      }
      customResync.put(Objects.requireNonNull(type, "type"), value);
      return this;
    }

    /** The clock of every informer (backoff, watch timeouts, resync); default {@link Clock#system()}. */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    public SharedInformerFactory build() {
      return new SharedInformerFactory(this);
    }
  }
}
