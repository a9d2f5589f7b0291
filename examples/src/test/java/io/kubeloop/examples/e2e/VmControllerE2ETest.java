package io.kubeloop.examples.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.api.ObjectMeta;
import io.kubeloop.core.client.KubeClient;
import io.kubeloop.core.client.ListOptions;
import io.kubeloop.core.client.ResourceClient;
import io.kubeloop.core.clock.Clock;
import io.kubeloop.core.record.Event;
import io.kubeloop.examples.embedded.EmbeddedCluster;
import io.kubeloop.examples.vm.Replica;
import io.kubeloop.examples.vm.VirtualMachine;
import io.kubeloop.examples.vm.VirtualMachineSpec;
import io.kubeloop.examples.vm.VmControllerCommand;
import io.kubeloop.examples.vm.VmPhase;
import io.kubeloop.examples.vm.VmResources;
import io.kubeloop.examples.vm.backend.BackendException;
import io.kubeloop.examples.vm.backend.InMemoryVmBackend;
import io.kubeloop.examples.vm.backend.Server;
import io.kubeloop.examples.vm.backend.ServerRequest;
import io.kubeloop.examples.vm.backend.VmBackend;
import io.kubeloop.lease.LeaseTiming;
import io.kubeloop.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The VM controller end to end: real replicas (client, informer, workqueue, workers, leader election, events)
 * against the embedded API server over HTTP, with the in-memory backend.
 */
class VmControllerE2ETest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final LeaseTiming FAST = new LeaseTiming(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(500));

  @TempDir
  Path dir;
  private EmbeddedCluster cluster;
  private KubeClient client;
  private ResourceClient<VirtualMachine> vms;
  private final InMemoryVmBackend memory = new InMemoryVmBackend(Clock.system(),
      InMemoryVmBackend.Options.instant().withLatency(Duration.ofMillis(5)));
  /** What the backend saw, in order: "create <vm>", "delete <server> while <vm> had finalizer=<bool>". */
  private final List<String> backendLog = new CopyOnWriteArrayList<>();
  private final List<Running> replicas = new ArrayList<>();
  /** When set, a create waits for it to open, after counting down {@link #createEntered}. */
  private volatile java.util.concurrent.CountDownLatch createGate;
  private final java.util.concurrent.CountDownLatch createEntered = new java.util.concurrent.CountDownLatch(1);

  private final VmBackend backend = new VmBackend() {
    @Override
    public Optional<Server> exists(String vmUid) throws BackendException, InterruptedException {
      return memory.exists(vmUid);
    }

    @Override
    public Server create(ServerRequest request) throws BackendException, InterruptedException {
      java.util.concurrent.CountDownLatch gate = createGate;
      if (gate != null) {
        createEntered.countDown();
        gate.await();
      }
      Server s = memory.create(request);
      backendLog.add("create " + request.vmName());
      return s;
    }

    @Override
    public void delete(String serverId) throws BackendException, InterruptedException {
      String vm = memory.servers().stream().filter(s -> s.id().equals(serverId)).map(Server::vmName).findFirst().orElse("?");
      boolean finalizer;
      try {
        finalizer = vms.get(vm.substring(vm.indexOf('/') + 1)).metadata().hasFinalizer(VirtualMachine.FINALIZER);
      } catch (Exception e) {
        finalizer = false;
      }
      memory.delete(serverId);
      backendLog.add("delete " + serverId + " while " + vm + " had finalizer=" + finalizer);
    }

    @Override
    public Optional<Server> status(String serverId) throws BackendException, InterruptedException {
      return memory.status(serverId);
    }
  };

  /** A replica on its own thread, stoppable like a process. */
  private final class Running {
    final Replica replica;
    final Context context = Context.background().withCancel();
    final Thread thread;

    Running(String identity, boolean leaderElect) {
      VmControllerCommand.Options o = new VmControllerCommand.Options("", 2, leaderElect, identity, "kubeloop-vm",
          "default", Duration.ofSeconds(30), "127.0.0.1:0", Duration.ZERO, 0, Duration.ZERO, "", false, "");
      replica = new Replica(cluster.clientConfig(), backend, o, identity, Clock.system(), FAST);
      thread = new Thread(() -> {
        try {
          replica.run(context, () -> {});
        } catch (Exception e) {
          throw new AssertionError(e);
        } finally {
          replica.close();
        }
      }, "test-" + identity);
      thread.start();
    }

    void stop() throws InterruptedException {
      context.cancel();
      thread.join(15_000);
      assertTrue(!thread.isAlive(), replica.identity() + " stopped");
    }
  }

  @BeforeEach
  void start() throws Exception {
    cluster = EmbeddedCluster.start(0, false, dir.resolve("kubeconfig"), true);
    client = KubeClient.create(cluster.clientConfig());
    vms = client.resource(VirtualMachine.TYPE).inNamespace("default");
  }

  @AfterEach
  void stop() throws Exception {
    for (Running r : replicas) {
      r.stop();
    }
    client.close();
    cluster.close();
  }

  private Running replica(String identity, boolean leaderElect) {
    Running r = new Running(identity, leaderElect);
    replicas.add(r);
    return r;
  }

  private static VirtualMachine vm(String name) {
    return VirtualMachine.of(ObjectMeta.of("default", name), VirtualMachineSpec.of(VmResources.of("1", "1Gi", "10Gi")));
  }

  private VmPhase phase(String name) {
    try {
      VirtualMachine v = vms.get(name);
      return v.status() == null ? null : v.status().phase();
    } catch (Exception e) {
      return null;
    }
  }

  private boolean gone(String name) {
    try {
      vms.get(name);
      return false;
    } catch (ApiException e) {
      return e.isNotFound();
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void aVmGoesActiveWithExactlyOneServerAndEventsTellTheStory() throws Exception {
    replica("solo", false);
    vms.create(vm("web"));
    Await.until("web is Active", TIMEOUT, () -> phase("web") == VmPhase.Active);
    VirtualMachine web = vms.get("web");
    assertTrue(web.metadata().hasFinalizer(VirtualMachine.FINALIZER));
    assertEquals(1, memory.servers().size());
    assertEquals(web.status().server().id(), memory.servers().get(0).id());
    assertEquals(web.metadata().uid(), memory.servers().get(0).vmUid());
    assertEquals(List.of("create default/web"), backendLog);
    Await.until("a ServerCreated event", TIMEOUT, () -> events("web").contains("Normal ServerCreated Created server " + web.status().server().id()));
  }

  @Test
  void metricsHealthAndReadinessAreServed() throws Exception {
    Running solo = replica("solo", true);
    vms.create(vm("m"));
    Await.until("m is Active", TIMEOUT, () -> phase("m") == VmPhase.Active);
    Await.until("endpoints up", TIMEOUT, () -> solo.replica.opsPort() > 0);
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + solo.replica.opsPort();
    String metrics = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/metrics")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    for (String line : List.of(
        "informer_synced{resource=\"virtualmachines.cloudnative.czs\"} 1",
        "leader_election_master_status{name=\"default/kubeloop-vm\"} 1",
        "controller_runtime_reconcile_total{controller=\"vm-controller\",result=\"success\"}",
        "workqueue_adds_total{name=\"virtualmachines\"}",
        "workqueue_work_duration_seconds_count{name=\"virtualmachines\"}")) {
      assertTrue(metrics.contains(line), "expected " + line + " in\n" + metrics);
    }
    for (String path : List.of("/healthz", "/readyz")) {
      java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create(base + path)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), path + ": " + r.body());
    }
  }

  private List<String> events(String vmName) {
    try {
      return client.resource(Event.TYPE).inNamespace("default")
          .list(ListOptions.defaults().withFieldSelector("involvedObject.name=" + vmName)).items().stream()
          .map(e -> e.type() + " " + e.reason() + " " + e.message()).toList();
    } catch (Exception e) {
      return List.of();
    }
  }

  @Test
  void deletingAVmDeletesTheServerBeforeTheFinalizerIsRemoved() throws Exception {
    replica("solo", false);
    vms.create(vm("db"));
    Await.until("db is Active", TIMEOUT, () -> phase("db") == VmPhase.Active);
    String server = vms.get("db").status().server().id();
    vms.delete("db");
    Await.until("db is gone", TIMEOUT, () -> gone("db"));
    assertEquals(List.of("create default/db", "delete " + server + " while default/db had finalizer=true"), backendLog);
    assertTrue(memory.servers().isEmpty());
  }

  @Test
  void aBackendFailureShowsFailedAndRecovers() throws Exception {
    Set<VmPhase> seen = ConcurrentHashMap.newKeySet();
    memory.failNext(4);
    replica("solo", false);
    vms.create(vm("flaky"));
    Await.until("flaky is Failed then Active", TIMEOUT, () -> {
      VmPhase p = phase("flaky");
      if (p != null) {
        seen.add(p);
      }
      return p == VmPhase.Active;
    });
    assertTrue(seen.contains(VmPhase.Failed), "saw " + seen);
    assertTrue(events("flaky").stream().anyMatch(e -> e.startsWith("Warning ServerFailed backend unavailable")), events("flaky").toString());
    assertEquals(1, memory.servers().size());
    assertEquals(null, vms.get("flaky").status().reason());
  }

  @Test
  void threeReplicasProcessEveryVmExactlyOnceWhileTheLeaderIsStoppedAndRestarted() throws Exception {
    for (int i = 1; i <= 3; i++) {
      replica("replica-" + i, true);
    }
    Await.until("a leader", TIMEOUT, () -> leaders() == 1);
    for (int i = 1; i <= 5; i++) {
      vms.create(vm("a" + i));
    }
    Running leader = replicas.stream().filter(r -> r.replica.isLeader()).findFirst().orElseThrow();
    leader.stop();
    replicas.remove(leader);
    for (int i = 1; i <= 5; i++) {
      vms.create(vm("b" + i));
    }
    Await.until("a new leader", TIMEOUT, () -> leaders() == 1);
    replica(leader.replica.identity(), true);   // the old leader comes back, as a follower
    Await.until("all ten VMs Active", TIMEOUT, () -> allActive(10));
    assertEquals(1, leaders());
    assertEquals(10, memory.servers().size());
    assertEquals(10, memory.created(), "one server per VM, never a second: " + backendLog);
    assertEquals(10, backendLog.stream().distinct().count(), backendLog.toString());
  }

  /* client-go's leader-election example: "you MUST ensure that any code you have that is protected by the lease
   * must terminate before you call cancel. Otherwise ... another process could get elected before your background
   * loop finished". A stopping leader must drain its workers before it releases the lease, or a follower takes over
   * while a backend call of the old leader is still in flight. */
  @Test
  void aStoppingLeaderReleasesTheLeaseOnlyAfterItsInFlightReconcileEnds() throws Exception {
    Running old = replica("old", true);
    Await.until("old leads", TIMEOUT, () -> old.replica.isLeader());
    Running next = replica("next", true);
    Await.until("next follows with a warm cache", TIMEOUT, () -> next.replica.opsPort() > 0);
    java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
    createGate = gate;
    vms.create(vm("slow"));
    assertTrue(createEntered.await(30, java.util.concurrent.TimeUnit.SECONDS), "old leader calls create");
    old.context.cancel();   // SIGTERM while the create is in flight
    boolean tookOverDuringCall;
    try {
      Await.until("next leads", Duration.ofSeconds(3), () -> next.replica.isLeader());
      tookOverDuringCall = true;
    } catch (AssertionError stillFollowing) {
      tookOverDuringCall = false;
    }
    createGate = null;
    gate.countDown();
    old.stop();
    replicas.remove(old);
    assertTrue(!tookOverDuringCall, "next took the lease while old's backend create was in flight");
    Await.until("next leads after old drained", TIMEOUT, () -> next.replica.isLeader());
    Await.until("slow is Active", TIMEOUT, () -> phase("slow") == VmPhase.Active);
    assertEquals(1, memory.created(), backendLog.toString());
  }

  private long leaders() {
    return replicas.stream().filter(r -> !r.context.isCancelled() && r.replica.isLeader()).count();
  }

  private boolean allActive(int count) {
    try {
      List<VirtualMachine> all = vms.list().items();
      return all.size() == count && all.stream().allMatch(v -> v.status() != null && v.status().phase() == VmPhase.Active);
    } catch (Exception e) {
      return false;
    }
  }
}
