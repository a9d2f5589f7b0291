package io.kubeloop.examples.vm.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.examples.vm.Quantity;
import io.kubeloop.testing.FakeClock;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileVmBackendTest {
  @TempDir
  Path dir;
  private final FakeClock clock = new FakeClock();
  private final ServerRequest request = new ServerRequest("uid-1", "default/vm1", Quantity.parse("1"),
      Quantity.parse("1Gi"), Quantity.parse("10Gi"));

  @Test
  void twoBackendsOnOneFileShareServersSoCreationStaysIdempotent() throws Exception {
    Path file = dir.resolve("servers.json");
    FileVmBackend a = new FileVmBackend(file, clock, InMemoryVmBackend.Options.instant());
    FileVmBackend b = new FileVmBackend(file, clock, InMemoryVmBackend.Options.instant());
    Server first = a.create(request);
    Server second = b.create(request);
    assertEquals(first.id(), second.id());
    assertEquals(1, b.state().created());
    assertEquals(first.id(), b.exists("uid-1").orElseThrow().id());
  }

  @Test
  void aRestartedBackendSeesTheServersAndContinuesTheIds() throws Exception {
    Path file = dir.resolve("nested/servers.json");
    new FileVmBackend(file, clock, InMemoryVmBackend.Options.instant()).create(request);
    FileVmBackend restarted = new FileVmBackend(file, clock, InMemoryVmBackend.Options.instant());
    assertTrue(restarted.exists("uid-1").isPresent());
    Server other = restarted.create(new ServerRequest("uid-2", "default/vm2", null, null, null));
    assertEquals("srv-000002", other.id());
    restarted.delete(other.id());
    assertEquals(1, restarted.state().servers().size());
    assertEquals(1, restarted.state().deleted());
  }
}
