package io.kubeloop.examples.vm.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.examples.vm.Quantity;
import io.kubeloop.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryVmBackendTest {
  private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final ServerRequest request = new ServerRequest("uid-1", "default/vm1", Quantity.parse("2"),
      Quantity.parse("4Gi"), Quantity.parse("40Gi"));

  @Test
  void createIsIdempotentByVmUid() throws Exception {
    InMemoryVmBackend backend = new InMemoryVmBackend(clock, InMemoryVmBackend.Options.instant());
    Server first = backend.create(request);
    Server second = backend.create(request);
    assertEquals(first.id(), second.id());
    assertEquals(1, backend.created());
    assertEquals(first.id(), backend.exists("uid-1").orElseThrow().id());
  }

  @Test
  void serversAreCreatingUntilProvisionedThenRunningWithUsage() throws Exception {
    InMemoryVmBackend backend = new InMemoryVmBackend(clock,
        InMemoryVmBackend.Options.instant().withProvisioningTime(Duration.ofSeconds(5)));
    Server s = backend.create(request);
    assertEquals(Server.CREATING, s.state());
    clock.step(Duration.ofSeconds(5));
    Server later = backend.status(s.id()).orElseThrow();
    assertTrue(later.isRunning());
    assertTrue(later.usedCpu().compareTo(Quantity.parse("2")) < 0);
    assertTrue(later.usedMemory().compareTo(Quantity.parse("100Mi")) > 0);
  }

  @Test
  void deleteIsIdempotentAndVanishRemovesBehindTheControllersBack() throws Exception {
    InMemoryVmBackend backend = new InMemoryVmBackend(clock, InMemoryVmBackend.Options.instant());
    Server s = backend.create(request);
    assertTrue(backend.vanish(s.id()));
    assertTrue(backend.status(s.id()).isEmpty());
    backend.delete(s.id());
    assertEquals(0, backend.deleted());
    Server again = backend.create(request);
    backend.delete(again.id());
    assertEquals(1, backend.deleted());
    assertTrue(backend.servers().isEmpty());
  }

  @Test
  void failuresFollowTheSeedAndFailNext() throws Exception {
    InMemoryVmBackend a = new InMemoryVmBackend(clock, InMemoryVmBackend.Options.instant().withFailureRate(0.5).withSeed(42));
    InMemoryVmBackend b = new InMemoryVmBackend(clock, InMemoryVmBackend.Options.instant().withFailureRate(0.5).withSeed(42));
    StringBuilder pa = new StringBuilder();
    StringBuilder pb = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      pa.append(fails(a) ? 'x' : '.');
      pb.append(fails(b) ? 'x' : '.');
    }
    assertEquals(pa.toString(), pb.toString());
    assertTrue(pa.indexOf("x") >= 0 && pa.indexOf(".") >= 0, pa.toString());

    InMemoryVmBackend c = new InMemoryVmBackend(clock, InMemoryVmBackend.Options.instant());
    c.failNext(1);
    BackendException e = assertThrows(BackendException.class, () -> c.create(request));
    assertEquals("backend unavailable: create server for default/vm1 failed (injected)", e.getMessage());
    assertFalse(fails(c));
  }

  private boolean fails(InMemoryVmBackend backend) throws InterruptedException {
    try {
      backend.exists("x");
      return false;
    } catch (BackendException e) {
      return true;
    }
  }

  @Test
  void rejectsABadFailureRate() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> InMemoryVmBackend.Options.instant().withFailureRate(1.5));
    assertEquals("expected failureRate in [0, 1] but was 1.5", e.getMessage());
  }
}
