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

  /** A JDK client with the admin certificate: "another client" beside kubectl, and the reader of stored state. */
  private Http http() {
    return new Http(java.net.http.HttpClient.newBuilder()
        .sslContext(server.clientSslContext(server.adminCredentials())).build(), server.url(), null);
  }

  /** kubectl's output with the AGE column (the last, "0s", "12s") replaced by {@code <age>}. */
  private static List<String> withoutAges(List<String> lines) {
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      out.add(line.replaceAll("\\b\\d+s$", "<age>"));
    }
    return out;
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
      http().patch(Fixtures.CMS + "/cm1", "application/json-patch+json",
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

  @Test
  void watchPrintsARowPerEventWhileAnotherClientWrites() throws Exception {
    Http http = http();
    http.post(Fixtures.CMS, Fixtures.cm("cm0")).expect(201);
    Path watchOut = dir.resolve("watch.txt");
    Process watch = command("get", "cm", "-w").redirectOutput(watchOut.toFile())
        .redirectError(dir.resolve("watch-err.txt").toFile()).start();
    try {
      Await.until("kubectl get -w is watching",
          () -> server.requests().count(r -> r.isWatch() && r.path().endsWith("/configmaps")) == 1);
      http.post(Fixtures.CMS, Fixtures.cm("cm1")).expect(201);
      http.patch(Fixtures.CMS + "/cm1", "application/merge-patch+json", "{\"data\":{\"b\":\"2\"}}").expect(200);
      http.delete(Fixtures.CMS + "/cm1", null).expect(200);
      Await.until("kubectl printed the three events", () -> lines(watchOut).size() == 5);
      server.faults().dropWatches();
      assertTrue(watch.waitFor(20, TimeUnit.SECONDS), "kubectl get -w exits when the stream ends");
      assertEquals(0, watch.exitValue());
      assertEquals(List.of(
          "NAME   DATA   AGE",
          "cm0    1      <age>",
          "cm1    1      <age>",
          "cm1    2      <age>",
          "cm1    2      <age>"), withoutAges(Files.readAllLines(watchOut)));
      assertEquals("", Files.readString(dir.resolve("watch-err.txt")));
    } finally {
      watch.destroyForcibly();
    }
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      return List.of();
    }
  }

  @Test
  void patchOfEachTypeOnAConfigMap() throws Exception {
    Http http = http();
    kubectl(CM.replace("name: cm1}", "name: cm1, finalizers: [a]}"), "apply", "-f", "-");
    // Strategic (the default): metadata.finalizers has patchStrategy=merge, so the lists are unioned; items the
    // server alone knows follow the patch's (apimachinery normalizeElementOrder).
    Run smp = kubectl(null, "patch", "cm", "cm1", "-p", "{\"metadata\":{\"finalizers\":[\"b\"]},\"data\":{\"b\":\"2\"}}");
    assertEquals(new Run(0, "configmap/cm1 patched\n", ""), smp);
    var stored = http.get(Fixtures.CMS + "/cm1").expect(200).json();
    assertEquals("[\"b\",\"a\"]", stored.at("/metadata/finalizers").toString());
    assertEquals("{\"a\":\"1\",\"b\":\"2\"}", stored.at("/data").toString());
    // Merge: lists are replaced, null deletes.
    Run merge = kubectl(null, "patch", "cm", "cm1", "--type=merge", "-p",
        "{\"metadata\":{\"finalizers\":[\"c\"]},\"data\":{\"a\":null}}");
    assertEquals(new Run(0, "configmap/cm1 patched\n", ""), merge);
    stored = http.get(Fixtures.CMS + "/cm1").expect(200).json();
    assertEquals("[\"c\"]", stored.at("/metadata/finalizers").toString());
    assertEquals("{\"b\":\"2\"}", stored.at("/data").toString());
    // JSON patch, with a failing test op that leaves the object alone.
    Run json = kubectl(null, "patch", "cm", "cm1", "--type=json", "-p",
        "[{\"op\":\"add\",\"path\":\"/data/c\",\"value\":\"3\"},{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]");
    assertEquals(new Run(0, "configmap/cm1 patched\n", ""), json);
    stored = http.get(Fixtures.CMS + "/cm1").expect(200).json();
    assertTrue(stored.at("/metadata/finalizers").isMissingNode(), stored.toString());
    assertEquals("{\"b\":\"2\",\"c\":\"3\"}", stored.at("/data").toString());
    String rv = stored.at("/metadata/resourceVersion").asText();
    Run failed = kubectl(null, "patch", "cm", "cm1", "--type=json", "-p",
        "[{\"op\":\"test\",\"path\":\"/data/c\",\"value\":\"9\"},{\"op\":\"add\",\"path\":\"/data/d\",\"value\":\"4\"}]");
    assertEquals(1, failed.exit());
    assertTrue(failed.err().startsWith("The request is invalid"), failed.err());
    assertEquals(rv, http.get(Fixtures.CMS + "/cm1").expect(200).json().at("/metadata/resourceVersion").asText());
  }

  @Test
  void patchOfEachTypeOnACustomResource() throws Exception {
    Http http = http();
    Fixtures.installVmCrd(http);
    assertEquals("virtualmachine.example.com/vm1 created\n", kubectl(VM, "apply", "-f", "-").out());
    Run merge = kubectl(null, "patch", "vm", "vm1", "--type=merge", "-p", "{\"spec\":{\"cpus\":4}}");
    assertEquals(new Run(0, "virtualmachine.example.com/vm1 patched\n", ""), merge);
    Run json = kubectl(null, "patch", "vm", "vm1", "--type=json", "-p",
        "[{\"op\":\"replace\",\"path\":\"/spec/image\",\"value\":\"ubuntu\"}]");
    assertEquals(new Run(0, "virtualmachine.example.com/vm1 patched\n", ""), json);
    Run smp = kubectl(null, "patch", "vm", "vm1", "-p", "{\"spec\":{\"cpus\":8}}");
    assertEquals(new Run(1, "", "error: application/strategic-merge-patch+json is not supported by "
        + "example.com/v1, Kind=VirtualMachine: the body of the request was in an unknown format - accepted media "
        + "types include: application/json-patch+json, application/merge-patch+json, "
        + "application/apply-patch+yaml\n"), smp);
    // The status subresource takes only status: the spec change in the same patch is dropped.
    Run status = kubectl(null, "patch", "vm", "vm1", "--subresource=status", "--type=merge", "-p",
        "{\"status\":{\"phase\":\"Running\"},\"spec\":{\"cpus\":16}}");
    assertEquals(new Run(0, "virtualmachine.example.com/vm1 patched\n", ""), status);
    var stored = http.get(Fixtures.VMS + "/vm1").expect(200).json();
    assertEquals("{\"cpus\":4,\"image\":\"ubuntu\"}", stored.at("/spec").toString());
    assertEquals("{\"phase\":\"Running\"}", stored.at("/status").toString());
    assertEquals(3, stored.at("/metadata/generation").asInt()); // create, merge, json; not the status patch
  }

  @Test
  void chunkedListPrintsEveryRowOnce() throws Exception {
    Http http = http();
    for (int i = 1; i <= 5; i++) {
      http.post(Fixtures.CMS, Fixtures.cm("cm" + i)).expect(201);
    }
    server.requests().clear();
    Run get = kubectl(null, "get", "cm", "--chunk-size=2");
    assertEquals(0, get.exit(), get.err());
    assertEquals(List.of("NAME   DATA   AGE", "cm1    1      <age>", "cm2    1      <age>", "cm3    1      <age>",
        "cm4    1      <age>", "cm5    1      <age>"), withoutAges(get.out().lines().toList()));
    List<RecordedRequest> lists = server.requests().matching(r -> r.path().equals(Fixtures.CMS));
    assertEquals(3, lists.size(), lists.toString());
    assertTrue(lists.stream().allMatch(r -> "2".equals(r.queryParameter("limit"))), lists.toString());
    assertEquals("", lists.get(0).queryParameter("continue"));
    assertTrue(!lists.get(1).queryParameter("continue").isEmpty() && !lists.get(2).queryParameter("continue").isEmpty(),
        lists.toString());
  }

  @Test
  void leaseYamlDescribeAndNamespaces() throws Exception {
    Http http = http();
    http.post(Fixtures.LEASES, Fixtures.lease("l1", "2025-01-01T00:00:05.120000Z")).expect(201);
    Run lease = kubectl(null, "get", "lease", "l1", "-o", "yaml");
    assertEquals(0, lease.exit(), lease.err());
    assertTrue(lease.out().contains("\n  renewTime: \"2025-01-01T00:00:05.120000Z\"\n"), lease.out());

    kubectl(CM, "apply", "-f", "-");
    Run describe = kubectl(null, "describe", "cm", "cm1");
    assertEquals(0, describe.exit(), describe.err());
    assertEquals(List.of("Name:         cm1", "Namespace:    default", "Labels:       <none>", "Annotations:  <none>",
        "", "Data", "====", "a:", "----", "1", "", "", "BinaryData", "====", "", "Events:  <none>"),
        describe.out().lines().toList());

    assertEquals(new Run(0, "namespace/x created\n", ""), kubectl(null, "create", "namespace", "x"));
    assertEquals("Active", http.get("/api/v1/namespaces/x").expect(200).json().at("/status/phase").asText());
    assertEquals(new Run(0, "namespace \"x\" deleted\n", ""), kubectl(null, "delete", "ns", "x"));
    http.get("/api/v1/namespaces/x").expect(404);
  }
}
