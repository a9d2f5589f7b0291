package io.kubeloop.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.core.tls.KeyMaterial;
import io.kubeloop.core.tls.TestPki;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exec credential plugins, run for real: a small shell script from the test resources that counts its runs
 * (client-go exec_test.go TestRefreshCreds cases, and caching until expiry and after a 401).
 */
class ExecPluginTest {
  static final String V1 = "client.authentication.k8s.io/v1";

  @TempDir Path tmp;
  TestClock clock = new TestClock(Instant.parse("2024-01-01T00:00:00Z"));
  Path output;

  @BeforeEach
  void installPlugin() throws IOException {
    Path script = tmp.resolve("bin/plugin.sh");
    Files.createDirectories(script.getParent());
    try (InputStream in = getClass().getResourceAsStream("exec-plugin.sh")) {
      Files.write(script, in.readAllBytes());
    }
    assertTrue(script.toFile().setExecutable(true), "make the test plugin executable");
    output = tmp.resolve("output.json");
  }

  /** A kubeconfig whose user runs {@code ./bin/plugin.sh} (relative to the kubeconfig) with {@code exec} settings. */
  Path kubeconfig(String execExtra) throws IOException {
    String yaml = """
        apiVersion: v1
        kind: Config
        current-context: x
        clusters:
        - name: c
          cluster:
            server: https://127.0.0.1:6443
            tls-server-name: bar
            certificate-authority-data: %s
            extensions:
            - name: client.authentication.k8s.io/exec
              extension: {audience: kubeloop}
        contexts: [{name: x, context: {cluster: c, user: u}}]
        users:
        - name: u
          user:
            exec:
              command: ./bin/plugin.sh
              args: [--flag, value]
              env:
              - {name: COUNTER_FILE, value: %s}
              - {name: INFO_FILE, value: %s}
              - {name: ARGS_FILE, value: %s}
              - {name: OUTPUT_FILE, value: %s}
        %s
        """.formatted(java.util.Base64.getEncoder().encodeToString(TestPki.create("exec-ca").caPem().getBytes()),
        tmp.resolve("count"), tmp.resolve("info.json"), tmp.resolve("args"), output, execExtra.indent(6));
    Path f = tmp.resolve("kubeconfig");
    Files.writeString(f, yaml);
    return f;
  }

  KubeConfigLoader loader() {
    return KubeConfigLoader.builder().env(Map.of("PATH", System.getenv("PATH"))).home(tmp).root(tmp).clock(clock)
        .stdinIsTerminal(false).build();
  }

  int runs() throws IOException {
    Path count = tmp.resolve("count");
    return Files.exists(count) ? Integer.parseInt(Files.readString(count).trim()) : 0;
  }

  void plugin(String token, Instant expiry) throws IOException {
    Files.writeString(output, "{\"apiVersion\":\"" + V1 + "\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\""
        + token + "\"" + (expiry == null ? "" : ",\"expirationTimestamp\":\"" + expiry + "\"") + "}}");
  }

  @Test
  void runsLazilyAndCachesUntilExpiry() throws Exception {
    plugin("token-1", Instant.parse("2024-01-01T00:05:00Z"));
    ClientConfig config = loader().fromKubeconfig(kubeconfig("apiVersion: " + V1 + "\ninteractiveMode: Never"));
    assertEquals(0, runs(), "loading does not run the plugin");
    assertEquals("Bearer token-1", config.credentials().authorization().orElseThrow());
    assertEquals("Bearer token-1", config.credentials().authorization().orElseThrow());
    assertEquals(1, runs());
    assertEquals("--flag value ", Files.readString(tmp.resolve("args")));
    // The exact KUBERNETES_EXEC_INFO of client-go's "basic-request" case.
    assertEquals("{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1\","
        + "\"spec\":{\"interactive\":false}}", Files.readString(tmp.resolve("info.json")));

    plugin("token-2", Instant.parse("2024-01-01T00:10:00Z"));
    clock.step(Duration.ofMinutes(4).plusSeconds(59));
    assertEquals("Bearer token-1", config.credentials().authorization().orElseThrow());
    assertEquals(1, runs());
    clock.step(Duration.ofSeconds(1));
    assertEquals("Bearer token-2", config.credentials().authorization().orElseThrow(), "expired: run again");
    assertEquals(2, runs());
    assertFalse(config.credentials().toString().contains("token"), config.credentials().toString());
  }

  @Test
  void runsAgainOnceAfterA401() throws Exception {
    plugin("token-1", null);
    ClientConfig config = loader().fromKubeconfig(kubeconfig("apiVersion: " + V1 + "\ninteractiveMode: Never"));
    assertEquals("Bearer token-1", config.credentials().authorization().orElseThrow());
    clock.step(Duration.ofDays(365));
    assertEquals("Bearer token-1", config.credentials().authorization().orElseThrow(), "no expiry: kept");
    plugin("token-2", null);
    assertTrue(config.credentials().invalidate(), "a retry is worthwhile");
    assertEquals("Bearer token-2", config.credentials().authorization().orElseThrow());
    assertEquals("Bearer token-2", config.credentials().authorization().orElseThrow());
    assertEquals(2, runs());
  }

  @Test
  void providesClusterInfoWhenAsked() throws Exception {
    Files.writeString(output, "{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"status\":{\"token\":\"t\"}}");
    ClientConfig config = loader().fromKubeconfig(kubeconfig("apiVersion: client.authentication.k8s.io/v1beta1\n"
        + "provideClusterInfo: true"));
    config.credentials().authorization();
    String info = Files.readString(tmp.resolve("info.json"));
    assertTrue(info.startsWith("{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1beta1\","
        + "\"spec\":{\"cluster\":{\"server\":\"https://127.0.0.1:6443\",\"tls-server-name\":\"bar\","
        + "\"certificate-authority-data\":\""), info);
    assertTrue(info.endsWith("\",\"config\":{\"audience\":\"kubeloop\"}},\"interactive\":false}}"), info);
  }

  @Test
  void returnsAClientCertificate() throws Exception {
    TestPki.Issued client = TestPki.create("ca").clientEc("exec-user");
    Files.writeString(output, "{\"apiVersion\":\"" + V1 + "\",\"status\":{\"clientCertificateData\":"
        + io.kubeloop.core.api.Json.write(client.certificatePem()) + ",\"clientKeyData\":"
        + io.kubeloop.core.api.Json.write(client.pkcs8KeyPem()) + "}}");
    ClientConfig config = loader().fromKubeconfig(kubeconfig("apiVersion: " + V1 + "\ninteractiveMode: Never"));
    assertTrue(config.credentials().authorization().isEmpty(), "no token");
    ExecCredentialProvider exec = (ExecCredentialProvider) config.credentials();
    KeyMaterial keys = exec.current().orElseThrow();
    assertEquals(client.certificate(), keys.certificate());
    assertEquals(1, runs());
  }

  @Test
  void pluginFailuresAreClearAndNeverQuoteTheOutput() throws Exception {
    String v1 = "apiVersion: " + V1 + "\ninteractiveMode: Never";
    record Case(String output, String expected) {}
    for (Case c : new Case[] {
        new Case("{\"kind\":\"ExecCredential\",\"status\":{\"token\":\"SECRET\"}}", "Object 'apiVersion' is missing"),
        new Case("{\"apiVersion\":\"" + V1 + "\",\"kind\":\"ExecCredential\"}", "exec plugin didn't return a status field"),
        new Case("{\"apiVersion\":\"" + V1 + "\",\"status\":{}}", "exec plugin didn't return a token or cert/key pair"),
        new Case("{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"status\":{\"token\":\"SECRET\"}}",
            "exec plugin is configured to use API version client.authentication.k8s.io/v1, plugin returned version "
                + "client.authentication.k8s.io/v1beta1"),
        new Case("{\"apiVersion\":\"" + V1 + "\",\"status\":{\"token\":\"SECRET\",\"clientKeyData\":\"k\"}}",
            "exec plugin returned only certificate or key, not both"),
        new Case("SECRET not json", "decoding stdout"),
    }) {
      Files.writeString(output, c.output());
      ClientConfig config = loader().fromKubeconfig(kubeconfig(v1));
      IOException e = assertThrows(IOException.class, () -> config.credentials().authorization(), c.expected());
      assertTrue(e.getMessage().contains(c.expected()), e.getMessage());
      assertTrue(e.getMessage().contains("exec plugin \"" + tmp.resolve("bin/plugin.sh") + "\" of user \"u\""),
          e.getMessage());
      assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
    }
  }

  @Test
  void expirationTimestampIsParsed() throws Exception {
    ExecPlugin plugin = new ExecPlugin(new KubeConfig.Exec("p", null, null, V1, null, null, "Never"), "u", Map.of(),
        null, false);
    ExecCredential c = plugin.decode(("{\"apiVersion\":\"" + V1 + "\",\"status\":{\"token\":\"t\","
        + "\"expirationTimestamp\":\"2006-01-02T15:04:05Z\"}}").getBytes());
    assertEquals(Instant.parse("2006-01-02T15:04:05Z"), c.expiry());
    assertFalse(c.toString().contains("\"t\""));
  }

  @Test
  void exitCodeAndMissingBinary() throws Exception {
    plugin("t", null);
    String yaml = "apiVersion: " + V1 + "\ninteractiveMode: Never";
    Path f = kubeconfig(yaml);
    Files.writeString(f, Files.readString(f).replace("value: " + output + "}", "value: " + output
        + "}\n      - {name: EXIT_CODE, value: \"73\"}"));
    IOException exit = assertThrows(IOException.class, () -> loader().fromKubeconfig(f).credentials().authorization());
    assertTrue(exit.getMessage().contains("failed with exit code 73"), exit.getMessage());

    Path missing = kubeconfig(yaml + "\ninstallHint: |\n  install the plugin with: brew install kubeloop-plugin");
    Files.writeString(missing, Files.readString(missing).replace("./bin/plugin.sh", "./bin/not-there"));
    IOException notFound = assertThrows(IOException.class,
        () -> loader().fromKubeconfig(missing).credentials().authorization());
    assertTrue(notFound.getMessage().contains("install the plugin with: brew install kubeloop-plugin"),
        notFound.getMessage());
    assertTrue(notFound.getMessage().contains("cannot be started"), notFound.getMessage());
  }

  @Test
  void configurationErrorsAtLoad() throws Exception {
    ConfigException unknownVersion = assertThrows(ConfigException.class,
        () -> loader().fromKubeconfig(kubeconfig("apiVersion: client.authentication.k8s.io/v1alpha1")));
    assertTrue(unknownVersion.getMessage().contains("exec plugin of user \"u\" uses apiVersion "
        + "\"client.authentication.k8s.io/v1alpha1\", which is not supported; use client.authentication.k8s.io/v1"),
        unknownVersion.getMessage());
    ConfigException noMode = assertThrows(ConfigException.class,
        () -> loader().fromKubeconfig(kubeconfig("apiVersion: " + V1)));
    assertTrue(noMode.getMessage().contains("exec plugin cannot support interactive mode: unknown interactiveMode: "
        + "\"\""), noMode.getMessage());
    ConfigException always = assertThrows(ConfigException.class,
        () -> loader().fromKubeconfig(kubeconfig("apiVersion: " + V1 + "\ninteractiveMode: Always")));
    assertTrue(always.getMessage().contains("standard input is not a terminal"), always.getMessage());
    ConfigException noVersion = assertThrows(ConfigException.class,
        () -> loader().fromKubeconfig(kubeconfig("interactiveMode: Never")));
    assertTrue(noVersion.getMessage().contains("has no apiVersion"), noVersion.getMessage());
  }

  @Test
  void concurrentCallersShareOneRun() throws Exception {
    plugin("shared", null);
    ClientConfig config = loader().fromKubeconfig(kubeconfig("apiVersion: " + V1 + "\ninteractiveMode: Never"));
    int callers = 16;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(callers);
    try {
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      java.util.List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
      for (int i = 0; i < callers; i++) {
        results.add(pool.submit(() -> {
          go.await();
          return config.credentials().authorization().orElseThrow();
        }));
      }
      go.countDown();
      for (java.util.concurrent.Future<String> r : results) {
        assertEquals("Bearer shared", r.get(30, java.util.concurrent.TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, runs());
  }
}
