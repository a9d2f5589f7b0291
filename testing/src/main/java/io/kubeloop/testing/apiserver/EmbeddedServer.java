package io.kubeloop.testing.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.kubeloop.core.clock.Clock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The engine behind {@link ApiServer}: binds the JDK HTTP(S) server, wires storage, registry,
 * verbs, watches and controllers, and bootstraps the built-in namespaces. Java counterpart of the kube-apiserver's
 * {@code GenericAPIServer} assembly (k8s.io/apiserver pkg/server). Internal: use {@code ApiServer}.
 *
 * <p>Threads: one daemon thread per HTTP exchange ({@code kubeloop-apiserver-http-N}; a watch holds its thread
 * while open) and one for the controllers ({@code kubeloop-apiserver-controllers}). {@link #close()} stops all.
 */
public final class EmbeddedServer implements AutoCloseable {
  /**
   * Server settings; see {@code ApiServer.Builder} for their meaning and defaults.
   *
   * @param watchLifetime {@code null} for the real server's random 30 to 60 minutes
   */
  public record Settings(int port, boolean tls, int historyWindow, Duration bookmarkInterval, Duration watchLifetime,
      int watchQueueCapacity, Clock clock) {
    public Settings {
      Objects.requireNonNull(bookmarkInterval, "bookmarkInterval");
      Objects.requireNonNull(clock, "clock");
    }
  }

  /** A client certificate and its PKCS#8 key, both PEM. */
  public record ClientCertificate(String certificatePem, String keyPem) {}

  static {
    // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm meets the
    // client's delayed ACK and every response waits about 40 ms. The property is read once, when the JDK's
    // server configuration class loads, so it is set here before the first server is created (unless the
    // application chose a value itself).
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final ServerState state;
  private final HttpServer http;
  private final ExecutorService executor;
  private final CertificateAuthority ca;
  private final Lifecycle lifecycle;
  private final Map<String, CertificateAuthority.Issued> certificates = new ConcurrentHashMap<>();

  /**
   * Builds the server and binds its port; {@link #start()} begins serving.
   *
   * @throws IOException if the port cannot be bound
   */
  public EmbeddedServer(Settings settings, ServerHooks hooks) throws IOException {
    this.state = new ServerState(settings, new Authenticator(settings.tls()), hooks);
    this.lifecycle = new Lifecycle(state.store());
    state.store().setLifecycle(lifecycle);
    bootstrap();
    AtomicInteger threads = new AtomicInteger();
    this.executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
        r -> {
          Thread t = new Thread(r, "kubeloop-apiserver-http-" + threads.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port());
    if (settings.tls()) {
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
  }

  private void bootstrap() {
    ResourceType ns = state.registry().find("", "v1", "namespaces");
    for (String name : new String[] {"default", "kube-system", "kube-public", "kube-node-lease"}) {
      ObjectNode o = Json.object();
      o.putObject("metadata").put("name", name);
      state.store().create(ns, "", o, WriteOptions.defaults());
    }
  }

  public void start() {
    http.start();
    state.setHostPort("127.0.0.1:" + port());
  }

  public int port() {
    return http.getAddress().getPort();
  }

  /** The current global resourceVersion. */
  public long resourceVersion() {
    return state.storage().revision();
  }

  /** Forgets all history up to now (every older resume gets 410 Expired). */
  public void compact() {
    state.storage().compact();
  }

  /** Accepts {@code Authorization: Bearer <token>} as {@code user}. */
  public void addToken(String token, String user) {
    state.auth().addToken(token, user);
  }

  /** Issues a client certificate (subject CN {@code user}, plus {@code O=system:masters} for an admin). */
  public ClientCertificate issueClientCertificate(String user, boolean admin) {
    requireTls();
    CertificateAuthority.Issued issued = ca.issueClient(user, admin);
    certificates.put(user, issued);
    return new ClientCertificate(issued.certificatePem(), issued.keyPem());
  }

  /** Client TLS trusting this server's CA and presenting {@code certificateUser}'s certificate if not null. */
  public SSLContext clientSslContext(String certificateUser) {
    requireTls();
    return ca.clientContext(certificateUser == null ? null : certificates.get(certificateUser));
  }

  /** The CA certificate (PEM), or {@code null} without TLS. */
  public String caPem() {
    return ca == null ? null : ca.caPem();
  }

  private void requireTls() {
    if (ca == null) {
      throw new IllegalStateException("this server has no TLS; build it with tls(true)");
    }
  }

  /** Ends every watch, stops serving and stops every thread. */
  @Override
  public void close() {
    state.markClosed();
    state.storage().allSinks().forEach(Storage.Sink::end);
    http.stop(0);
    executor.shutdownNow();
    lifecycle.close();
  }
}
