package io.kubeloop.core.client;

import io.kubeloop.core.Context;
import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.api.Json;
import io.kubeloop.core.api.ResourceType;
import io.kubeloop.core.clock.Clock;
import io.kubeloop.core.config.ClientConfig;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link KubeClient} of {@link KubeClient#create}: one {@link HttpClient} and one chain of
 * {@link RequestStage}s, shared by every {@link ResourceClient} it hands out. Java counterpart of client-go's
 * {@code rest.RESTClient} built by {@code rest.RESTClientFor} (with the transport of {@code transport.New}).
 *
 * <pre>
 * Request flow (the chain, outermost first; see {@link #stages}):
 *   1. RetryStage          retry 429/5xx with Retry-After (any verb) and dropped connections (GET, watch), max 10
 *   2. UserAgentStage      User-Agent from the config
 *   3. AcceptStage         Accept: application/json, * /*
 *   4. AuthorizationStage  Authorization from the CredentialProvider; after a 401, invalidate and retry once
 *   5. TransportStage      HttpClient.send on the caller's thread; context cancel, close() and the request
 *                          timeout interrupt it, which aborts the exchange
 * then ResponseErrors maps a non-2xx or Failure Status to ApiException, and the caller decodes the body.
 * </pre>
 *
 * <p>The {@code HttpClient}: HTTP/2 preferred over TLS (the JDK negotiates it with ALPN and falls back to
 * HTTP/1.1), HTTP/1.1 over plain http (no h2c upgrade, as in Go), redirects never followed, the config's connect
 * timeout and TLS, and an executor of daemon threads named {@code kubeloop-http-<n>} that {@link #close()} shuts
 * down. {@code close()} also aborts the requests in flight and closes the open watch streams.
 *
 * <p>Differences from client-go: no client-side rate limiter (QPS 5 / burst 10); JSON only, no protobuf; redirects
 * are returned as responses instead of followed (an API server does not redirect API calls, and a credential
 * should not follow a redirect elsewhere); no per-host URL backoff.
 */
final class DefaultKubeClient implements KubeClient {
  private static final System.Logger LOG = System.getLogger(DefaultKubeClient.class.getName());

  private final ClientConfig config;
  private final Clock clock;
  private final ExecutorService executor;
  private final HttpClient http;
  private final List<RequestStage> stages;
  private final TransportStage transport;
  /**
   * Cancelled by {@link #close()}: every exchange in flight and every open watch stream registers on it, so closing
   * the client ends them instead of leaving them running on the HttpClient's threads.
   */
  private final Context lifetime = Context.background().withCancel();
  private volatile boolean closed;

  DefaultKubeClient(ClientConfig config, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    AtomicInteger threads = new AtomicInteger();
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "kubeloop-http-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    // HTTP/2 over TLS, where ALPN lets the server offer it and the JDK falls back to HTTP/1.1 otherwise. Over plain
    // http the JDK would try an h2c Upgrade on the first request; Go's transport (hence client-go) never does, and
    // servers that ignore the Upgrade header gain nothing from it, so plain http stays HTTP/1.1.
    HttpClient.Version version = "https".equals(config.server().getScheme())
        ? HttpClient.Version.HTTP_2
        : HttpClient.Version.HTTP_1_1;
    HttpClient.Builder builder = HttpClient.newBuilder()
        .version(version)
        .followRedirects(HttpClient.Redirect.NEVER)
        .executor(executor);
    if (config.connectTimeout() != null) {
      builder.connectTimeout(config.connectTimeout());
    }
    if (config.sslContext() != null) {
      builder.sslContext(config.sslContext());
    }
    if (config.sslParameters() != null) {
      builder.sslParameters(config.sslParameters());
    }
    config.proxy().applyTo(builder);
    this.http = builder.build();
    this.stages = stages(config, clock, lifetime);
    this.transport = new TransportStage(http, lifetime);
    if (config.insecure()) {
      LOG.log(Level.WARNING, "TLS certificate verification is DISABLED for server=" + config.server()
          + " (insecure-skip-tls-verify in " + config.source() + "); anyone on the network path can read and change"
          + " this traffic. Set certificate-authority or certificate-authority-data instead.");
    }
  }

  /**
   * The request stages in the order a request passes them. This is the one place the order is decided: retry is
   * outermost, so each attempt gets fresh headers and a fresh credential, as client-go's retry loop in
   * {@code Request.request} sits above its round-tripper chain.
   */
  static List<RequestStage> stages(ClientConfig config, Clock clock, Context lifetime) {
    List<RequestStage> stages = new ArrayList<>();
    stages.add(new RetryStage(clock, RetryStage.DEFAULT_MAX_RETRIES, lifetime));
    if (config.qps() > 0) {
      stages.add(new RateLimitStage(config.qps(), config.burst(), clock, lifetime)); // inside: every attempt waits
    }
    stages.addAll(List.of(
        new UserAgentStage(config.userAgent()),
        new AcceptStage(),
        new AuthorizationStage(config.credentials())));
    config.proxy().proxyAuthorization().ifPresent(value -> stages.add(new ProxyAuthorizationStage(value)));
    return List.copyOf(stages);
  }

  @Override
  public ClientConfig config() {
    return config;
  }

  Clock clock() {
    return clock;
  }

  /** Cancelled when this client is closed. */
  Context lifetime() {
    return lifetime;
  }

  @Override
  public <T> ResourceClient<T> resource(ResourceType<T> type) {
    Objects.requireNonNull(type, "type");
    return new DefaultResourceClient<>(this, type, null, Context.background(), config.requestTimeout());
  }

  @Override
  public JsonNode getRaw(String path) throws IOException, ApiException {
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("expected a path starting with '/' such as /version but was '" + path + "'");
    }
    int q = path.indexOf('?');
    KubeRequest request = KubeRequest.of("GET", config.server(), q < 0 ? path : path.substring(0, q),
        q < 0 ? "" : path.substring(q + 1)).withTimeout(config.requestTimeout());
    byte[] body = call(request);
    return body.length == 0 ? Json.object() : Json.reader(JsonNode.class).readValue(body);
  }

  /** A request for {@code path?query} on this client's server. */
  KubeRequest request(String method, String path, String query) {
    return KubeRequest.of(method, config.server(), path, query);
  }

  /** Runs {@code request} through the chain; the caller owns the response. */
  KubeResponse execute(KubeRequest request) throws IOException {
    if (closed) {
      throw new IllegalStateException("this KubeClient for " + config.server() + " is closed; create a new one");
    }
    return RequestStage.run(stages, transport, request);
  }

  /**
   * Runs an ordinary request and returns its body; a refusal throws {@link ApiException} (client-go's
   * {@code Request.Do} then {@code Result.Into}).
   */
  byte[] call(KubeRequest request) throws IOException, ApiException {
    byte[] body;
    int code;
    String contentType;
    String retryAfter;
    try (KubeResponse response = execute(request)) {
      body = response.bytes();
      code = response.code();
      contentType = response.header("Content-Type");
      retryAfter = response.header("Retry-After");
    }
    ApiException error = ResponseErrors.check(request, code, contentType, retryAfter, body);
    if (error != null) {
      LOG.log(Level.DEBUG, () -> "request refused request=" + request.describe() + " code=" + error.code()
          + " reason=" + error.reason());
      throw error;
    }
    return body;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    // Abort the exchanges in flight and close the open watch streams first: their readers return, and nothing
    // keeps the HttpClient reachable. Java 17's HttpClient has no close(): its selector thread ends once the client
    // is unreachable. Stopping the executor ends the threads we own.
    lifetime.cancel();
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "KubeClient[" + config.server() + (closed ? ", closed" : "") + "]";
  }

}
