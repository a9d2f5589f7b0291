package io.kubeloop.examples.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The operations endpoints of a controller on the JDK's HTTP server: {@code /metrics} (Prometheus text),
 * {@code /healthz} (liveness: the leader-election watchdog) and {@code /readyz} (readiness: informers synced).
 * What controller-runtime's metrics and health-probe servers do, on {@code com.sun.net.httpserver}.
 *
 * <p>Health output follows kube-apiserver: {@code ok} and 200 when every check passes; otherwise 500 and one
 * line per check ({@code [+]name ok} / {@code [-]name failed: reason}). {@code ?verbose} lists the checks either
 * way.
 *
 * <p>Two threads named {@code ops-http-N}. Closing stops the server at once.
 */
public final class OpsServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(OpsServer.class.getName());

  private final HttpServer server;
  private final ExecutorService executor;

  private OpsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts serving on {@code address}: {@code :8080} (all interfaces), {@code 127.0.0.1:8080}, or port 0 for an
   * ephemeral port.
   *
   * @throws IllegalArgumentException for an address that does not parse
   * @throws IOException when the port is taken, with a message saying so and how to pick another
   */
  public static OpsServer start(String address, MetricsRegistry metrics, List<HealthCheck> liveness,
      List<HealthCheck> readiness) throws IOException {
    InetSocketAddress bind = parseAddress(address);
    HttpServer server;
    try {
      server = HttpServer.create(bind, 16);
    } catch (BindException e) {
      throw new IOException("cannot listen on " + address + " for /metrics, /healthz and /readyz: " + e.getMessage()
          + "; pick a free port with --metrics-addr=:<port>, or --metrics-addr=0 to turn the endpoints off", e);
    }
    AtomicInteger n = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "ops-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/metrics", ex -> respond(ex, 200, MetricsRegistry.CONTENT_TYPE, metrics.scrape()));
    server.createContext("/healthz", ex -> health(ex, "healthz", liveness));
    server.createContext("/readyz", ex -> health(ex, "readyz", readiness));
    server.createContext("/", ex -> respond(ex, 404, "text/plain; charset=utf-8",
        "404 page not found; try /metrics, /healthz or /readyz\n"));
    server.start();
    LOG.log(Level.INFO, "serving /metrics, /healthz and /readyz on " + describe(server.getAddress()));
    return new OpsServer(server, executor);
  }

  /** {@code ":8080"} → all interfaces, port 8080; {@code "host:port"} → that host. */
  public static InetSocketAddress parseAddress(String address) {
    int colon = address.lastIndexOf(':');
    String fix = "; write :8080 or 127.0.0.1:8080";
    if (colon < 0) {
      throw new IllegalArgumentException("expected host:port but was \"" + address + "\"" + fix);
    }
    String host = address.substring(0, colon);
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a port number after ':' but was \"" + address + "\"" + fix);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("expected a port in 0..65535 but was " + port + fix);
    }
    return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
  }

  /** As a person would type it: {@code :8080 (all interfaces)} rather than {@code /[0:0:0:0:0:0:0:0]:8080}. */
  static String describe(InetSocketAddress bound) {
    if (bound.getAddress() == null || bound.getAddress().isAnyLocalAddress()) {
      return ":" + bound.getPort() + " (all interfaces, e.g. http://localhost:" + bound.getPort() + "/metrics)";
    }
    String host = bound.getAddress().getHostAddress();
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.getPort() + "/metrics";
  }

  /** The bound port (useful after binding port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void health(HttpExchange ex, String what, List<HealthCheck> checks) throws IOException {
    boolean verbose = ex.getRequestURI().getQuery() != null && ex.getRequestURI().getQuery().contains("verbose");
    StringBuilder body = new StringBuilder();
    boolean ok = true;
    for (HealthCheck c : checks) {
      Optional<String> failure;
      try {
        failure = c.check();
      } catch (RuntimeException e) {
        failure = Optional.of(e.toString());
      }
      if (failure.isPresent()) {
        ok = false;
        body.append("[-]").append(c.name()).append(" failed: ").append(failure.get()).append('\n');
      } else {
        body.append("[+]").append(c.name()).append(" ok\n");
      }
    }
    if (ok && !verbose) {
      respond(ex, 200, "text/plain; charset=utf-8", "ok");
    } else {
      body.append(ok ? what + " check passed\n" : what + " check failed\n");
      respond(ex, ok ? 200 : 500, "text/plain; charset=utf-8", body.toString());
    }
  }

  private static void respond(HttpExchange ex, int code, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
