package io.kubeloop.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.api.Lease;
import io.kubeloop.core.config.ClientConfig;
import io.kubeloop.core.config.ConfigException;
import io.kubeloop.core.config.HttpProxy;
import io.kubeloop.core.config.KubeConfigLoader;
import io.kubeloop.core.tls.TestPki;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests through an HTTP proxy, the MockWebServer playing the proxy: absolute-form requests to an http server,
 * a CONNECT tunnel to an https server (configured from a kubeconfig's {@code proxy-url}), and proxy credentials
 * answered to the proxy's 407 only, never to the API server's 401.
 */
@Timeout(20)
class ProxyTest {
  static final String LEASE = """
      {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"a","namespace":"ns","resourceVersion":"7"}}""";

  static final String TUNNELING = "jdk.http.auth.tunneling.disabledSchemes";

  final MockWebServer proxy = new MockWebServer();
  final TestClock clock = new TestClock();
  @TempDir Path tmp;
  KubeClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    proxy.close();
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
  }

  URI proxyUri(String userInfo) {
    return URI.create("http://" + (userInfo == null ? "" : userInfo + "@") + "127.0.0.1:" + proxy.getPort());
  }

  RecordedRequest take() throws InterruptedException {
    RecordedRequest r = proxy.takeRequest(5, TimeUnit.SECONDS);
    assertTrue(r != null, "the proxy saw no request");
    return r;
  }

  @Test
  void anHttpServerIsReachedWithAbsoluteFormRequestsToTheProxy() throws Exception {
    proxy.start();
    proxy.enqueue(json(200, LEASE));
    client = KubeClient.create(ClientConfig.builder(URI.create("http://kube.example:8080"))
        .proxy(HttpProxy.of(proxyUri(null))).build(), clock);
    assertEquals("7", client.resource(Lease.TYPE).inNamespace("ns").get("a").metadata().resourceVersion());
    RecordedRequest r = take();
    assertEquals("GET http://kube.example:8080/apis/coordination.k8s.io/v1/namespaces/ns/leases/a HTTP/1.1",
        r.getRequestLine());
    assertNull(r.getHeaders().get("Proxy-Authorization"), "no credentials configured, none sent");
  }

  @Test
  void proxyCredentialsGoToTheProxyOnEveryRequestAndNeverAnswerTheServer() throws Exception {
    proxy.start();
    proxy.enqueue(json(200, LEASE));
    proxy.enqueue(json(401, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Unauthorized\",\"code\":401}"));
    ClientConfig config = ClientConfig.builder(URI.create("http://kube.example:8080"))
        .proxy(HttpProxy.of(proxyUri("alice:p%40ss%3Aword"))).build();
    assertFalse(config.toString().contains("p@ss") || config.toString().contains("p%40ss"), config.toString());
    client = KubeClient.create(config, clock);

    client.resource(Lease.TYPE).inNamespace("ns").get("a");
    String expected = "Basic " + Base64.getEncoder().encodeToString("alice:p@ss:word".getBytes(StandardCharsets.UTF_8));
    assertEquals(expected, take().getHeaders().get("Proxy-Authorization"), "sent up front, as Go does");

    ApiException e = assertThrows(ApiException.class, () -> client.resource(Lease.TYPE).inNamespace("ns").get("a"));
    assertEquals(401, e.code(), "a 401 without WWW-Authenticate stays an API error");
    assertNull(take().getHeaders().get("Authorization"), "the proxy's password never answers the server");
    assertEquals(2, proxy.getRequestCount(), "a 401 is not retried with the proxy's credentials");
  }

  @Test
  void anHttpsServerFromAKubeconfigIsReachedThroughAConnectTunnel() throws Exception {
    TestPki pki = TestPki.create("proxy-test-ca");
    TestPki.Issued cert = pki.server("kube.example");
    proxy.useHttps(serverTls(pki, cert).getSocketFactory());
    proxy.start();
    proxy.enqueue(new MockResponse.Builder().inTunnel().build());
    proxy.enqueue(json(200, LEASE));
    Path kubeconfig = tmp.resolve("config");
    Files.writeString(kubeconfig, """
        apiVersion: v1
        kind: Config
        current-context: c
        contexts: [{name: c, context: {cluster: k, user: u}}]
        clusters: [{name: k, cluster: {server: "https://kube.example", certificate-authority-data: "%s", proxy-url: "%s"}}]
        users: [{name: u, user: {token: "t0ken"}}]
        """.formatted(Base64.getEncoder().encodeToString(pki.caPem().getBytes(StandardCharsets.US_ASCII)),
        proxyUri("bob:tunnel-secret")));
    ClientConfig config = KubeConfigLoader.builder().env(Map.of("KUBECONFIG", kubeconfig.toString())).home(tmp)
        .build().load();
    assertEquals(proxyUri(null), config.proxy().uri().orElseThrow(), "the proxy's address, without credentials");
    client = KubeClient.create(config, clock);

    assertEquals("7", client.resource(Lease.TYPE).inNamespace("ns").get("a").metadata().resourceVersion());
    RecordedRequest connect = take();
    assertEquals("CONNECT kube.example:443 HTTP/1.1", connect.getRequestLine());
    assertNull(connect.getHeaders().get("Authorization"), "the bearer token stays inside the tunnel");
    assertEquals("Basic " + Base64.getEncoder().encodeToString("bob:tunnel-secret".getBytes(StandardCharsets.UTF_8)),
        connect.getHeaders().get("Proxy-Authorization"), "the proxy's credentials go on the CONNECT");
    RecordedRequest get = take();
    assertEquals("/apis/coordination.k8s.io/v1/namespaces/ns/leases/a", get.getTarget());
    assertEquals("Bearer t0ken", get.getHeaders().get("Authorization"));
    assertNull(get.getHeaders().get("Proxy-Authorization"), "and never through the tunnel to the server");
    assertEquals("kube.example", get.getHandshakeServerNames().get(0), "TLS to the server itself, with its name");
  }

  @Test
  void credentialsForATunnelNeedTheJdkOptionAndTheErrorSaysSo() {
    // The JDK's default, Basic disabled for tunnels (this test JVM runs with it enabled, see core/pom.xml); the JDK
    // itself read the option long ago, so this only changes what the configuration sees.
    String before = System.getProperty(TUNNELING);
    System.setProperty(TUNNELING, "Digest, Basic");
    ConfigException e;
    try {
      e = assertThrows(ConfigException.class, () -> ClientConfig.builder(URI.create("https://kube.example"))
          .proxy(HttpProxy.of(URI.create("http://alice:hunter2@proxy.example:3128"))).build());
    } finally {
      if (before == null) {
        System.clearProperty(TUNNELING);
      } else {
        System.setProperty(TUNNELING, before);
      }
    }
    assertTrue(e.getMessage().contains("-Djdk.http.auth.tunneling.disabledSchemes="), e.getMessage());
    assertTrue(e.getMessage().contains("http://proxy.example:3128"), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
  }

  static SSLContext serverTls(TestPki pki, TestPki.Issued cert) throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("server", cert.keys().getPrivate(), new char[0],
        new Certificate[] {cert.certificate(), pki.ca().certificate()});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, new char[0]);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    return context;
  }
}
