package io.kubeloop.examples.demo;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.ObjectMeta;
import io.kubeloop.core.client.KubeClient;
import io.kubeloop.core.client.ResourceClient;
import io.kubeloop.core.clock.Clock;
import io.kubeloop.examples.apiserver.ApiServerCommand;
import io.kubeloop.examples.cli.Command;
import io.kubeloop.examples.cli.Flags;
import io.kubeloop.examples.cli.SignalContext;
import io.kubeloop.examples.embedded.EmbeddedCluster;
import io.kubeloop.examples.vm.Replica;
import io.kubeloop.examples.vm.VirtualMachine;
import io.kubeloop.examples.vm.VirtualMachineSpec;
import io.kubeloop.examples.vm.VmControllerCommand;
import io.kubeloop.examples.vm.VmPhase;
import io.kubeloop.examples.vm.VmResources;
import io.kubeloop.examples.vm.backend.InMemoryVmBackend;
import io.kubeloop.lease.LeaseTiming;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * {@code demo}: the whole story in one command. Three replicas of the VM controller run against the embedded
 * API server and share one backend; VMs are created and converge; the leader is stopped and another replica
 * takes over; more VMs are created and one is deleted under the new leader; the stopped replica comes back as a
 * follower. At the end every VM has exactly one server and the backend holds nothing else.
 */
public final class DemoCommand implements Command {
  @Override
  public String name() {
    return "demo";
  }

  @Override
  public String summary() {
    return "three vm-controller replicas on the embedded API server: VMs converge, the leader stops, another takes over";
  }

  /** One replica running on its own thread. */
  private static final class Running {
    final Replica replica;
    final Context context;
    final Thread thread;

    Running(Replica replica, Context parent) {
      this.replica = replica;
      this.context = parent.withCancel();
      this.thread = new Thread(() -> {
        try {
          replica.run(context, () -> {});
        } catch (Exception e) {
          System.err.println(replica.identity() + " failed: " + e);
        } finally {
          replica.close();
        }
      }, "demo-" + replica.identity());
      thread.start();
    }

    void stop() throws InterruptedException {
      context.cancel();
      thread.join(20_000);
    }
  }

  @Override
  public int run(String[] args) throws Exception {
    Flags flags = new Flags("demo", "Runs three vm-controller replicas against the embedded API server and stops the leader.");
    Flags.Flag<Integer> count = flags.integer("vms", 4, "how many VMs to create at first");
    Flags.Flag<String> failureRate = flags.string("backend-failure-rate", "0.15", "probability (0..1) that a backend call fails");
    Flags.Flag<String> out = flags.string("kubeconfig-out",
        Path.of(System.getProperty("java.io.tmpdir"), "kubeloop", "kubeloop-demo.kubeconfig").toString(),
        "where to write the kubeconfig for kubectl");
    Flags.Flag<Boolean> stay = flags.bool("stay", false, "keep running after the demo until Ctrl-C, for kubectl");
    flags.parse(args);
    flags.requireNoArgs();
    double rate = VmControllerCommand.failureRate(failureRate.get());
    PrintStream o = System.out;
    Clock clock = Clock.system();
    try (SignalContext signals = new SignalContext(Duration.ofSeconds(20));
        EmbeddedCluster cluster = EmbeddedCluster.start(0, true, Path.of(out.get()), true);
        KubeClient client = KubeClient.create(cluster.clientConfig())) {
      ApiServerCommand.printHowToUse(o, cluster);
      InMemoryVmBackend backend = new InMemoryVmBackend(clock, new InMemoryVmBackend.Options(
          Duration.ofMillis(50), rate, Duration.ofSeconds(1), 7));
      // Short timings so the demo moves: a crashed leader is replaced within ~6 s, a stopped one at once.
      LeaseTiming timing = new LeaseTiming(Duration.ofSeconds(6), Duration.ofSeconds(4), Duration.ofSeconds(1));
      VmControllerCommand.Options options = new VmControllerCommand.Options("", 2, true, "", "kubeloop-vm", "default",
          Duration.ofSeconds(20), "127.0.0.1:0", Duration.ZERO, rate, Duration.ofSeconds(1), "", false, "");
      Context root = signals.context();
      List<Running> replicas = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        Replica r = new Replica(cluster.clientConfig(), backend, options, "replica-" + i, clock, timing);
        if (i == 1) {
          r.printPhaseChanges();
        }
        replicas.add(new Running(r, root));
      }
      ResourceClient<VirtualMachine> vms = client.resource(VirtualMachine.TYPE).inNamespace("default");

      step(o, "1. three replicas start; one becomes leader");
      Running leader = await(root, () -> leader(replicas) != null, Duration.ofSeconds(30)) ? leader(replicas) : null;
      if (leader == null) {
        return 1;
      }
      o.println("   leader: " + leader.replica.identity() + "   (metrics: http://127.0.0.1:" + leader.replica.opsPort() + "/metrics)");

      step(o, "2. create " + count.get() + " VMs; backend calls fail " + (int) (rate * 100) + "% of the time");
      for (int i = 1; i <= count.get(); i++) {
        vms.create(vm("vm-" + i, i % 2 == 0 ? "2" : "500m", i % 2 == 0 ? "4Gi" : "1Gi"));
      }
      awaitConverged(root, vms, backend);
      table(o, vms, backend);

      step(o, "3. stop the leader (" + leader.replica.identity() + "): it drains its workers and releases the lease");
      leader.stop();
      Running next = await(root, () -> leader(replicas) != null && leader(replicas) != leader, Duration.ofSeconds(30))
          ? leader(replicas) : null;
      o.println("   new leader: " + (next == null ? "none" : next.replica.identity()));

      step(o, "4. under the new leader: create two VMs and delete vm-1");
      vms.create(vm("vm-" + (count.get() + 1), "1", "2Gi"));
      vms.create(vm("vm-" + (count.get() + 2), "1", "2Gi"));
      vms.delete("vm-1");
      awaitConverged(root, vms, backend);
      table(o, vms, backend);

      step(o, "5. the stopped replica comes back as a follower");
      String id = leader.replica.identity();
      replicas.remove(leader);
      replicas.add(new Running(new Replica(cluster.clientConfig(), backend, options, id, clock, timing), root));
      o.println("   " + id + " is back; leader is still " + (leader(replicas) == null ? "-" : leader(replicas).replica.identity()));
      o.println();
      o.println("servers created: " + backend.created() + ", deleted: " + backend.deleted() + ", existing: "
          + backend.servers().size() + " for " + vms.list().items().size() + " VMs");
      if (stay.get()) {
        o.println("running until Ctrl-C; try the kubectl commands above");
        root.await();
      }
      for (Running r : replicas) {
        r.stop();
      }
    }
    return 0;
  }

  private static VirtualMachine vm(String name, String cpu, String memory) {
    return VirtualMachine.of(ObjectMeta.of("default", name), VirtualMachineSpec.of(VmResources.of(cpu, memory, "20Gi")));
  }

  private static Running leader(List<Running> replicas) {
    for (Running r : replicas) {
      if (!r.context.isCancelled() && r.replica.isLeader()) {
        return r;
      }
    }
    return null;
  }

  private static void step(PrintStream o, String text) {
    o.println();
    o.println("== " + text);
  }

  /** Every VM Active with a running server, no server without a VM. */
  private static void awaitConverged(Context context, ResourceClient<VirtualMachine> vms, InMemoryVmBackend backend)
      throws InterruptedException {
    await(context, () -> {
      try {
        List<VirtualMachine> all = vms.list().items();
        return all.stream().allMatch(v -> v.status() != null && v.status().phase() == VmPhase.Active)
            && backend.servers().size() == all.size();
      } catch (Exception e) {
        return false;
      }
    }, Duration.ofSeconds(60));
  }

  private static boolean await(Context context, BooleanSupplier condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      if (!Clock.system().sleep(Duration.ofMillis(200), context)) {
        return false;
      }
    }
    System.out.println("   (not reached within " + timeout.toSeconds() + "s)");
    return false;
  }

  private static void table(PrintStream o, ResourceClient<VirtualMachine> vms, InMemoryVmBackend backend) throws Exception {
    o.printf("   %-8s %-10s %-12s %-8s %-8s%n", "NAME", "PHASE", "SERVER", "CPU", "MEMORY");
    for (VirtualMachine v : vms.list().items()) {
      var s = v.status();
      String server = s == null || s.server() == null ? "-" : s.server().id();
      String cpu = s == null || s.server() == null || s.server().usage() == null ? "-" : String.valueOf(s.server().usage().cpu());
      String mem = s == null || s.server() == null || s.server().usage() == null ? "-" : String.valueOf(s.server().usage().memory());
      o.printf("   %-8s %-10s %-12s %-8s %-8s%n", v.metadata().name(), s == null ? "-" : s.phase(), server, cpu, mem);
    }
    o.println("   backend servers: " + backend.servers().size());
  }
}
