package io.kubeloop.examples.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.core.api.ObjectKey;
import io.kubeloop.core.api.ObjectMeta;
import io.kubeloop.core.record.EventRecorder;
import io.kubeloop.examples.vm.backend.BackendException;
import io.kubeloop.examples.vm.backend.InMemoryVmBackend;
import io.kubeloop.examples.vm.backend.Server;
import io.kubeloop.examples.vm.backend.ServerRequest;
import io.kubeloop.examples.vm.backend.VmBackend;
import io.kubeloop.testing.FakeClock;
import io.kubeloop.watch.controller.Result;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * sample-controller's fixture style: seed the cache and the fake API, call reconcile once, then compare the
 * recorded writes (API, backend and events in one ordered log) with what is expected.
 */
class VmReconcilerTest {
  private static final ObjectKey KEY = ObjectKey.of("default", "vm1");

  private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final List<String> actions = new ArrayList<>();
  private final List<String> events = new ArrayList<>();
  private final FakeVmClient api = new FakeVmClient(actions);
  private final InMemoryVmBackend memory = new InMemoryVmBackend(clock, InMemoryVmBackend.Options.instant());
  /** Creates still to fail (a quota the backend keeps refusing, say), while every other call works. */
  private int createFailures;
  private final VmBackend backend = new VmBackend() {
    @Override
    public Optional<Server> exists(String vmUid) throws BackendException, InterruptedException {
      return memory.exists(vmUid);
    }

    @Override
    public Server create(ServerRequest request) throws BackendException, InterruptedException {
      if (createFailures > 0) {
        createFailures--;
        actions.add("backend create failed");
        throw new BackendException("quota exceeded");
      }
      Server s = memory.create(request);
      actions.add("backend create " + s.id());
      return s;
    }

    @Override
    public void delete(String serverId) throws BackendException, InterruptedException {
      memory.delete(serverId);
      actions.add("backend delete " + serverId);
    }

    @Override
    public Optional<Server> status(String serverId) throws BackendException, InterruptedException {
      return memory.status(serverId);
    }
  };
  private final EventRecorder recorder = (object, type, reason, message) ->
      events.add(type + " " + reason + " " + message);
  private final VmReconciler reconciler = new VmReconciler(api.lister(), api, backend, recorder, clock,
      Duration.ofMinutes(1));

  private static VirtualMachine vm(String... finalizers) {
    return VirtualMachine.of(ObjectMeta.of("default", "vm1").withFinalizers(List.of(finalizers)),
        VirtualMachineSpec.of(VmResources.of("2", "4Gi", "40Gi")));
  }

  private VirtualMachine deleting(VirtualMachine vm) {
    ObjectMeta m = api.get(vm.key()).metadata();
    return api.seed(api.get(vm.key()).withMetadata(new ObjectMeta(m.name(), null, m.namespace(), m.uid(),
        m.resourceVersion(), m.generation(), null, clock.instant(), 0L, null, null, m.finalizers(), null, null, null)));
  }

  @Test
  void aNewVmGetsTheFinalizerThenOneServerThenActive() throws Exception {
    api.seed(vm());
    assertEquals(Result.done(), reconciler.reconcile(KEY));
    assertEquals(List.of(
        "update default/vm1 finalizers=[cloudnative.czs/server]",
        "updateStatus default/vm1 phase=Creating reason=creating server",
        "backend create srv-000001",
        "updateStatus default/vm1 phase=Active server=srv-000001"), actions);
    assertEquals(List.of("Normal ServerCreated Created server srv-000001"), events);
    VirtualMachineStatus s = api.get(KEY).status();
    assertEquals(Server.RUNNING, s.server().state());
    assertNotNull(s.server().usage().cpu());
    assertEquals(clock.instant(), s.lastUpdateTime());
  }

  @Test
  void aSecondReconcileChangesNothing() throws Exception {
    api.seed(vm());
    reconciler.reconcile(KEY);
    actions.clear();
    assertEquals(Result.done(), reconciler.reconcile(KEY));
    assertEquals(List.of(), actions);
    assertEquals(1, memory.created());
  }

  @Test
  void aServerStillProvisioningIsCreatingAndPolled() throws Exception {
    memory.setOptions(InMemoryVmBackend.Options.instant().withProvisioningTime(Duration.ofSeconds(3)));
    api.seed(vm());
    assertEquals(Result.requeueAfter(VmReconciler.PROVISIONING_POLL), reconciler.reconcile(KEY));
    assertEquals(VmPhase.Creating, api.get(KEY).status().phase());
    assertEquals("srv-000001", api.get(KEY).status().server().id());
    clock.step(Duration.ofSeconds(3));
    assertEquals(Result.done(), reconciler.reconcile(KEY));
    assertEquals(VmPhase.Active, api.get(KEY).status().phase());
    assertEquals(1, memory.created());
  }

  @Test
  void aBackendFailureShowsFailedWithTheReasonAndRequeuesRateLimitedThenRecovers() throws Exception {
    api.seed(vm(VirtualMachine.FINALIZER));
    memory.failNext(1);
    assertEquals(Result.requeue(), reconciler.reconcile(KEY));
    VirtualMachineStatus failed = api.get(KEY).status();
    assertEquals(VmPhase.Failed, failed.phase());
    assertEquals("backend unavailable: exists uid-vm1 failed (injected)", failed.reason());
    assertEquals(List.of("Warning ServerFailed backend unavailable: exists uid-vm1 failed (injected)"), events);

    assertEquals(Result.done(), reconciler.reconcile(KEY));
    assertEquals(VmPhase.Active, api.get(KEY).status().phase());
    assertEquals(null, api.get(KEY).status().reason());
    assertEquals(1, memory.created());
  }

  @Test
  void deletionDeletesTheServerBeforeRemovingTheFinalizer() throws Exception {
    api.seed(vm());
    reconciler.reconcile(KEY);
    deleting(api.get(KEY));
    actions.clear();
    events.clear();
    assertEquals(Result.done(), reconciler.reconcile(KEY));
    assertEquals(List.of(
        "updateStatus default/vm1 phase=Terminating server=srv-000001 reason=deleting server",
        "backend delete srv-000001",
        "update default/vm1 finalizers=[] (deleted)"), actions);
    assertEquals(List.of("Normal ServerDeleted Deleted server srv-000001"), events);
    assertTrue(memory.servers().isEmpty());
  }

  @Test
  void aFailedDeleteKeepsTheFinalizer() throws Exception {
    api.seed(vm());
    reconciler.reconcile(KEY);
    deleting(api.get(KEY));
    actions.clear();
    memory.setOptions(InMemoryVmBackend.Options.instant().withFailureRate(1));
    assertEquals(Result.requeue(), reconciler.reconcile(KEY));
    assertTrue(api.get(KEY).metadata().hasFinalizer(VirtualMachine.FINALIZER));
    assertEquals(VmPhase.Terminating, api.get(KEY).status().phase());
    assertTrue(api.get(KEY).status().reason().startsWith("delete failed: backend unavailable"));
    assertEquals(1, memory.servers().size());
  }

  @Test
  void aVanishedServerIsReplacedWithAWarning() throws Exception {
    api.seed(vm());
    reconciler.reconcile(KEY);
    memory.vanish("srv-000001");
    events.clear();
    assertEquals(Result.done(), reconciler.reconcile(KEY));
    assertEquals("srv-000002", api.get(KEY).status().server().id());
    assertEquals(VmPhase.Active, api.get(KEY).status().phase());
    assertEquals(List.of("Warning ServerVanished Server srv-000001 no longer exists; creating a new one",
        "Normal ServerCreated Created server srv-000002"), events);
    assertEquals(1, memory.servers().size());
  }

  @Test
  void aStaleCacheNeverMakesASecondServer() throws Exception {
    api.seed(vm());
    api.stale(KEY);   // the cache still shows the VM without finalizer and status
    reconciler.reconcile(KEY);
    assertEquals(1, memory.created());
    // The next reconcile sees the old object: its finalizer update conflicts, it requeues, nothing is created.
    assertEquals(Result.requeue(), reconciler.reconcile(KEY));
    assertEquals(1, memory.created());
  }

  @Test
  void aStatusWithoutServerIdAdoptsTheServerFoundByUid() throws Exception {
    api.seed(vm());
    reconciler.reconcile(KEY);
    VirtualMachine v = api.get(KEY);
    api.seed(v.withStatus(null));   // as if the status write was lost in a crash
    actions.clear();
    assertEquals(Result.done(), reconciler.reconcile(KEY));
    assertEquals(List.of("updateStatus default/vm1 phase=Active server=srv-000001"), actions);
    assertEquals(1, memory.created());
  }

  @Test
  void aConflictRequeues() throws Exception {
    api.seed(vm());
    api.conflictsToInject = 1;
    assertEquals(Result.requeue(), reconciler.reconcile(KEY));
    assertEquals(0, memory.created());
  }

  @Test
  void usageIsRefreshedOnlyAfterTheResyncPeriod() throws Exception {
    api.seed(vm());
    reconciler.reconcile(KEY);
    ServerUsage first = api.get(KEY).status().server().usage();
    clock.step(Duration.ofSeconds(30));
    reconciler.reconcile(KEY);
    assertEquals(first, api.get(KEY).status().server().usage());
    clock.step(Duration.ofSeconds(30));
    reconciler.reconcile(KEY);
    assertNotEquals(first, api.get(KEY).status().server().usage());
    assertEquals(clock.instant(), api.get(KEY).status().lastUpdateTime());
  }

  @Test
  void withoutTheLeaseTheBackendIsNotTouched() throws Exception {
    VmReconciler notLeading = new VmReconciler(api.lister(), api, backend, recorder, clock, Duration.ofMinutes(1),
        () -> false);
    api.seed(vm());
    assertEquals(Result.requeue(), notLeading.reconcile(KEY));
    assertEquals(0, memory.created());
    reconciler.reconcile(KEY);
    deleting(api.get(KEY));
    assertEquals(Result.requeue(), notLeading.reconcile(KEY));
    assertEquals(1, memory.servers().size());
    assertTrue(api.get(KEY).metadata().hasFinalizer(VirtualMachine.FINALIZER), "finalizer kept");
  }

  @Test
  void aVmGoneFromTheCacheIsDone() throws Exception {
    assertEquals(Result.done(), reconciler.reconcile(KEY));
    assertEquals(List.of(), actions);
  }

  /* Every status write is an update event, and an update event queues the key at once (queue.add), past the rate
   * limiter: a reconcile that writes the same failure again on every attempt turns the rate-limited requeue into a
   * hot loop of writes against the API server. A repeated failure must write nothing. */
  @Test
  void aCreateThatKeepsFailingWritesTheFailureOnceNotOnEveryRetry() throws Exception {
    api.seed(vm(VirtualMachine.FINALIZER));
    createFailures = 3;
    assertEquals(Result.requeue(), reconciler.reconcile(KEY));
    assertEquals(VmPhase.Failed, api.get(KEY).status().phase());
    assertEquals("quota exceeded", api.get(KEY).status().reason());
    actions.clear();
    assertEquals(Result.requeue(), reconciler.reconcile(KEY));
    assertEquals(Result.requeue(), reconciler.reconcile(KEY));
    assertEquals(List.of("backend create failed", "backend create failed"), actions);
    assertEquals(Result.done(), reconciler.reconcile(KEY));
    assertEquals(VmPhase.Active, api.get(KEY).status().phase());
    assertEquals(null, api.get(KEY).status().reason());
    assertEquals(1, memory.created());
  }

  @Test
  void aDeleteThatKeepsFailingWritesTheFailureOnceNotOnEveryRetry() throws Exception {
    api.seed(vm());
    reconciler.reconcile(KEY);
    deleting(api.get(KEY));
    memory.setOptions(InMemoryVmBackend.Options.instant().withFailureRate(1));
    assertEquals(Result.requeue(), reconciler.reconcile(KEY));
    actions.clear();
    clock.step(Duration.ofSeconds(5));
    assertEquals(Result.requeue(), reconciler.reconcile(KEY));
    assertEquals(Result.requeue(), reconciler.reconcile(KEY));
    assertEquals(List.of(), actions);
    assertTrue(api.get(KEY).metadata().hasFinalizer(VirtualMachine.FINALIZER));
  }

  /* --resync=0 turns resync off; it must not turn "refresh usage when the status is this old" into "on every
   * reconcile", which writes new usage, whose update event reconciles again: a write loop. */
  @Test
  void withResyncOffUsageIsNotRewrittenOnEveryReconcile() throws Exception {
    VmReconciler noResync = new VmReconciler(api.lister(), api, backend, recorder, clock, Duration.ZERO);
    api.seed(vm());
    noResync.reconcile(KEY);
    assertNotNull(api.get(KEY).status().server().usage());
    actions.clear();
    clock.step(Duration.ofSeconds(1));
    assertEquals(Result.done(), noResync.reconcile(KEY));
    assertEquals(List.of(), actions);
  }
}
