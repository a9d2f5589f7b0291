package io.kubeloop.testing.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** HTTPS with the generated CA: client certificates and bearer tokens name identities; strangers get 401. */
class TlsTest {
  private final ApiServer server = ApiServer.builder().tls(true).start();

  @AfterEach
  void close() {
    server.close();
  }

  private Http client(Credentials credentials) {
    HttpClient c = HttpClient.newBuilder().sslContext(server.clientSslContext(credentials))
        .connectTimeout(Duration.ofSeconds(5)).build();
    return new Http(c, server.url(), credentials != null ? credentials.token() : null);
  }

  @Test
  void clientCertificateNamesTheUser() {
    Credentials alice = server.addCertificateUser("alice");
    client(alice).get("/api/v1/namespaces").expect(200);
    assertEquals("alice", server.requests().all().get(0).identity());
  }

  @Test
  void bearerTokenNamesTheUser() {
    Credentials bob = server.addTokenUser("bob");
    client(bob).get("/version").expect(200);
    assertEquals("bob", server.requests().all().get(0).identity());
  }

  @Test
  void clientConfigTrustsTheCaAndAuthenticates() {
    io.kubeloop.core.config.ClientConfig config = server.clientConfig(server.addTokenUser("carol"));
    assertEquals(server.url(), config.server().toString());
    HttpClient c = HttpClient.newBuilder().sslContext(config.sslContext()).build();
    String header = config.credentials().toString();
    assertTrue(header.contains("carol"));
    new Http(c, server.url(), null).get("/version").expect(401);
    io.kubeloop.core.config.ClientConfig admin = server.clientConfig();
    new Http(HttpClient.newBuilder().sslContext(admin.sslContext()).build(), server.url(), null).get("/version")
        .expect(200);
  }

  @Test
  void unknownCallerIsUnauthorized() {
    Http.Response r = client(null).get("/api/v1/namespaces").expect(401);
    assertEquals("Unauthorized", r.json().path("reason").asText());
    Http stranger = new Http(HttpClient.newBuilder().sslContext(server.clientSslContext(null)).build(), server.url(),
        "not-a-token");
    stranger.get("/version").expect(401);
  }

  @Test
  void kubeconfigCarriesCaAndAdminCertificate() {
    String yaml = server.kubeconfigYaml();
    assertTrue(yaml.contains("server: " + server.url()));
    assertTrue(yaml.contains("certificate-authority-data: "));
    assertTrue(yaml.contains("client-certificate-data: "));
    assertTrue(yaml.contains("client-key-data: "));
    assertTrue(server.url().startsWith("https://127.0.0.1:"));
    client(server.adminCredentials()).get("/version").expect(200);
  }
}
