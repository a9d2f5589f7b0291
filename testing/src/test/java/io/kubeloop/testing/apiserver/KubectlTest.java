package io.kubeloop.testing.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kubeloop.testing.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the real {@code kubectl} (the GKE dispatcher at /usr/bin/kubectl, bundled 1.32.4) against the server over
 * HTTPS with the admin client certificate. Skipped where kubectl is not installed. Each test uses its own
 * {@code KUBECACHEDIR} (spec §1.2).
 */
class KubectlTest {
  private static final Path KUBECTL = Path.of("/usr/bin/kubectl");

  @TempDir
  Path dir;
  private ApiServer server;
  private Path kubeconfig;

  record Run(int exit, String out, String err) {}

  @BeforeEach
  void start() {
    assumeTrue(Files.isExecutable(KUBECTL), "kubectl not installed");
    server = ApiServer.builder().tls(true).start();
    kubeconfig = server.writeKubeconfig(dir.resolve("kubeconfig"));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private ProcessBuilder command(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(KUBECTL.toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("KUBECONFIG", kubeconfig.toString());
    pb.environment().put("KUBECACHEDIR", dir.resolve("cache").toString());
    pb.environment().put("EDITOR", dir.resolve("editor.sh").toString());
    return pb;
  }

  private Run kubectl(String stdin, String... args) throws IOException, InterruptedException {
    ProcessBuilder pb = command(args);
    pb.redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
    Process p = pb.start();
    if (stdin != null) {
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    p.getOutputStream().close();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "kubectl " + String.join(" ", args) + " did not finish");
    return new Run(p.exitValue(), Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")));
  }

  private static final String CM = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm1}\ndata: {a: \"1\"}\n";
  private static final String VM = "apiVersion: example.com/v1\nkind: VirtualMachine\nmetadata: {name: vm1}\n"
      + "spec: {cpus: 2, image: debian}\n";

  @Test
  void versionApplyGetReplace() throws Exception {
    assertTrue(kubectl(null, "version").out().contains("Server Version: v1.32.4"));
    assertEquals("configmap/cm1 created\n", kubectl(CM, "apply", "-f", "-").out());
    assertEquals("configmap/cm1 unchanged\n", kubectl(CM, "apply", "-f", "-").out());
    assertEquals("configmap/cm1 configured\n", kubectl(CM.replace("\"1\"", "\"2\""), "apply", "-f", "-").out());
    Run get = kubectl(null, "get", "cm");
    assertTrue(get.out().startsWith("NAME   DATA   AGE\ncm1    1 "), get.out());
    String stale = kubectl(null, "get", "cm", "cm1", "-o", "json").out();
    kubectl(null, "label", "cm", "cm1", "team=blue");
    Files.writeString(dir.resolve("stale.json"), stale);
    Run replace = kubectl(null, "replace", "-f", dir.resolve("stale.json").toString());
    assertEquals(1, replace.exit());
    assertTrue(replace.err().contains("Error from server (Conflict)"), replace.err());
  }

  @Test
  void crdWithShortNameAndPrinterColumns() throws Exception {
    Run crd = kubectl(null, "create", "-f", "-");
    assertEquals(1, crd.exit()); // nothing on stdin
    Path file = dir.resolve("crd.json");
    Files.writeString(file, Fixtures.VM_CRD);
    assertEquals(0, kubectl(null, "apply", "-f", file.toString()).exit());
    Run established = kubectl(null, "wait", "--for=condition=Established", "crd/virtualmachines.example.com",
        "--timeout=10s");
    assertEquals(0, established.exit(), established.err());
    assertEquals("virtualmachine.example.com/vm1 created\n", kubectl(VM, "apply", "-f", "-").out());
    assertEquals(0, kubectl(null, "patch", "vm", "vm1", "--subresource=status", "--type=merge", "-p",
        "{\"status\":{\"phase\":\"Running\"}}").exit());
    Run get = kubectl(null, "get", "vm");
    assertTrue(get.out().startsWith("NAME   PHASE     AGE\nvm1    Running "), get.out());
    Run smp = kubectl(null, "patch", "vm", "vm1", "-p", "{\"spec\":{\"cpus\":3}}");
    assertTrue(smp.err().contains("application/strategic-merge-patch+json is not supported"), smp.err());
  }

  @Test
  void editSendsStrategicDirectivesThatAreNeverStored() throws Exception {
    kubectl(CM.replace("name: cm1}", "name: cm1, finalizers: [a]}"), "apply", "-f", "-");
    Path editor = dir.resolve("editor.sh");
    Files.writeString(editor, "#!/bin/sh\nsed -i 's/^  - a$/  - b\\n  - c/' \"$1\"\n");
    editor.toFile().setExecutable(true);
    Run edit = kubectl(null, "edit", "cm", "cm1");
    assertEquals(0, edit.exit(), edit.err());
    String json = kubectl(null, "get", "cm", "cm1", "-o", "jsonpath={.metadata.finalizers}").out();
    assertEquals("[\"b\",\"c\"]", json);
    assertTrue(!kubectl(null, "get", "cm", "cm1", "-o", "json").out().contains("$"));
  }

  @Test
  void watchAndDeleteWaitForTheServer() throws Exception {
    kubectl(CM.replace("name: cm1}", "name: cm1, finalizers: [example.com/hold]}"), "apply", "-f", "-");
    Path watchOut = dir.resolve("watch.txt");
    Process watch = command("get", "cm", "-w").redirectOutput(watchOut.toFile())
        .redirectError(dir.resolve("watch-err.txt").toFile()).start();
    Path deleteOut = dir.resolve("delete.txt");
    Process delete = null;
    try {
      Await.until("kubectl get -w is watching",
          () -> server.requests().count(r -> r.isWatch() && r.path().endsWith("/configmaps")) == 1);
      delete = command("delete", "cm", "cm1").redirectOutput(deleteOut.toFile())
          .redirectError(dir.resolve("delete-err.txt").toFile()).start();
      Await.until("kubectl delete is waiting for the object to go",
          () -> server.requests().count(r -> r.isWatch() && r.query().contains("metadata.name")) == 1);
      assertTrue(delete.isAlive());
      Http http = new Http(java.net.http.HttpClient.newBuilder()
          .sslContext(server.clientSslContext(server.adminCredentials())).build(), server.url(), null);
      http.patch(Fixtures.CMS + "/cm1", "application/json-patch+json",
          "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]").expect(200);
      assertTrue(delete.waitFor(20, TimeUnit.SECONDS));
      assertEquals(0, delete.exitValue());
      assertEquals("configmap \"cm1\" deleted\n", Files.readString(deleteOut));
      server.faults().dropWatches();
      assertTrue(watch.waitFor(20, TimeUnit.SECONDS), "kubectl get -w exits when the stream ends");
      assertEquals(0, watch.exitValue());
      List<String> lines = Files.readAllLines(watchOut);
      assertEquals("NAME   DATA   AGE", lines.get(0).trim());
      assertTrue(lines.size() >= 3, lines.toString()); // initial row, deletion mark, delete
    } finally {
      watch.destroyForcibly();
      if (delete != null) {
        delete.destroyForcibly();
      }
    }
  }
}
