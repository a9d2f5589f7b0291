package io.kubeloop.examples.vm;

import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.api.ObjectKey;
import io.kubeloop.core.client.ResourceClient;
import io.kubeloop.core.clock.Clock;
import io.kubeloop.core.record.EventRecorder;
import io.kubeloop.examples.vm.backend.BackendException;
import io.kubeloop.examples.vm.backend.Server;
import io.kubeloop.examples.vm.backend.ServerRequest;
import io.kubeloop.examples.vm.backend.VmBackend;
import io.kubeloop.watch.cache.Lister;
import io.kubeloop.watch.controller.Reconciler;
import io.kubeloop.watch.controller.Result;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The VirtualMachine controller's logic: sample-controller's {@code syncHandler} ({@code controller.go}) for
 * {@link VirtualMachine}s, with a finalizer and an external backend instead of owned Deployments.
 *
 * <p>For one key, reading the VM from the informer's cache:
 *
 * <ol>
 *   <li>Gone from the cache: nothing to do. (The finalizer guarantees its server was deleted first.)
 *   <li>Being deleted ({@code deletionTimestamp} set) and still carrying our finalizer: phase Terminating, delete
 *       the server, and only when the backend confirms, remove the finalizer. Never the other way round.
 *   <li>Otherwise: add the finalizer first (so no server can exist for a VM that can vanish without us), then
 *       find the server (by {@code status.server.id}, else by the VM's uid: creation is idempotent, so a crash, a
 *       stale cache or a new leader never makes a second server), create it if there is none, and write the
 *       status: Creating while the backend provisions (looked at again in {@link #PROVISIONING_POLL}), then
 *       Active. A server that vanished is replaced, with a warning event.
 *   <li>Usage is refreshed when the status is older than the refresh interval (the resync period), so the
 *       status write of a refresh does not itself cause another refresh; with resync off (zero) it is read once.
 * </ol>
 *
 * <p>Errors: a backend failure writes phase Failed with the backend's message as {@code reason}, records a
 * Warning event, and returns {@link Result#requeue()} (rate-limited backoff). The same failure again writes
 * nothing: every status write is an update event, which queues the key at once, past the rate limiter, so a
 * write per attempt would turn the backoff into a loop of writes. A 409 Conflict means the cache was
 * stale; the key is requeued rate-limited and the next attempt reads the newer object. Other API errors are
 * thrown, which the controller also requeues rate-limited and logs.
 *
 * <p>Leadership: before each backend create or delete the reconciler asks {@code mayAct} (the lease module's
 * {@code LeaseGuard}); a replica whose lease is no longer certainly valid changes nothing outside the cluster and
 * requeues.
 *
 * <p>Writes: the finalizer through {@code update} and the status through {@code updateStatus}, both carrying the
 * resourceVersion that was read (optimistic concurrency). Stateless and thread-safe: the controller calls it
 * from several workers, never for the same key at once.
 */
public final class VmReconciler implements Reconciler<ObjectKey> {
  private static final System.Logger LOG = System.getLogger(VmReconciler.class.getName());

  /** How soon a VM whose server is still Creating is looked at again. */
  public static final Duration PROVISIONING_POLL = Duration.ofSeconds(1);

  // Event reasons, as kubectl describe vm shows them.
  public static final String SERVER_CREATED = "ServerCreated";
  public static final String SERVER_DELETED = "ServerDeleted";
  public static final String SERVER_FAILED = "ServerFailed";
  public static final String SERVER_VANISHED = "ServerVanished";
  public static final String SERVER_ADOPTED = "ServerAdopted";

  private final Lister<VirtualMachine> lister;
  private final ResourceClient<VirtualMachine> vms;
  private final VmBackend backend;
  private final EventRecorder events;
  private final Clock clock;
  private final Duration usageRefresh;
  private final java.util.function.BooleanSupplier mayAct;

  /**
   * @param lister the informer's cache of VMs
   * @param vms writes go here (any namespace)
   * @param usageRefresh refresh usage when the status is at least this old; the resync period
   */
  public VmReconciler(Lister<VirtualMachine> lister, ResourceClient<VirtualMachine> vms, VmBackend backend,
      EventRecorder events, Clock clock, Duration usageRefresh) {
    this(lister, vms, backend, events, clock, usageRefresh, () -> true);
  }

  /**
   * @param mayAct asked before each backend create or delete; false (the lease is no longer certainly ours)
   *     skips the call and requeues. Replicas pass the lease module's {@code LeaseGuard::isHeld}.
   */
  public VmReconciler(Lister<VirtualMachine> lister, ResourceClient<VirtualMachine> vms, VmBackend backend,
      EventRecorder events, Clock clock, Duration usageRefresh, java.util.function.BooleanSupplier mayAct) {
    this.mayAct = Objects.requireNonNull(mayAct, "mayAct");
    this.lister = Objects.requireNonNull(lister, "lister");
    this.vms = Objects.requireNonNull(vms, "vms");
    this.backend = Objects.requireNonNull(backend, "backend");
    this.events = Objects.requireNonNull(events, "events");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.usageRefresh = Objects.requireNonNull(usageRefresh, "usageRefresh");
  }

  @Override
  public Result reconcile(ObjectKey key) throws Exception {
    Optional<VirtualMachine> cached = lister.get(key);
    if (cached.isEmpty()) {
      LOG.log(Level.DEBUG, () -> "virtual machine no longer exists key=" + key);
      return Result.done();
    }
    VirtualMachine vm = cached.get();
    try {
      if (vm.metadata().isDeleting()) {
        return finalize(vm);
      }
      return ensureServer(vm);
    } catch (ApiException e) {
      if (e.isConflict()) {
        LOG.log(Level.DEBUG, () -> "stale cache, retrying key=" + key + ": " + e.getMessage());
        return Result.requeue();
      }
      if (e.isNotFound()) {
        return Result.done();   // deleted while we worked; the next event tells us if anything is left
      }
      throw e;
    }
  }

  /* 2. Deletion: Terminating -> delete the server -> remove the finalizer. */
  private Result finalize(VirtualMachine vm) throws IOException, ApiException, InterruptedException {
    if (!vm.metadata().hasFinalizer(VirtualMachine.FINALIZER)) {
      return Result.done();
    }
    VirtualMachineStatus status = current(vm);
    if (status.phase() != VmPhase.Terminating) {
      vm = writeStatus(vm, status.withPhase(VmPhase.Terminating, "deleting server"));
      status = current(vm);
    }
    try {
      Optional<Server> server = findServer(vm, status);
      if (server.isPresent()) {
        if (!mayAct.getAsBoolean()) {
          return notLeading(vm);
        }
        backend.delete(server.get().id());
        events.event(vm, EventRecorder.NORMAL, SERVER_DELETED, "Deleted server " + server.get().id());
        LOG.log(Level.INFO, "deleted server vm=" + vm.key() + " server=" + server.get().id());
      }
    } catch (BackendException e) {
      events.event(vm, EventRecorder.WARNING, SERVER_FAILED, "Cannot delete server: " + e.getMessage());
      String reason = "delete failed: " + e.getMessage();
      if (!Objects.equals(status.reason(), reason)) {   // a repeated failure writes nothing (see class javadoc)
        writeStatus(vm, status.withPhase(VmPhase.Terminating, reason));
      }
      return Result.requeue();
    }
    // Only now that the backend confirmed the server is gone may the VM go.
    vms.update(vm.withMetadata(vm.metadata().withoutFinalizer(VirtualMachine.FINALIZER)));
    LOG.log(Level.INFO, "removed finalizer vm=" + vm.key());
    return Result.done();
  }

  /* 3. Finalizer, then exactly one server, then the status. */
  private Result ensureServer(VirtualMachine vm) throws IOException, ApiException, InterruptedException {
    if (!vm.metadata().hasFinalizer(VirtualMachine.FINALIZER)) {
      vm = vms.update(vm.withMetadata(vm.metadata().withFinalizer(VirtualMachine.FINALIZER)));
    }
    VirtualMachineStatus status = current(vm);
    Server server;
    try {
      Optional<Server> found = findServer(vm, status);
      if (found.isPresent()) {
        server = found.get();
      } else {
        if (status.server() != null && status.server().id() != null) {
          events.event(vm, EventRecorder.WARNING, SERVER_VANISHED,
              "Server " + status.server().id() + " no longer exists; creating a new one");
        }
        // Failed stays Failed until a create succeeds: writing Creating before each retry, and Failed again after
        // it, would be two update events per attempt, each queueing the key at once past the rate limiter.
        if (status.phase() != VmPhase.Creating && status.phase() != VmPhase.Failed) {
          vm = writeStatus(vm, status.withPhase(VmPhase.Creating, "creating server").withServer(null));
          status = current(vm);
        }
        if (!mayAct.getAsBoolean()) {
          return notLeading(vm);
        }
        server = backend.create(request(vm));
        events.event(vm, EventRecorder.NORMAL, SERVER_CREATED, "Created server " + server.id());
        LOG.log(Level.INFO, "created server vm=" + vm.key() + " server=" + server.id());
      }
    } catch (BackendException e) {
      String reason = e.getMessage();
      if (status.phase() != VmPhase.Failed || !Objects.equals(status.reason(), reason)) {
        events.event(vm, EventRecorder.WARNING, SERVER_FAILED, reason);
        writeStatus(vm, status.withPhase(VmPhase.Failed, reason));
      }
      LOG.log(Level.INFO, "backend failed, will retry vm=" + vm.key() + ": " + reason);
      return Result.requeue();
    }

    boolean running = server.isRunning();
    ServerUsage usage = status.server() == null ? null : status.server().usage();
    Instant now = clock.instant();
    // A zero refresh interval is resync off: usage is read once. (Refreshing on every reconcile would write new
    // usage, whose update event reconciles again, for ever.)
    boolean refresh = usage == null || !usageRefresh.isZero() && (status.lastUpdateTime() == null
        || !status.lastUpdateTime().plus(usageRefresh).isAfter(now));
    if (running && refresh) {
      usage = ServerUsage.of(server.usedCpu(), server.usedMemory());
    }
    VirtualMachineStatus desired = status
        .withPhase(running ? VmPhase.Active : VmPhase.Creating, running ? null : "server is being provisioned")
        .withServer(ServerStatus.of(server.id(), server.state(), running ? usage : null));
    if (!desired.sameAs(status)) {
      writeStatus(vm, desired);
    }
    return running ? Result.done() : Result.requeueAfter(PROVISIONING_POLL);
  }

  private static Result notLeading(VirtualMachine vm) {
    LOG.log(Level.INFO, "lease not certainly held, not touching the backend vm=" + vm.key());
    return Result.requeue();
  }

  /** The server recorded in the status, else the one the backend has for this VM's uid. */
  private Optional<Server> findServer(VirtualMachine vm, VirtualMachineStatus status)
      throws BackendException, InterruptedException {
    if (status.server() != null && status.server().id() != null) {
      Optional<Server> byId = backend.status(status.server().id());
      if (byId.isPresent()) {
        return byId;
      }
    }
    Optional<Server> byUid = backend.exists(vm.metadata().uid());
    if (byUid.isPresent() && (status.server() == null || !byUid.get().id().equals(status.server().id()))) {
      LOG.log(Level.DEBUG, () -> "found server by VM uid vm=" + vm.key() + " server=" + byUid.get().id());
    }
    return byUid;
  }

  private static ServerRequest request(VirtualMachine vm) {
    VmResources r = vm.spec() == null || vm.spec().resource() == null
        ? new VmResources(null, null, null, null) : vm.spec().resource();
    return new ServerRequest(vm.metadata().uid(), vm.key().toString(), r.cpu(), r.memory(), r.rootDisk());
  }

  private static VirtualMachineStatus current(VirtualMachine vm) {
    return vm.status() != null ? vm.status() : VirtualMachineStatus.of(null, null, null, null);
  }

  private VirtualMachine writeStatus(VirtualMachine vm, VirtualMachineStatus status) throws IOException, ApiException {
    return vms.updateStatus(vm.withStatus(status.withLastUpdateTime(clock.instant())));
  }
}
