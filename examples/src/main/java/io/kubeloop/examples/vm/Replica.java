package io.kubeloop.examples.vm;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.Lease;
import io.kubeloop.core.client.KubeClient;
import io.kubeloop.core.clock.Clock;
import io.kubeloop.core.config.ClientConfig;
import io.kubeloop.core.record.EventBroadcaster;
import io.kubeloop.core.record.EventRecorder;
import io.kubeloop.core.record.EventSink;
import io.kubeloop.core.record.EventSource;
import io.kubeloop.examples.embedded.EmbeddedCluster;
import io.kubeloop.examples.metrics.HealthCheck;
import io.kubeloop.examples.metrics.LeaderPrometheus;
import io.kubeloop.examples.metrics.MetricsRegistry;
import io.kubeloop.examples.metrics.OpsServer;
import io.kubeloop.examples.vm.backend.VmBackend;
import io.kubeloop.lease.LeaderCallbacks;
import io.kubeloop.lease.LeaderElectionConfig;
import io.kubeloop.lease.LeaderElector;
import io.kubeloop.lease.LeaderHealthzAdaptor;
import io.kubeloop.lease.LeaseLock;
import io.kubeloop.lease.LeaseTiming;
import io.kubeloop.watch.cache.ResourceEventHandler;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One replica of the VM controller: a client, an event broadcaster, the {@link VmController}, the operations
 * endpoints and, with leader election, a {@link LeaderElector} whose {@code onStartedLeading} runs the workers.
 * What {@code vm-controller} runs once per process, and what {@code demo} and the end-to-end tests run three of
 * in one JVM.
 *
 * <p>Leader election: client-go's recommended controller timing (15 s / 10 s / 2 s), release on cancel (the
 * workers have drained when the elector releases), and watch-driven followers so a released lease is taken at
 * once. One-shot, like client-go's elector: {@link #run} returns when leadership is lost or the context ends.
 * When the context ends, the workers stop and drain before the elector releases the lease ({@code ShutdownOrder}).
 */
public final class Replica implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Replica.class.getName());

  /** How a run ended. */
  public enum Result { STOPPED, LOST_LEADERSHIP }

  private final String identity;
  private final VmControllerCommand.Options options;
  private final KubeClient client;
  private final EventBroadcaster broadcaster;
  private final EventRecorder events;
  private final MetricsRegistry metrics = new MetricsRegistry();
  private final VmController controller;
  private final LeaderHealthzAdaptor healthz = new LeaderHealthzAdaptor(Duration.ofSeconds(20));
  private final LeaseTiming timing;
  private final Clock clock;
  private volatile LeaderElector elector;
  private final AtomicBoolean led = new AtomicBoolean();
  private final ShutdownOrder shutdown = new ShutdownOrder();
  /** Set once by {@link #run}; read by {@link #opsPort()} from any thread. */
  private volatile OpsServer ops;

  public Replica(ClientConfig config, VmBackend backend, VmControllerCommand.Options options, String identity,
      Clock clock, LeaseTiming timing) {
    this.identity = Objects.requireNonNull(identity, "identity");
    this.options = options;
    this.clock = clock;
    this.timing = timing;
    this.client = KubeClient.create(config);
    this.broadcaster = EventBroadcaster.start(EventSink.of(client), clock);
    this.events = broadcaster.newRecorder(EventSource.of(VmController.NAME, identity));
    // Before touching the backend, the leader asks the lease module's guard whether its lease is still certainly
    // valid (without leader election there is nothing to ask).
    this.controller = new VmController(client, backend, events, metrics, clock, options.threads(), options.resync(),
        () -> {
          LeaderElector e = elector;
          return e == null || e.guard().isHeld();
        });
  }

  /** Runs {@code vm-controller}'s process: blocks until the context ends or leadership is lost. */
  static Result run(Context context, ClientConfig config, VmBackend backend, VmControllerCommand.Options o,
      String identity, EmbeddedCluster samplesTo) throws Exception {
    try (Replica replica = new Replica(config, backend, o, identity, Clock.system(), LeaseTiming.defaults())) {
      replica.printPhaseChanges();
      return replica.run(context, () -> {
        if (samplesTo != null) {
          try {
            samplesTo.apply(EmbeddedCluster.resource("samples/vms.yaml"));
            System.out.println("created the sample VMs of examples/deploy/samples/vms.yaml");
          } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot create the sample VMs: " + e.getMessage());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      });
    }
  }

  /** Logs every phase change of every VM, so a terminal shows VMs converging. */
  public void printPhaseChanges() {
    controller.addHandler(new ResourceEventHandler<>() {
      @Override
      public void onUpdate(VirtualMachine oldVm, VirtualMachine newVm) {
        VmPhase before = oldVm.status() == null ? null : oldVm.status().phase();
        VmPhase after = newVm.status() == null ? null : newVm.status().phase();
        if (after != null && after != before) {
          String server = newVm.status().server() == null ? "-" : newVm.status().server().id();
          LOG.log(Level.INFO, "vm " + newVm.key() + " is " + after + " server=" + server
              + (newVm.status().reason() == null ? "" : " reason=\"" + newVm.status().reason() + "\""));
        }
      }

      @Override
      public void onDelete(VirtualMachine vm) {
        LOG.log(Level.INFO, "vm " + vm.key() + " is gone");
      }
    });
  }

  /**
   * Starts the informer and the endpoints, then leads or follows until {@code context} ends or leadership is
   * lost; {@code afterStart} runs once the informer is started.
   */
  public Result run(Context context, Runnable afterStart) throws IOException, InterruptedException {
    controller.startInformer();
    if (!options.metricsAddr().equals("0")) {
      ops = OpsServer.start(options.metricsAddr(), metrics,
          List.of(HealthCheck.of(healthz.name(), healthz::check)),
          List.of(HealthCheck.of("informer-sync", () -> controller.hasSynced()
              ? java.util.Optional.empty() : java.util.Optional.of("virtualmachines informer has not synced yet"))));
    }
    afterStart.run();
    if (!options.leaderElect()) {
      LOG.log(Level.INFO, "leader election off: reconciling identity=" + identity);
      led.set(true);
      controller.runWorkers(context);
      return Result.STOPPED;
    }
    String namespace = options.leaseLockNamespace().isEmpty() ? client.config().namespace() : options.leaseLockNamespace();
    // client-go's LeaseLock.RecordEvent: "<identity> became leader" / "stopped leading" on the Lease itself, so
    // kubectl describe lease tells the handover story.
    java.util.concurrent.atomic.AtomicReference<LeaseLock> lockRef = new java.util.concurrent.atomic.AtomicReference<>();
    LeaseLock lock = LeaseLock.builder(client.resource(Lease.TYPE), namespace, options.leaseLockName(), identity)
        .requestTimeout(timing.renewDeadline().dividedBy(2))
        .clock(clock)
        .events(message -> lockRef.get().cachedLease().ifPresent(
            lease -> events.event(lease, EventRecorder.NORMAL, "LeaderElection", message)))
        .build();
    lockRef.set(lock);
    LeaderElectionConfig config = LeaderElectionConfig.builder()
        .lock(lock)
        .timing(timing)
        .releaseOnCancel(true)
        .watchFollowers(true)
        .clock(clock)
        .metrics(new LeaderPrometheus(metrics))
        .callbacks(LeaderCallbacks.of(
            leading -> {
              Context workers = shutdown.workersStarting(leading);
              if (workers == null) {
                return;   // stopping already: lead no further
              }
              led.set(true);
              LOG.log(Level.INFO, "started leading lease=" + namespace + "/" + options.leaseLockName() + " identity=" + identity);
              try {
                controller.runWorkers(workers);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                shutdown.workersDrained();
              }
            },
            () -> LOG.log(Level.INFO, "stopped leading identity=" + identity))
            .withOnNewLeader(holder -> {
              if (!holder.equals(identity) && !holder.isEmpty()) {
                LOG.log(Level.INFO, "new leader elected: " + holder + " (this replica: " + identity + ")");
              }
            }))
        .build();
    LOG.log(Level.INFO, "waiting to lead lease=" + namespace + "/" + options.leaseLockName() + " identity=" + identity);
    LeaderElector e = LeaderElector.create(config);
    elector = e;
    healthz.setLeaderElection(e);
    Context.Registration stop = context.onCancel(shutdown::stop);
    try {
      e.run(shutdown.electorContext);
    } finally {
      stop.remove();
    }
    // The leader's context is cancelled before run returns; stop the workers for good before we report.
    controller.close();
    return context.isCancelled() ? Result.STOPPED : Result.LOST_LEADERSHIP;
  }

  public String identity() {
    return identity;
  }

  /** Whether this replica currently leads (always true without leader election once running). */
  public boolean isLeader() {
    LeaderElector e = elector;
    return e != null ? e.isLeader() : led.get();
  }

  /** Whether this replica ever ran the workers. */
  public boolean hasLed() {
    return led.get();
  }

  /** The port of the endpoints, or -1 when off or not started. */
  public int opsPort() {
    OpsServer o = ops;
    return o == null ? -1 : o.port();
  }

  public MetricsRegistry metrics() {
    return metrics;
  }

  @Override
  public void close() {
    controller.close();
    if (ops != null) {
      ops.close();
    }
    try {
      broadcaster.flush(Duration.ofSeconds(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    broadcaster.close();
    client.close();
  }

  /**
   * Stop reconciling before releasing the lease. client-go's leader-election example: "you MUST ensure that any code
   * you have that is protected by the lease must terminate before you call cancel. Otherwise, you could have a
   * background loop still running and another process could get elected before your background loop finished".
   * The elector releases the lease as soon as its context ends, while the leader's code may still be running; so
   * the elector gets a context of its own, and when the run's context ends the workers are stopped and drained
   * first (the elector keeps renewing meanwhile), and only then is the elector's context cancelled. A follower's
   * elector is cancelled at once. Leadership lost the other way (a failed renew) ends the workers through the
   * leader's context as before.
   */
  private static final class ShutdownOrder {
    final Context electorContext = Context.background().withCancel();
    private final Object lock = new Object();
    /** Guarded by {@code lock}. */
    private boolean stopping;
    /** The workers' context while they run; guarded by {@code lock}. */
    private Context workers;

    /** The run's context ended. */
    void stop() {
      Context running;
      synchronized (lock) {
        stopping = true;
        running = workers;
      }
      if (running != null) {
        running.cancel();   // workersDrained() cancels the elector
      } else {
        electorContext.cancel();
      }
    }

    /** The workers' context, or null when stopping already (the elector is then cancelled). */
    Context workersStarting(Context leading) {
      synchronized (lock) {
        if (!stopping) {
          workers = leading.withCancel();
          return workers;
        }
      }
      electorContext.cancel();
      return null;
    }

    void workersDrained() {
      boolean stop;
      synchronized (lock) {
        workers = null;
        stop = stopping;
      }
      if (stop) {
        electorContext.cancel();
      }
    }
  }
}
