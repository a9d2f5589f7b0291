package io.kubeloop.core.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.kubeloop.core.config.ClientConfig;
import io.kubeloop.core.config.ConfigException;
import io.kubeloop.core.config.KubeConfigLoader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: a CA, server and client certificates made with BouncyCastle, JDK HTTPS servers that ask for client
 * certificates, and a {@link java.net.http.HttpClient} configured only from a kubeconfig's {@link ClientConfig}.
 */
class TlsKubeconfigTest {
  static TestPki pki;
  static TestPki otherPki;
  /** Requires a client certificate; valid for 127.0.0.1 and localhost. */
  static HttpsServer mutual;
  /** Accepts a client certificate; valid only for api.kubeloop.test. */
  static HttpsServer named;
  /** Presents a certificate that expired an hour ago. */
  static HttpsServer expired;

  @TempDir Path tmp;

  @BeforeAll
  static void servers() throws Exception {
    pki = TestPki.create("kubeloop-test-ca");
    otherPki = TestPki.create("some-other-ca");
    mutual = start(pki.server("127.0.0.1", "localhost"), true);
    named = start(pki.server("api.kubeloop.test"), false);
    expired = start(pki.expiredServer("127.0.0.1"), false);
  }

  @AfterAll
  static void stop() {
    for (HttpsServer s : new HttpsServer[] {mutual, named, expired}) {
      if (s != null) {
        s.stop(0);
      }
    }
  }

  /** An HTTPS server on 127.0.0.1 that answers with the client certificate's subject, the SNI and the auth scheme. */
  static HttpsServer start(TestPki.Issued certificate, boolean needClientAuth) throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("server", certificate.keys().getPrivate(), new char[0],
        new Certificate[] {certificate.certificate(), pki.ca().certificate()});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, new char[0]);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", pki.ca().certificate());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);

    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(context) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters p = context.getDefaultSSLParameters();
        if (needClientAuth) {
          p.setNeedClientAuth(true);
        } else {
          p.setWantClientAuth(true);
        }
        params.setSSLParameters(p);
      }
    });
    server.createContext("/", exchange -> {
      SSLSession session = ((HttpsExchange) exchange).getSSLSession();
      String subject = "anonymous";
      try {
        subject = ((X509Certificate) session.getPeerCertificates()[0]).getSubjectX500Principal().getName();
      } catch (javax.net.ssl.SSLPeerUnverifiedException none) {
        // no client certificate
      }
      String sni = session instanceof ExtendedSSLSession e ? e.getRequestedServerNames().toString() : "";
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      String body = subject + "|" + sni + "|" + (auth == null ? "no-auth" : auth.split(" ")[0]);
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
    return server;
  }

  static String url(HttpsServer server) {
    return "https://127.0.0.1:" + server.getAddress().getPort();
  }

  static String b64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
  }

  Path kubeconfig(String server, String clusterFields, String userFields) throws IOException {
    Path f = tmp.resolve("config");
    Files.writeString(f, """
        apiVersion: v1
        kind: Config
        current-context: test
        clusters:
        - name: test-cluster
          cluster:
            server: %s
        %s
        users:
        - name: test-user
          user:
        %s
        contexts:
        - name: test
          context: {cluster: test-cluster, user: test-user}
        """.formatted(server, clusterFields.indent(4).stripTrailing(), userFields.indent(4).stripTrailing()));
    return f;
  }

  ClientConfig load(Path kubeconfig) {
    return KubeConfigLoader.builder().env(Map.of()).home(tmp).root(tmp).build().fromKubeconfig(kubeconfig);
  }

  /** What a KubeClient does with a ClientConfig, in four lines. */
  static String get(ClientConfig config) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().sslContext(config.sslContext()).sslParameters(config.sslParameters())
        .connectTimeout(Duration.ofSeconds(10)).build();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.server() + "/whoami"))
        .timeout(Duration.ofSeconds(10));
    config.credentials().authorization().ifPresent(v -> request.header("Authorization", v));
    HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    return response.body();
  }

  static String messages(Throwable t) {
    List<String> out = new ArrayList<>();
    for (Throwable c = t; c != null; c = c.getCause()) {
      out.add(c.getClass().getSimpleName() + ": " + c.getMessage());
    }
    return String.join(" <- ", out);
  }

  String caFile() throws IOException {
    Files.writeString(tmp.resolve("ca.crt"), pki.caPem());
    return "certificate-authority: ca.crt";
  }

  @Test
  void rsaPkcs1ClientCertificateFromFiles() throws Exception {
    TestPki.Issued user = pki.clientRsa("rsa-user");
    Files.writeString(tmp.resolve("user.crt"), user.certificatePem());
    Files.writeString(tmp.resolve("user.key"), user.traditionalKeyPem());
    assertTrue(user.traditionalKeyPem().startsWith("-----BEGIN RSA PRIVATE KEY-----"));
    ClientConfig config = load(kubeconfig(url(mutual), caFile(),
        "client-certificate: user.crt\nclient-key: user.key\ntoken: abc"));
    assertEquals("CN=rsa-user|[]|Bearer", get(config));
  }

  @Test
  void pkcs8ClientKeyFromData() throws Exception {
    TestPki.Issued user = pki.clientRsa("pkcs8-user");
    assertTrue(user.pkcs8KeyPem().startsWith("-----BEGIN PRIVATE KEY-----"));
    ClientConfig config = load(kubeconfig(url(mutual), "certificate-authority-data: " + b64(pki.caPem()),
        "client-certificate-data: " + b64(user.certificatePem()) + "\nclient-key-data: " + b64(user.pkcs8KeyPem())));
    assertEquals("CN=pkcs8-user|[]|no-auth", get(config));
  }

  @Test
  void ecClientKey() throws Exception {
    TestPki.Issued user = pki.clientEc("ec-user");
    assertTrue(user.traditionalKeyPem().contains("-----BEGIN EC PRIVATE KEY-----"));
    ClientConfig config = load(kubeconfig(url(mutual), caFile(),
        "client-certificate-data: " + b64(user.certificatePem()) + "\nclient-key-data: " + b64(user.traditionalKeyPem())));
    assertEquals("CN=ec-user|[]|no-auth", get(config));
  }

  @Test
  void dataWinsOverFile() throws Exception {
    TestPki.Issued right = pki.clientRsa("from-data");
    TestPki.Issued wrong = pki.clientRsa("from-file");
    Files.writeString(tmp.resolve("other-ca.crt"), otherPki.caPem());
    Files.writeString(tmp.resolve("wrong.crt"), wrong.certificatePem());
    Files.writeString(tmp.resolve("wrong.key"), wrong.pkcs8KeyPem());
    ClientConfig config = load(kubeconfig(url(mutual),
        "certificate-authority: other-ca.crt\ncertificate-authority-data: " + b64(pki.caPem()),
        "client-certificate: wrong.crt\nclient-key: wrong.key\nclient-certificate-data: " + b64(right.certificatePem())
            + "\nclient-key-data: " + b64(right.traditionalKeyPem())));
    assertEquals("CN=from-data|[]|no-auth", get(config));
  }

  @Test
  void wrongCaFailsSayingTheServerIsNotTrusted() throws Exception {
    TestPki.Issued user = pki.clientRsa("u");
    ClientConfig config = load(kubeconfig(url(mutual), "certificate-authority-data: " + b64(otherPki.caPem()),
        "client-certificate-data: " + b64(user.certificatePem()) + "\nclient-key-data: " + b64(user.pkcs8KeyPem())));
    IOException e = assertThrows(IOException.class, () -> get(config));
    String m = messages(e);
    assertTrue(m.contains("issued by CN=kubeloop-test-ca is not trusted by the certificate-authority configured for "
        + "cluster \"test-cluster\""), m);
    assertTrue(m.contains("[CN=some-other-ca]"), m);
  }

  @Test
  void expiredServerCertificateFailsSayingExpired() throws Exception {
    ClientConfig config = load(kubeconfig(url(expired), caFile(), "token: t"));
    IOException e = assertThrows(IOException.class, () -> get(config));
    String m = messages(e);
    assertTrue(m.contains("[subject CN=expired-server] expired at "), m);
  }

  @Test
  void mismatchedKeyFailsAtLoadNamingBothInputs() throws Exception {
    TestPki.Issued alice = pki.clientRsa("alice");
    TestPki.Issued bob = pki.clientRsa("bob");
    Files.writeString(tmp.resolve("alice.crt"), alice.certificatePem());
    Files.writeString(tmp.resolve("bob.key"), bob.traditionalKeyPem());
    Path f = kubeconfig(url(mutual), caFile(), "client-certificate: alice.crt\nclient-key: bob.key");
    ConfigException e = assertThrows(ConfigException.class, () -> load(f));
    assertTrue(e.getMessage().startsWith("client-key " + tmp.resolve("bob.key") + " of user \"test-user\" in " + f
        + " does not match client-certificate " + tmp.resolve("alice.crt")), e.getMessage());
    assertFalse(e.getMessage().contains("PRIVATE KEY"), e.getMessage());
  }

  @Test
  void expiredClientCertificateFailsAtLoad() throws Exception {
    TestPki.Issued old = pki.expiredClient("old");
    Path f = kubeconfig(url(mutual), caFile(),
        "client-certificate-data: " + b64(old.certificatePem()) + "\nclient-key-data: " + b64(old.pkcs8KeyPem()));
    ConfigException e = assertThrows(ConfigException.class, () -> load(f));
    assertTrue(e.getMessage().contains("expired at"), e.getMessage());
    assertTrue(e.getMessage().contains("renew the client certificate"), e.getMessage());
  }

  @Test
  void unreadableKeysNameTheFileAndNeverTheContent() throws Exception {
    TestPki.Issued user = pki.clientRsa("u");
    Files.writeString(tmp.resolve("user.crt"), user.certificatePem());
    Files.writeString(tmp.resolve("garbage.key"), "-----BEGIN RSA PRIVATE KEY-----\nSECRETbm90IGEga2V5\n"
        + "-----END RSA PRIVATE KEY-----\n");
    Path f = kubeconfig(url(mutual), caFile(), "client-certificate: user.crt\nclient-key: garbage.key");
    ConfigException e = assertThrows(ConfigException.class, () -> load(f));
    assertTrue(e.getMessage().contains("client-key " + tmp.resolve("garbage.key") + " of user \"test-user\""),
        e.getMessage());
    assertTrue(e.getMessage().contains("cannot be read as a PEM private key"), e.getMessage());
    assertFalse(messages(e).contains("SECRET"), messages(e));

    Files.writeString(tmp.resolve("empty.key"), "no pem here");
    Path g = kubeconfig(url(mutual), caFile(), "client-certificate: user.crt\nclient-key: empty.key");
    assertTrue(assertThrows(ConfigException.class, () -> load(g)).getMessage().contains("contains no PEM private key"));

    Path h = kubeconfig(url(mutual), caFile(), "client-certificate: user.crt\nclient-key: absent.key");
    ConfigException missing = assertThrows(ConfigException.class, () -> load(h));
    assertTrue(missing.getMessage().startsWith("unable to read client-key " + tmp.resolve("absent.key")
        + " for user \"test-user\""), missing.getMessage());
  }

  @Test
  void tlsServerNameIsVerifiedAndSentAsSni() throws Exception {
    ClientConfig byIp = load(kubeconfig(url(named), caFile(), "token: t"));
    String m = messages(assertThrows(IOException.class, () -> get(byIp)));
    assertTrue(m.contains("is valid for [api.kubeloop.test] but not for 127.0.0.1"), m);
    assertTrue(m.contains("set tls-server-name"), m);

    ClientConfig withName = load(kubeconfig(url(named), caFile() + "\ntls-server-name: api.kubeloop.test", "token: t"));
    assertEquals("anonymous|[type=host_name (0), value=api.kubeloop.test]|Bearer", get(withName));

    // With a DNS name in the URL the JDK HttpClient would send that name as SNI; tls-server-name must win.
    ClientConfig byDnsName = load(kubeconfig("https://localhost:" + named.getAddress().getPort(),
        caFile() + "\ntls-server-name: api.kubeloop.test", "token: t"));
    assertEquals("anonymous|[type=host_name (0), value=api.kubeloop.test]|Bearer", get(byDnsName));

    ClientConfig wrongName = load(kubeconfig(url(named), caFile() + "\ntls-server-name: other.test", "token: t"));
    String w = messages(assertThrows(IOException.class, () -> get(wrongName)));
    assertTrue(w.contains("but not for other.test (tls-server-name); fix tls-server-name of cluster"), w);
  }

  @Test
  void insecureSkipsVerificationOnlyWhenAsked() throws Exception {
    ClientConfig insecure = load(kubeconfig(url(expired), "insecure-skip-tls-verify: true", "token: t"));
    assertTrue(insecure.insecure());
    assertEquals("anonymous|[]|Bearer", get(insecure));
    assertTrue(insecure.toString().contains("INSECURE"), insecure.toString());
  }

  @Test
  void execPluginCertificateIsPresentedAndRotatesAtExpiry() throws Exception {
    Path script = tmp.resolve("plugin.sh");
    try (var in = TlsKubeconfigTest.class.getResourceAsStream("/io/kubeloop/core/config/exec-plugin.sh")) {
      Files.write(script, in.readAllBytes());
    }
    assertTrue(script.toFile().setExecutable(true));
    Path output = tmp.resolve("out.json");
    java.time.Instant start = java.time.Instant.parse("2024-01-01T00:00:00Z");
    writeCredential(output, pki.clientEc("exec-user-1"), start.plusSeconds(600));
    Path f = kubeconfig(url(mutual), caFile(), """
        exec:
          apiVersion: client.authentication.k8s.io/v1
          interactiveMode: Never
          command: ./plugin.sh
          env:
          - {name: COUNTER_FILE, value: %s}
          - {name: INFO_FILE, value: %s}
          - {name: ARGS_FILE, value: %s}
          - {name: OUTPUT_FILE, value: %s}""".formatted(tmp.resolve("count"), tmp.resolve("info"),
        tmp.resolve("args"), output));
    io.kubeloop.core.config.TestClock clock = new io.kubeloop.core.config.TestClock(start);
    ClientConfig config = KubeConfigLoader.builder().env(Map.of("PATH", System.getenv("PATH"))).home(tmp).root(tmp)
        .clock(clock).stdinIsTerminal(false).build().fromKubeconfig(f);
    assertEquals("CN=exec-user-1|[]|no-auth", get(config));
    assertEquals("CN=exec-user-1|[]|no-auth", get(config));
    assertEquals("1", Files.readString(tmp.resolve("count")).trim(), "cached until expirationTimestamp");

    writeCredential(output, pki.clientRsa("exec-user-2"), start.plusSeconds(1200));
    clock.step(Duration.ofMinutes(10));
    assertEquals("CN=exec-user-2|[]|no-auth", get(config), "the next handshake uses the rotated certificate");
    assertEquals("2", Files.readString(tmp.resolve("count")).trim());
  }

  static void writeCredential(Path output, TestPki.Issued cert, java.time.Instant expiry) throws IOException {
    Files.writeString(output, "{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
        + "\"status\":{\"clientCertificateData\":" + io.kubeloop.core.api.Json.write(cert.certificatePem())
        + ",\"clientKeyData\":" + io.kubeloop.core.api.Json.write(cert.traditionalKeyPem())
        + ",\"expirationTimestamp\":\"" + expiry + "\"}}");
  }
}
