package io.kubeloop.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.core.tls.TestPki;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rest.InClusterConfig over a fake file-system root (client-go 4.3, TestInClusterConfigNamespace). */
class InClusterConfigTest {
  @TempDir Path root;
  Path sa;
  TestClock clock = new TestClock(Instant.parse("2024-01-01T00:00:00Z"));
  static final Map<String, String> POD = Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT",
      "443");

  @BeforeEach
  void serviceAccount() throws IOException {
    sa = root.resolve(InClusterConfig.SERVICE_ACCOUNT);
    Files.createDirectories(sa);
    Files.writeString(sa.resolve("token"), "sa-token-1\n");
    Files.writeString(sa.resolve("ca.crt"), TestPki.create("cluster-ca").caPem());
    Files.writeString(sa.resolve("namespace"), "kube-system\n");
  }

  KubeConfigLoader loader(Map<String, String> env) {
    return KubeConfigLoader.builder().env(env).home(root.resolve("home")).root(root).clock(clock).build();
  }

  @Test
  void buildsFromEnvironmentAndServiceAccountFiles() throws IOException {
    ClientConfig c = loader(POD).inCluster();
    assertEquals(URI.create("https://10.96.0.1:443"), c.server());
    assertEquals("kube-system", c.namespace());
    assertNotNull(c.sslContext());
    assertEquals("Bearer sa-token-1", c.credentials().authorization().orElseThrow());
    assertTrue(c.source().startsWith("in-cluster"), c.source());

    Files.writeString(sa.resolve("token"), "sa-token-2");
    clock.step(Duration.ofMinutes(1));
    assertEquals("Bearer sa-token-2", c.credentials().authorization().orElseThrow(), "rotated token is picked up");
  }

  @Test
  void namespaceFromEnvironmentThenFileThenDefault() throws IOException {
    Map<String, String> env = new java.util.HashMap<>(POD);
    env.put("POD_NAMESPACE", "from-env");
    assertEquals("from-env", loader(env).inCluster().namespace());
    Files.delete(sa.resolve("namespace"));
    assertEquals("default", loader(POD).inCluster().namespace());
  }

  @Test
  void ipv6HostGetsBrackets() {
    ClientConfig c = loader(Map.of("KUBERNETES_SERVICE_HOST", "fd00::1", "KUBERNETES_SERVICE_PORT", "443")).inCluster();
    assertEquals(URI.create("https://[fd00::1]:443"), c.server());
  }

  @Test
  void missingEnvironmentOrTokenIsAClearError() throws IOException {
    ConfigException env = assertThrows(ConfigException.class, () -> loader(Map.of()).inCluster());
    assertTrue(env.getMessage().startsWith("unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and "
        + "KUBERNETES_SERVICE_PORT must be defined"), env.getMessage());
    Files.delete(sa.resolve("token"));
    assertFalse(loader(POD).inClusterPossible());
    ConfigException token = assertThrows(ConfigException.class, () -> loader(POD).inCluster());
    assertTrue(token.getMessage().contains("cannot read service account token " + sa.resolve("token")),
        token.getMessage());
  }

  @Test
  void unreadableCaFallsBackToDefaultTrustWithAnError() throws IOException {
    Files.writeString(sa.resolve("ca.crt"), "garbage");
    assertNotNull(loader(POD).inCluster().sslContext());
  }

  @Test
  void loadUsesInClusterWhenNoKubeconfigExists() {
    assertTrue(loader(POD).inClusterPossible());
    ClientConfig c = loader(POD).load();
    assertEquals(URI.create("https://10.96.0.1:443"), c.server());
  }
}
