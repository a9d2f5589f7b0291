package io.kubeloop.examples.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OpsServerTest {
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(OpsServer s, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesMetricsAndHealth() throws Exception {
    MetricsRegistry metrics = new MetricsRegistry();
    metrics.counter("x_total", "x").labels().inc();
    AtomicReference<Optional<String>> leader = new AtomicReference<>(Optional.empty());
    HealthCheck election = HealthCheck.of("leaderElection", leader::get);
    HealthCheck synced = HealthCheck.of("informer-sync", () -> Optional.of("virtualmachines not synced"));
    try (OpsServer s = OpsServer.start("127.0.0.1:0", metrics, List.of(election), List.of(synced))) {
      HttpResponse<String> m = get(s, "/metrics");
      assertEquals(200, m.statusCode());
      assertEquals("text/plain; version=0.0.4; charset=utf-8", m.headers().firstValue("Content-Type").orElseThrow());
      assertTrue(m.body().contains("x_total 1"));

      assertEquals("ok", get(s, "/healthz").body());
      leader.set(Optional.of("failed election to renew leadership on lease kubeloop-vm"));
      HttpResponse<String> h = get(s, "/healthz");
      assertEquals(500, h.statusCode());
      assertEquals("[-]leaderElection failed: failed election to renew leadership on lease kubeloop-vm\n"
          + "healthz check failed\n", h.body());

      HttpResponse<String> r = get(s, "/readyz");
      assertEquals(500, r.statusCode());
      assertTrue(r.body().startsWith("[-]informer-sync failed: virtualmachines not synced"));
      assertEquals(404, get(s, "/nope").statusCode());
    }
  }

  @Test
  void theLogLineShowsTheAddressAsAPersonWouldTypeIt() throws Exception {
    assertEquals(":8080 (all interfaces, e.g. http://localhost:8080/metrics)",
        OpsServer.describe(new InetSocketAddress(8080)));
    assertEquals("http://127.0.0.1:9090/metrics",
        OpsServer.describe(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 9090)));
    assertEquals("http://[0:0:0:0:0:0:0:1]:9090/metrics", OpsServer.describe(new InetSocketAddress(InetAddress.getByName("::1"), 9090)));
  }

  @Test
  void aBadAddressSaysHowToWriteIt() {
    assertEquals("expected host:port but was \"8080\"; write :8080 or 127.0.0.1:8080",
        assertThrows(IllegalArgumentException.class, () -> OpsServer.parseAddress("8080")).getMessage());
  }
}
