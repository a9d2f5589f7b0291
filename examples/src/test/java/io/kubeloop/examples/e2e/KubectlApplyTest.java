package io.kubeloop.examples.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kubeloop.core.Context;
import io.kubeloop.core.clock.Clock;
import io.kubeloop.examples.embedded.EmbeddedCluster;
import io.kubeloop.examples.vm.Replica;
import io.kubeloop.examples.vm.VmControllerCommand;
import io.kubeloop.examples.vm.backend.InMemoryVmBackend;
import io.kubeloop.lease.LeaseTiming;
import io.kubeloop.testing.Await;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code kubectl} against the embedded API server (TLS, admin client certificate), with the manifests
 * of {@code examples/deploy}: what a user types after {@code java -jar ... apiserver}.
 */
class KubectlApplyTest {
  private static final Path DEPLOY = Path.of("deploy").toAbsolutePath();

  @TempDir
  Path dir;
  private EmbeddedCluster cluster;

  @BeforeEach
  void start() throws Exception {
    assumeTrue(onPath("kubectl"), "kubectl is not on PATH: skipping the kubectl apply test (install kubectl to run it)");
    cluster = EmbeddedCluster.start(0, true, dir.resolve("kubeconfig"), false);
  }

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static boolean onPath(String binary) {
    for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(p, binary))) {
        return true;
      }
    }
    return false;
  }

  record Run(int exit, String out) {}

  private Run kubectl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("kubectl"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("KUBECONFIG", cluster.kubeconfig().toString());
    pb.environment().put("KUBECACHEDIR", dir.resolve("kube-cache").toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "kubectl " + String.join(" ", args) + " finished");
    return new Run(p.exitValue(), out);
  }

  @Test
  void applyDeployThenSamplesThenGetVm() throws Exception {
    Run apply = kubectl("apply", "-f", DEPLOY.toString());
    assertEquals(0, apply.exit(), apply.out());
    for (String line : List.of(
        "namespace/kubeloop-system created",
        "customresourcedefinition.apiextensions.k8s.io/virtualmachines.cloudnative.czs created",
        "serviceaccount/vm-controller created",
        "clusterrole.rbac.authorization.k8s.io/vm-controller created",
        "clusterrolebinding.rbac.authorization.k8s.io/vm-controller created",
        "role.rbac.authorization.k8s.io/vm-controller-leader-election created",
        "rolebinding.rbac.authorization.k8s.io/vm-controller-leader-election created",
        "deployment.apps/vm-controller created")) {
      assertTrue(apply.out().contains(line), "expected \"" + line + "\" in:\n" + apply.out());
    }
    assertEquals("unchanged", kubectl("apply", "-f", DEPLOY.toString()).out().lines()
        .map(l -> l.substring(l.lastIndexOf(' ') + 1)).distinct().reduce((a, b) -> a + "," + b).orElse(""),
        "a second apply changes nothing");
    Run wait = kubectl("wait", "--for=condition=Established", "crd/virtualmachines.cloudnative.czs", "--timeout=30s");
    assertEquals(0, wait.exit(), wait.out());

    Run samples = kubectl("apply", "-f", DEPLOY.resolve("samples").toString());
    assertEquals(0, samples.exit(), samples.out());
    assertTrue(samples.out().contains("virtualmachine.cloudnative.czs/web-1 created"), samples.out());

    Run get = kubectl("get", "vm");
    assertEquals(0, get.exit(), get.out());
    assertTrue(get.out().startsWith("NAME"), get.out());
    assertTrue(get.out().contains("PHASE") && get.out().contains("SERVER"), "printer columns:\n" + get.out());
    assertTrue(get.out().contains("web-1") && get.out().contains("db-1"), get.out());

    Run again = kubectl("apply", "-f", DEPLOY.resolve("00-namespace.yaml").toString());
    assertEquals(0, again.exit(), again.out());
    assertTrue(again.out().contains("namespace/kubeloop-system unchanged"), again.out());
  }

  @Test
  void describeAndEventsTellTheStoryWhileTheControllerRuns() throws Exception {
    cluster.apply(EmbeddedCluster.resource("01-crd.yaml"));
    VmControllerCommand.Options o = new VmControllerCommand.Options(
        "", 2, false, "", "kubeloop-vm", "default", Duration.ofSeconds(30), "0", Duration.ZERO, 0,
        Duration.ZERO, "", false, "");
    InMemoryVmBackend backend = new InMemoryVmBackend(
        Clock.system(), InMemoryVmBackend.Options.instant());
    Context context = Context.background().withCancel();
    try (Replica replica = new Replica(cluster.clientConfig(), backend,
        o, "kubectl-test", Clock.system(), LeaseTiming.defaults())) {
      Thread t = new Thread(() -> {
        try {
          replica.run(context, () -> {});
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      }, "kubectl-test-replica");
      t.start();
      Run apply = kubectl("apply", "-f", DEPLOY.resolve("samples").toString());
      assertEquals(0, apply.exit(), apply.out());
      Await.until("web-1 Active in kubectl get", Duration.ofSeconds(30), () -> {
        try {
          return kubectl("get", "vm", "web-1").out().contains("Active");
        } catch (Exception e) {
          return false;
        }
      });
      Run describe = kubectl("describe", "vm", "web-1");
      assertEquals(0, describe.exit(), describe.out());
      assertTrue(describe.out().contains("Phase:") && describe.out().contains("Active"), describe.out());
      assertTrue(describe.out().contains("ServerCreated"), "events in describe:\n" + describe.out());
      Run events = kubectl("get", "events", "-o", "jsonpath={.items[*].reason}");
      assertTrue(events.out().contains("ServerCreated"), events.out());

      Run delete = kubectl("delete", "vm", "web-1", "--timeout=30s");
      assertEquals(0, delete.exit(), delete.out());
      assertTrue(delete.out().contains("deleted"), delete.out());
      assertTrue(backend.servers().stream().noneMatch(srv -> srv.vmName().equals("default/web-1")));
      context.cancel();
      t.join(15_000);
    }
  }
}
