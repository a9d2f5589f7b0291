package io.kubeloop.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubeloop.core.config.KubeConfig.NamedUser;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loading rules, merging and contexts: client-go's loader_test.go and client_config_test.go cases. */
class KubeConfigLoadingTest {
  @TempDir Path tmp;

  static String config(String currentContext, String... entries) {
    return "apiVersion: v1\nkind: Config\n" + (currentContext == null ? "" : "current-context: " + currentContext + "\n")
        + String.join("\n", entries) + "\n";
  }

  static final String HTTP_CLUSTER = """
      clusters:
      - name: c
        cluster:
          server: http://127.0.0.1:8080
      contexts:
      - name: ctx
        context: {cluster: c, user: u, namespace: team-a}
      users:
      - name: u
        user: {}
      """;

  Path write(String name, String content) throws IOException {
    Path p = tmp.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }

  KubeConfigLoader loader(Map<String, String> env) {
    return KubeConfigLoader.builder().env(env).home(tmp.resolve("home")).root(tmp.resolve("root"))
        .stdinIsTerminal(false).clock(new TestClock(java.time.Instant.parse("2024-01-01T00:00:00Z"))).build();
  }

  @Test
  void precedenceFollowsKubeconfigThenHome() {
    // TestLoadingGetLoadingPrecedence
    assertEquals(List.of(tmp.resolve("home/.kube/config")), loader(Map.of()).precedence());
    assertEquals(List.of(Path.of("/env/kubeconfig")), loader(Map.of("KUBECONFIG", "/env/kubeconfig")).precedence());
    String both = "/env/kubeconfig" + File.pathSeparator + "/other/kubeconfig";
    assertEquals(List.of(Path.of("/env/kubeconfig"), Path.of("/other/kubeconfig")),
        loader(Map.of("KUBECONFIG", both)).precedence());
    String repeated = String.join(File.pathSeparator, "/a", "/b", "", "/a");
    assertEquals(List.of(Path.of("/a"), Path.of("/b")), loader(Map.of("KUBECONFIG", repeated)).precedence());
  }

  @Test
  void deduplicateKeepsFirstOccurrence() {
    // TestDeduplicate
    assertEquals(List.of("a", "b", "c", "e", "f"), LoadingRules.deduplicate(List.of("a", "b", "c", "b", "e", "f")));
    assertEquals(List.of("a", "b", "c"), LoadingRules.deduplicate(List.of("a", "a", "b", "b", "c", "b")));
  }

  @Test
  void explicitPathIsTheOnlyFileLoaded() throws IOException {
    // TestConflictingCurrentContext
    Path explicit = write("explicit", config("any-context-value", HTTP_CLUSTER.replace("ctx", "any-context-value")));
    Path env = write("env", config("a-different-context", HTTP_CLUSTER.replace("ctx", "a-different-context")));
    ClientConfig c = loader(Map.of("KUBECONFIG", env.toString())).fromKubeconfig(explicit);
    assertTrue(c.source().endsWith("context any-context-value"), c.source());
    ConfigException missing = assertThrows(ConfigException.class,
        () -> loader(Map.of()).fromKubeconfig(tmp.resolve("nope")));
    assertTrue(missing.getMessage().contains("kubeconfig file \"" + tmp.resolve("nope") + "\" does not exist"),
        missing.getMessage());
  }

  @Test
  void mergeTakesFirstFileForEachNameAndFirstNonEmptyCurrentContext() throws IOException {
    Path first = write("first", config(null, """
        clusters:
        - name: shared
          cluster: {server: https://first.example:6443}
        users:
        - name: red-user
          user: {token: red-token}
        """));
    Path second = write("second", config("second-ctx", """
        clusters:
        - name: shared
          cluster: {server: https://second.example:6443}
        - name: only-second
          cluster: {server: https://only.example:6443}
        users:
        - name: red-user
          user: {token: other-token, username: ignored}
        contexts:
        - name: second-ctx
          context: {cluster: shared, user: red-user}
        """));
    KubeConfigLoader l = loader(Map.of("KUBECONFIG", first + File.pathSeparator + tmp.resolve("missing")
        + File.pathSeparator + second));
    KubeConfig merged = l.kubeConfig();
    assertEquals("second-ctx", merged.currentContext());
    assertEquals(List.of("shared", "only-second"), merged.clusters().stream().map(KubeConfig.Named::name).toList());
    assertEquals("https://first.example:6443", merged.clusters().get(0).cluster().server());
    NamedUser red = merged.users().get(0);
    assertNull(red.user().username(), "a later file's entry is ignored entirely");
    ClientConfig c = l.load();
    assertEquals(URI.create("https://first.example:6443"), c.server());
    assertEquals("Bearer red-token", c.credentials().authorization().orElseThrow());
    assertEquals("default", c.namespace());
  }

  @Test
  void relativePathsResolveAgainstTheirOwnFile() throws IOException {
    // TestResolveRelativePaths
    String users = """
        clusters:
        - name: %1$s-cluster
          cluster: {server: https://x, certificate-authority: ../relative/ca}
        users:
        - name: %1$s-user
          user:
            client-certificate: ../relative/client/cert
            client-key: /absolute/client/key
            tokenFile: token
        - name: %1$s-exec
          user:
            exec: {command: ../relative/client/cmd, apiVersion: client.authentication.k8s.io/v1}
        - name: %1$s-PATH-cmd
          user:
            exec: {command: cmd, apiVersion: client.authentication.k8s.io/v1}
        """;
    Path one = write("one/dir/config", config(null, users.formatted("one")));
    Path two = write("two/config", config(null, users.formatted("two")));
    KubeConfig merged = loader(Map.of("KUBECONFIG", one + File.pathSeparator + two)).kubeConfig();
    Map<String, KubeConfig.NamedCluster> clusters = LoadingRules.byName(merged.clusters());
    Map<String, NamedUser> u = LoadingRules.byName(merged.users());
    assertEquals(tmp.resolve("one/relative/ca").toString(), clusters.get("one-cluster").cluster().certificateAuthority());
    assertEquals(tmp.resolve("relative/ca").toString(), clusters.get("two-cluster").cluster().certificateAuthority());
    assertEquals(tmp.resolve("one/relative/client/cert").toString(), u.get("one-user").user().clientCertificate());
    assertEquals("/absolute/client/key", u.get("one-user").user().clientKey());
    assertEquals(tmp.resolve("two/token").toString(), u.get("two-user").user().tokenFile());
    assertEquals(tmp.resolve("relative/client/cmd").toString(), u.get("two-exec").user().exec().command());
    assertEquals("cmd", u.get("one-PATH-cmd").user().exec().command());
  }

  @Test
  void duplicateNamesInOneFileAreAnError() throws IOException {
    // TestDuplicateClusterName
    Path f = write("dup", config(null, """
        clusters:
        - name: kubeconfig-cluster
          cluster: {server: https://a}
        - name: kubeconfig-cluster
          cluster: {server: https://b}
        """));
    ConfigException e = assertThrows(ConfigException.class, () -> loader(Map.of()).fromKubeconfig(f));
    assertTrue(e.getMessage().contains("error converting *[]NamedCluster into *map[string]*api.Cluster: duplicate "
        + "name \"kubeconfig-cluster\" in list"), e.getMessage());
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
  }

  @Test
  void malformedYamlNamesFileAndLineButNotTheText() throws IOException {
    Path f = write("bad", "apiVersion: v1\nusers:\n- name: u\n  user:\n    token: s3cr3t-value: nope\n");
    ConfigException e = assertThrows(ConfigException.class, () -> loader(Map.of()).fromKubeconfig(f));
    assertTrue(e.getMessage().contains("error loading config file \"" + f + "\""), e.getMessage());
    assertTrue(e.getMessage().contains("line 5"), e.getMessage());
    assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());

    Path wrongType = write("wrong-type", "clusters:\n- name: c\n  cluster:\n    server: [a, b]\n");
    ConfigException t = assertThrows(ConfigException.class, () -> loader(Map.of()).fromKubeconfig(wrongType));
    assertTrue(t.getMessage().contains("field clusters[0].cluster.server at line 4"), t.getMessage());
    assertTrue(t.getMessage().contains("expected a string"), t.getMessage());
  }

  @Test
  void contextsChooseClusterUserAndNamespace() throws IOException {
    Path f = write("ctx", config("one", """
        clusters:
        - name: a
          cluster: {server: "http://a.example:8080"}
        - name: b
          cluster: {server: "http://b.example:8080/prefix?x=y"}
        users:
        - name: u
          user: {}
        contexts:
        - name: one
          context: {cluster: a, user: u}
        - name: two
          context: {cluster: b, user: u, namespace: team-b}
        - name: no-cluster
          context: {cluster: missing, user: u}
        - name: no-user
          context: {cluster: a, user: ghost}
        """));
    KubeConfigLoader l = loader(Map.of());
    ClientConfig one = l.fromKubeconfig(f);
    assertEquals(URI.create("http://a.example:8080"), one.server());
    assertEquals("default", one.namespace());
    ClientConfig two = l.fromKubeconfig(f, "two");
    assertEquals(URI.create("http://b.example:8080/prefix"), two.server());
    assertEquals("team-b", two.namespace());
    assertEquals("kubeconfig " + f + " context two", two.source());
    ClientConfig overridden = KubeConfigLoader.builder().env(Map.of()).home(tmp).root(tmp)
        .overrides(ConfigOverrides.none().withContext("two").withNamespace("ns-flag")).build().fromKubeconfig(f);
    assertEquals("ns-flag", overridden.namespace());

    ConfigException missingContext = assertThrows(ConfigException.class, () -> l.fromKubeconfig(f, "three"));
    assertTrue(missingContext.getMessage().contains("context was not found for specified context: three"),
        missingContext.getMessage());
    assertTrue(missingContext.getMessage().contains("[one, two, no-cluster, no-user]"), missingContext.getMessage());
    ConfigException missingCluster = assertThrows(ConfigException.class, () -> l.fromKubeconfig(f, "no-cluster"));
    assertTrue(missingCluster.getMessage().contains("context \"no-cluster\" in " + f + " names cluster \"missing\", "
        + "which does not exist"), missingCluster.getMessage());
    ConfigException missingUser = assertThrows(ConfigException.class, () -> l.fromKubeconfig(f, "no-user"));
    assertTrue(missingUser.getMessage().contains("names user \"ghost\", which does not exist"),
        missingUser.getMessage());
    assertTrue(missingUser.getMessage().contains("fix contexts[].context.user"), missingUser.getMessage());
  }

  @Test
  void clusterWithoutServerIsAnError() throws IOException {
    Path f = write("noserver", config("x", """
        clusters:
        - name: c
          cluster: {tls-server-name: foo}
        contexts:
        - name: x
          context: {cluster: c}
        """));
    ConfigException e = assertThrows(ConfigException.class, () -> loader(Map.of()).fromKubeconfig(f));
    assertTrue(e.getMessage().contains("no server found for cluster \"c\" in " + f), e.getMessage());
  }

  @Test
  void tokenFileAloneIsReadAtLoad() throws IOException {
    // TestBasicTokenFile
    Path token = write("token", "exampletoken\n");
    Path f = write("kc", config("x", """
        clusters: [{name: c, cluster: {server: "https://127.0.0.1:6443", insecure-skip-tls-verify: true}}]
        contexts: [{name: x, context: {cluster: c, user: u}}]
        users: [{name: u, user: {tokenFile: token}}]
        """));
    ClientConfig c = loader(Map.of()).fromKubeconfig(f);
    assertEquals("Bearer exampletoken", c.credentials().authorization().orElseThrow());
    assertTrue(c.insecure());
    assertEquals("token file " + token, c.credentials().toString());
    Files.delete(token);
    ConfigException e = assertThrows(ConfigException.class, () -> loader(Map.of()).fromKubeconfig(f));
    assertTrue(e.getMessage().contains("cannot read tokenFile of user \"u\" in " + f), e.getMessage());
  }

  @Test
  void tokenFileWinsOverTokenAtRequestTime() throws IOException {
    // TestPrecedenceTokenFile, with client-go's request-time behaviour (4.4)
    write("token", "from-file");
    Path f = write("kc", config("x", """
        clusters: [{name: c, cluster: {server: "https://127.0.0.1:6443"}}]
        contexts: [{name: x, context: {cluster: c, user: u}}]
        users: [{name: u, user: {token: expected, tokenFile: token}}]
        """));
    assertEquals("Bearer from-file", loader(Map.of()).fromKubeconfig(f).credentials().authorization().orElseThrow());
    Files.delete(tmp.resolve("token"));
    assertEquals("Bearer expected", loader(Map.of()).fromKubeconfig(f).credentials().authorization().orElseThrow(),
        "the static token is the fallback while the file cannot be read");
  }

  @Test
  void secretsNeverAppearInMessagesOrToString() throws IOException {
    Path f = write("kc", config("x", """
        clusters: [{name: c, cluster: {server: "https://127.0.0.1:6443"}}]
        contexts: [{name: x, context: {cluster: c, user: u}}]
        users: [{name: u, user: {token: TOPSECRET-1, username: bob, password: TOPSECRET-2}}]
        """));
    ConfigException e = assertThrows(ConfigException.class, () -> loader(Map.of()).fromKubeconfig(f));
    assertTrue(e.getMessage().contains("more than one authentication method found for user \"u\""), e.getMessage());
    assertFalse(e.getMessage().contains("TOPSECRET"), e.getMessage());
    KubeConfig parsed = loader(Map.of("KUBECONFIG", f.toString())).kubeConfig();
    assertFalse(parsed.toString().contains("TOPSECRET"), parsed.toString());
    assertTrue(parsed.users().get(0).user().toString().contains("token"));

    Path ok = write("ok", config("x", """
        clusters: [{name: c, cluster: {server: "https://127.0.0.1:6443"}}]
        contexts: [{name: x, context: {cluster: c, user: u}}]
        users: [{name: u, user: {token: TOPSECRET-3}}]
        """));
    ClientConfig c = loader(Map.of()).fromKubeconfig(ok);
    assertFalse(c.toString().contains("TOPSECRET"), c.toString());
    assertFalse(c.credentials().toString().contains("TOPSECRET"));
    Path badCa = write("bad-ca", config("x", """
        clusters: [{name: c, cluster: {server: "https://127.0.0.1:6443", certificate-authority-data: "not base64!"}}]
        contexts: [{name: x, context: {cluster: c, user: u}}]
        users: [{name: u, user: {token: TOPSECRET-4}}]
        """));
    ConfigException ca = assertThrows(ConfigException.class, () -> loader(Map.of()).fromKubeconfig(badCa));
    assertTrue(ca.getMessage().contains("certificate-authority-data of cluster \"c\" in " + badCa
        + " is not valid base64"), ca.getMessage());
    assertFalse(ca.getMessage().contains("TOPSECRET"));
  }

  @Test
  void overridesClearConflictingTrustSettingsAndServerName() throws IOException {
    String caPem = io.kubeloop.core.tls.TestPki.create("ca").caPem();
    Path caFile = write("ca.crt", caPem);
    String caData = java.util.Base64.getEncoder().encodeToString(caPem.getBytes());
    Path f = write("kc", config("x", """
        clusters: [{name: c, cluster: {server: "https://127.0.0.1:6443", certificate-authority-data: %s,
                    tls-server-name: from-file}}]
        contexts: [{name: x, context: {cluster: c}}]
        """.formatted(caData)));
    // TestInsecureOverridesCA
    KubeConfig.Cluster cluster = LoadingRules.explicit(f).load().config().clusters().get(0).cluster();
    KubeConfig.Cluster insecure = ConfigOverrides.none().withInsecureSkipTlsVerify(true).apply(cluster);
    assertTrue(insecure.insecure());
    assertNull(insecure.certificateAuthorityData());
    assertNull(insecure.certificateAuthority());
    // TestCAOverridesCAData
    KubeConfig.Cluster ca = ConfigOverrides.none().withCertificateAuthority(caFile.toString()).apply(cluster);
    assertEquals(caFile.toString(), ca.certificateAuthority());
    assertNull(ca.certificateAuthorityData());
    assertFalse(ca.insecure());
    // TestTLSServerName / TestTLSServerNameClearsWhenServerNameSet
    assertEquals("overridden-server-name",
        ConfigOverrides.none().withTlsServerName("overridden-server-name").apply(cluster).tlsServerName());
    assertNull(ConfigOverrides.none().withServer("http://something").apply(cluster).tlsServerName());
    // And end to end: insecure from an override builds, although the file has a CA.
    ClientConfig c = KubeConfigLoader.builder().env(Map.of()).home(tmp).root(tmp)
        .overrides(ConfigOverrides.none().withInsecureSkipTlsVerify(true)).build().fromKubeconfig(f);
    assertTrue(c.insecure());
  }

  @Test
  void insecureTogetherWithCaIsAnError() throws IOException {
    Path ca = write("ca.crt", io.kubeloop.core.tls.TestPki.create("ca").caPem());
    Path f = write("kc", config("x", """
        clusters: [{name: c, cluster: {server: "https://h:6443", certificate-authority: ca.crt, insecure-skip-tls-verify: true}}]
        contexts: [{name: x, context: {cluster: c}}]
        """));
    ConfigException e = assertThrows(ConfigException.class, () -> loader(Map.of()).fromKubeconfig(f));
    assertTrue(e.getMessage().contains("specifying a root certificates file with the insecure flag is not allowed"),
        e.getMessage());
    assertTrue(Files.exists(ca));
  }

  @Test
  void proxyUrlSchemes() throws IOException {
    // client-go's TestProxyURL accepts http, https and socks5; the JDK's HttpClient can use only http.
    for (String ok : List.of("", "http://example.com")) {
      Path f = write("ok", config("x", "clusters: [{name: c, cluster: {server: \"http://h\", proxy-url: \"" + ok
          + "\"}}]\ncontexts: [{name: x, context: {cluster: c}}]"));
      assertNotNull(loader(Map.of()).fromKubeconfig(f), ok);
    }
    for (String jdk : List.of("socks5://example.com", "https://example.com")) {
      Path f = write("jdk", config("x", "clusters: [{name: c, cluster: {server: \"http://h\", proxy-url: \"" + jdk
          + "\"}}]\ncontexts: [{name: x, context: {cluster: c}}]"));
      ConfigException e = assertThrows(ConfigException.class, () -> loader(Map.of()).fromKubeconfig(f), jdk);
      assertTrue(e.getMessage().contains("unusable 'proxy-url' of cluster \"c\"") && e.getMessage().contains("JDK"),
          e.getMessage());
    }
    for (String bad : List.of("socks6://example.com", "example.com", "chewbacca@example.com")) {
      Path f = write("bad", config("x", "clusters: [{name: c, cluster: {server: \"http://h\", proxy-url: \"" + bad
          + "\"}}]\ncontexts: [{name: x, context: {cluster: c}}]"));
      ConfigException e = assertThrows(ConfigException.class, () -> loader(Map.of()).fromKubeconfig(f), bad);
      assertTrue(e.getMessage().contains("invalid 'proxy-url'"), e.getMessage());
    }
  }

  @Test
  void aProxyUrlWithAnHttpSchemeButNoUsableHostIsNotCalledAnUnsupportedScheme() throws IOException {
    // An unencoded '#' in the password, or a port that is not a number, leaves java.net.URI without a host. The
    // scheme is fine; the error must say what is wrong and how to fix it, and never quote the password.
    for (String bad : List.of("http://bob:p#ss@proxy.corp:3128", "http://proxy.corp:31x8")) {
      Path f = write("nohost", config("x", "clusters: [{name: c, cluster: {server: \"http://h\", proxy-url: \"" + bad
          + "\"}}]\ncontexts: [{name: x, context: {cluster: c}}]"));
      ConfigException e = assertThrows(ConfigException.class, () -> loader(Map.of()).fromKubeconfig(f), bad);
      assertTrue(e.getMessage().contains("invalid 'proxy-url' of cluster \"c\""), e.getMessage());
      assertFalse(e.getMessage().contains("unsupported scheme"), e.getMessage());
      assertTrue(e.getMessage().contains("percent-encode"), e.getMessage());
      assertFalse(e.getMessage().contains("p#ss"), e.getMessage());
    }
  }

  @Test
  void proxyUrlWinsOverTheEnvironmentWhichAppliesOtherwise() throws IOException {
    String clusters = "clusters: [{name: c, cluster: {server: \"http://kube.corp\"%s}}]\n"
        + "contexts: [{name: x, context: {cluster: c}}]";
    Map<String, String> env = Map.of("HTTP_PROXY", "http://env.corp:3128");
    Path explicit = write("explicit", config("x", clusters.formatted(", proxy-url: \"http://kc.corp:8080\"")));
    assertEquals("http://kc.corp:8080", loader(env).fromKubeconfig(explicit).proxy().uri().orElseThrow().toString());
    Path plain = write("plain", config("x", clusters.formatted("")));
    assertEquals("http://env.corp:3128", loader(env).fromKubeconfig(plain).proxy().uri().orElseThrow().toString());
    assertTrue(loader(Map.of("HTTP_PROXY", "http://env.corp:3128", "NO_PROXY", "kube.corp")).fromKubeconfig(plain)
        .proxy().isDirect());
  }

  @Test
  void detectTellsNothingConfiguredFromBroken() throws IOException {
    assertEquals(Optional.empty(), loader(Map.of()).detect());
    write("empty", "");
    assertEquals(Optional.empty(), loader(Map.of("KUBECONFIG", tmp.resolve("empty").toString())).detect());
    ConfigException none = assertThrows(ConfigException.class, () -> loader(Map.of()).load());
    assertTrue(none.getMessage().startsWith("no configuration has been provided: no kubeconfig at "
        + tmp.resolve("home/.kube/config")), none.getMessage());

    write("home/.kube/config", config("x", "contexts: [{name: x, context: {cluster: gone}}]"));
    assertThrows(ConfigException.class, () -> loader(Map.of()).detect(), "present but broken is loud");

    write("home/.kube/config", config("ctx", HTTP_CLUSTER));
    ClientConfig home = loader(Map.of()).detect().orElseThrow();
    assertEquals("team-a", home.namespace());
    assertNull(home.sslContext(), "plain http gets no TLS");
  }

  @Test
  void missingNamespaceFallsBackToInClusterNamespace() throws IOException {
    Path root = tmp.resolve("root");
    write("root/" + InClusterConfig.SERVICE_ACCOUNT + "/token", "t");
    write("root/" + InClusterConfig.SERVICE_ACCOUNT + "/namespace", "test\n");
    Map<String, String> pod = Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1", "KUBERNETES_SERVICE_PORT", "443");
    Path f = write("kc", config("ctx", HTTP_CLUSTER.replace(", namespace: team-a", "")));
    assertEquals("test", loader(pod).fromKubeconfig(f).namespace());
    Path explicit = write("kc2", config("ctx", HTTP_CLUSTER.replace("team-a", "default")));
    assertEquals("default", loader(pod).fromKubeconfig(explicit).namespace());
    assertTrue(Files.isDirectory(root));
  }
}
