package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.kubeloop.core.clock.Clock;
import io.kubeloop.core.config.ClientConfig;
import io.kubeloop.core.config.CredentialProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An embedded, in-memory Kubernetes API server that speaks the real HTTP API of Kubernetes 1.32 on a loopback
 * port: the server of kubeloop's tests, of the examples' embedded default, and of users' tests. The real
 * {@code kubectl} works against it. What it models and what it simplifies is listed in {@code testing/README.md};
 * the specification is {@code shared/reference/apiserver.md}. Plays the role envtest's etcd + kube-apiserver pair
 * plays for Go controllers, without any external process.
 *
 * <pre>{@code
 * try (ApiServer server = ApiServer.start()) {                         // HTTP on a free loopback port
 *   server.writeKubeconfig(Path.of("kubeconfig"));                    // for kubectl or a client
 *   server.faults().failNext(1, r -> r.method().equals("PUT"), 409);
 *   server.requests().all();                                          // what the code under test sent
 * }
 * try (ApiServer secure = ApiServer.builder().tls(true).build().start()) {
 *   Credentials alice = secure.addCertificateUser("alice");           // or addTokenUser("bob")
 * }
 * }</pre>
 *
 * <p>Identity: over HTTPS, a client certificate's subject CN or a known bearer token; anything else gets 401.
 * Over HTTP, a known bearer token, else the {@code User-Agent} header. Identities drive {@link Faults#partition}
 * and appear in {@link RecordedRequest#identity()}.
 *
 * <p>Threads: each request runs on a daemon thread named {@code kubeloop-apiserver-http-N} (a watch holds its
 * thread while open); follow-up work of the built-in controllers runs on {@code kubeloop-apiserver-controllers}.
 * {@link #close()} ends every watch, stops all threads and releases the port. Thread-safe.
 */
public final class ApiServer implements AutoCloseable {
  /** Default number of retained changes for watch resume and exact lists. */
  public static final int DEFAULT_HISTORY_WINDOW = 10_000;
  /** Default bookmark cadence, as the real watch cache (about a minute). */
  public static final Duration DEFAULT_BOOKMARK_INTERVAL = Duration.ofMinutes(1);

  private final Builder config;
  private final ServerState state;
  private final HttpServer http;
  private final ExecutorService executor;
  private final CertificateAuthority ca;
  private final Credentials admin;
  private final Map<String, CertificateAuthority.Issued> certificates = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

  private ApiServer(Builder config) throws IOException {
    this.config = config;
    Authenticator auth = new Authenticator(config.tls);
    this.state = new ServerState(config, auth);
    Lifecycle lifecycle = new Lifecycle(state.store());
    state.store().setLifecycle(lifecycle);
    bootstrap();
    AtomicInteger threads = new AtomicInteger();
    this.executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
        r -> {
          Thread t = new Thread(r, "kubeloop-apiserver-http-" + threads.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port);
    if (config.tls) {
      this.ca = new CertificateAuthority();
      HttpsServer https = HttpsServer.create(address, 128);
      SSLContext ssl = ca.serverContext(ca.issueServer());
      https.setHttpsConfigurator(new HttpsConfigurator(ssl) {
        @Override
        public void configure(HttpsParameters params) {
          SSLParameters p = ssl.getDefaultSSLParameters();
          p.setWantClientAuth(true);
          params.setSSLParameters(p);
        }
      });
      this.http = https;
    } else {
      this.ca = null;
      this.http = HttpServer.create(address, 128);
    }
    http.createContext("/", new Router(state));
    http.setExecutor(executor);
    this.lifecycleToClose = lifecycle;
    this.admin = config.tls ? addCertificateUser("kubeloop-admin", true) : null;
  }

  private final Lifecycle lifecycleToClose;

  /** Starts a plain-HTTP server on a free loopback port with the defaults. */
  public static ApiServer start() {
    return builder().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  private void bootstrap() {
    ResourceType ns = state.registry().find("", "v1", "namespaces");
    for (String name : new String[] {"default", "kube-system", "kube-public", "kube-node-lease"}) {
      ObjectNode o = Json.object();
      o.putObject("metadata").put("name", name);
      state.store().create(ns, "", o, WriteOptions.defaults());
    }
  }

  private ApiServer startInternal() {
    http.start();
    state.setHostPort("127.0.0.1:" + port());
    return this;
  }

  /** The bound port. */
  public int port() {
    return http.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:PORT} or {@code https://127.0.0.1:PORT}, without a trailing slash. */
  public String url() {
    return (config.tls ? "https" : "http") + "://127.0.0.1:" + port();
  }

  public boolean isTls() {
    return config.tls;
  }

  /** The CA certificate (PEM) that signed the serving certificate; {@code null} without TLS. */
  public String caCertificatePem() {
    return ca == null ? null : ca.caPem();
  }

  /** Fault injection for this server. */
  public Faults faults() {
    return state.faults();
  }

  /** Every request received so far. */
  public RequestLog requests() {
    return state.log();
  }

  /** The current global resourceVersion (the last committed write). */
  public long resourceVersion() {
    return state.storage().revision();
  }

  /** Registers a new user authenticated by a random bearer token. Works over HTTP and HTTPS. */
  public Credentials addTokenUser(String user) {
    Objects.requireNonNull(user, "user");
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    state.auth().addToken(token, user);
    return new Credentials(user, token, null, null);
  }

  /** Issues a client certificate for {@code user} (subject CN). Requires TLS. */
  public Credentials addCertificateUser(String user) {
    return addCertificateUser(user, false);
  }

  private Credentials addCertificateUser(String user, boolean admin) {
    if (ca == null) {
      throw new IllegalStateException("client certificates need TLS; build the server with tls(true)");
    }
    CertificateAuthority.Issued issued = ca.issueClient(user, admin);
    certificates.put(user, issued);
    return new Credentials(user, null, issued.certificatePem(), issued.keyPem());
  }

  /** The administrator's credentials: a client certificate with TLS, {@code null} for plain HTTP (no auth). */
  public Credentials adminCredentials() {
    return admin;
  }

  /**
   * An {@link SSLContext} for a JDK client of this server that trusts its CA and, for a certificate user,
   * presents that user's certificate. Requires TLS.
   */
  public SSLContext clientSslContext(Credentials credentials) {
    if (ca == null) {
      throw new IllegalStateException("this server has no TLS; build it with tls(true)");
    }
    CertificateAuthority.Issued issued = credentials == null || credentials.certificatePem() == null ? null
        : certificates.get(credentials.user());
    return ca.clientContext(issued);
  }

  /**
   * A resolved client configuration for the administrator (no credentials over HTTP; the admin client
   * certificate over HTTPS), namespace {@code default}: what a kubeloop client or informer under test needs.
   */
  public ClientConfig clientConfig() {
    return clientConfig(admin);
  }

  /** A resolved client configuration for {@code user} ({@code null}: no credentials, fine over HTTP). */
  public ClientConfig clientConfig(Credentials user) {
    ClientConfig.Builder b = ClientConfig.builder(URI.create(url())).namespace("default")
        .source("embedded ApiServer " + url());
    if (ca != null) {
      b.sslContext(clientSslContext(user));
    }
    if (user != null && user.token() != null) {
      String header = "Bearer " + user.token();
      b.credentials(new CredentialProvider() {
        @Override
        public Optional<String> authorization() {
          return Optional.of(header);
        }

        @Override
        public String toString() {
          return "token for " + user.user();
        }
      });
    }
    return b.build();
  }

  /** A kubeconfig (YAML) for the administrator: context {@code kubeloop}, namespace {@code default}. */
  public String kubeconfigYaml() {
    return kubeconfigYaml(admin);
  }

  /** A kubeconfig (YAML) for the given user ({@code null}: no credentials, fine over HTTP). */
  public String kubeconfigYaml(Credentials user) {
    Base64.Encoder b64 = Base64.getEncoder();
    StringBuilder y = new StringBuilder();
    y.append("apiVersion: v1\nkind: Config\nclusters:\n- name: kubeloop\n  cluster:\n")
        .append("    server: ").append(url()).append('\n');
    if (ca != null) {
      y.append("    certificate-authority-data: ")
          .append(b64.encodeToString(ca.caPem().getBytes(StandardCharsets.US_ASCII))).append('\n');
    }
    String userName = user == null ? "kubeloop" : user.user();
    y.append("contexts:\n- name: kubeloop\n  context:\n    cluster: kubeloop\n    user: ").append(userName)
        .append("\n    namespace: default\ncurrent-context: kubeloop\nusers:\n- name: ").append(userName)
        .append('\n');
    if (user == null) {
      y.append("  user: {}\n");
    } else if (user.token() != null) {
      y.append("  user:\n    token: ").append(user.token()).append('\n');
    } else {
      y.append("  user:\n    client-certificate-data: ")
          .append(b64.encodeToString(user.certificatePem().getBytes(StandardCharsets.US_ASCII)))
          .append("\n    client-key-data: ")
          .append(b64.encodeToString(user.keyPem().getBytes(StandardCharsets.US_ASCII))).append('\n');
    }
    return y.toString();
  }

  /** Writes {@link #kubeconfigYaml()} to {@code file} (owner-readable only where the file system allows). */
  public Path writeKubeconfig(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, kubeconfigYaml());
      try {
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the kubeconfig to " + file + ": " + e.getMessage()
          + "; choose a writable path", e);
    }
  }

  /** Ends every watch, stops the HTTP threads and the controllers, and releases the port. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    state.markClosed();
    state.faults().reset();
    state.storage().allSinks().forEach(Storage.Sink::end);
    http.stop(0);
    executor.shutdownNow();
    lifecycleToClose.close();
  }

  @Override
  public String toString() {
    return "ApiServer[" + url() + "]";
  }

  /**
   * Configuration of an {@link ApiServer}. Defaults: a free port, plain HTTP, history of
   * {@value #DEFAULT_HISTORY_WINDOW} changes, bookmarks every minute, watches that live 30 to 60 minutes, the
   * system clock.
   */
  public static final class Builder {
    int port;
    boolean tls;
    int historyWindow = DEFAULT_HISTORY_WINDOW;
    Duration bookmarkInterval = DEFAULT_BOOKMARK_INTERVAL;
    Duration watchLifetime;
    int watchQueueCapacity = 10_000;
    Clock clock = Clock.system();

    private Builder() {}

    /** The port to bind on 127.0.0.1; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("expected a port in 0..65535 but was " + port);
      }
      this.port = port;
      return this;
    }

    /** HTTPS with a generated CA, client-certificate and bearer-token authentication. Default {@code false}. */
    public Builder tls(boolean tls) {
      this.tls = tls;
      return this;
    }

    /** How many changes are retained for watch resume and exact lists; older ones get 410 Expired. */
    public Builder historyWindow(int changes) {
      if (changes < 1) {
        throw new IllegalArgumentException("expected historyWindow >= 1 but was " + changes);
      }
      this.historyWindow = changes;
      return this;
    }

    /** How often a watch that allows bookmarks gets one, on the server's clock. Default one minute. */
    public Builder bookmarkInterval(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("expected a positive bookmarkInterval but was " + interval);
      }
      this.bookmarkInterval = interval;
      return this;
    }

    /**
     * How long a watch without {@code timeoutSeconds} stays open, on the server's clock. Default: random 30 to
     * 60 minutes, as the real server ({@code kubectl get -w} exits when the stream ends).
     */
    public Builder watchLifetime(Duration lifetime) {
      if (lifetime.isNegative() || lifetime.isZero()) {
        throw new IllegalArgumentException("expected a positive watchLifetime but was " + lifetime);
      }
      this.watchLifetime = lifetime;
      return this;
    }

    /** How many undelivered events a watch may fall behind before the server ends it. Default 10 000. */
    public Builder watchQueueCapacity(int events) {
      if (events < 1) {
        throw new IllegalArgumentException("expected watchQueueCapacity >= 1 but was " + events);
      }
      this.watchQueueCapacity = events;
      return this;
    }

    /** The clock for timestamps, bookmarks and watch lifetimes. Default {@link Clock#system()}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Creates the server (binding the port) and starts serving. */
    public ApiServer start() {
      return build().startInternal();
    }

    /** Creates the server, bound but not yet serving; call {@link ApiServer#startServing()}. */
    public ApiServer build() {
      try {
        return new ApiServer(this);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot bind the embedded API server to 127.0.0.1:" + port + ": "
            + e.getMessage() + "; choose another port or 0 for a free one", e);
      }
    }
  }

  /** Starts serving a server made with {@link Builder#build()}. */
  public ApiServer startServing() {
    return startInternal();
  }
}
