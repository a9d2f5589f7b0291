package io.kubeloop.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a parsed kubeconfig must never do: carry credentials in the server URL, or let a caller change the parsed
 * configuration through its accessors. Split from {@link KubeConfigLoadingTest}, whose helpers it reuses.
 */
class KubeConfigSafetyTest {
  @TempDir Path tmp;

  Path write(String name, String content) throws IOException {
    Path p = tmp.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }

  static String config(String currentContext, String... entries) {
    return KubeConfigLoadingTest.config(currentContext, entries);
  }

  KubeConfigLoader loader(Map<String, String> env) {
    return KubeConfigLoader.builder().env(env).home(tmp.resolve("home")).root(tmp.resolve("root"))
        .stdinIsTerminal(false).clock(new TestClock(java.time.Instant.parse("2024-01-01T00:00:00Z"))).build();
  }

  @Test
  void aServerUrlWithCredentialsIsRefusedWithoutQuotingThem() throws IOException {
    // https://user:password@host would otherwise be shown by ClientConfig.toString, KubeClient.toString, the
    // insecure warning and every transport error message.
    Path f = write("userinfo", config("x", """
        clusters: [{name: c, cluster: {server: "https://admin:TOPSECRET-5@127.0.0.1:6443"}}]
        contexts: [{name: x, context: {cluster: c, user: u}}]
        users: [{name: u, user: {}}]
        """));
    ConfigException e = assertThrows(ConfigException.class, () -> loader(Map.of()).fromKubeconfig(f));
    assertFalse(e.getMessage().contains("TOPSECRET"), e.getMessage());
    assertTrue(e.getMessage().contains("cluster \"c\""), e.getMessage());
    IllegalArgumentException b = assertThrows(IllegalArgumentException.class,
        () -> ClientConfig.builder(java.net.URI.create("https://admin:TOPSECRET-6@127.0.0.1:6443")));
    assertFalse(b.getMessage().contains("TOPSECRET"), b.getMessage());
  }

  @Test
  void theParsedKubeConfigCannotBeChangedThroughItsAccessors() throws IOException {
    Path f = write("kc-immutable", config("x", """
        preferences: {colors: true}
        clusters: [{name: c, cluster: {server: "https://127.0.0.1:6443"}}]
        contexts: [{name: x, context: {cluster: c, user: u}}]
        users: [{name: u, user: {as: bob, as-groups: [g1], as-user-extra: {k: [v]}, auth-provider: {name: oidc}}}]
        extensions: [{name: e, extension: {a: 1}}]
        """));
    KubeConfig parsed = loader(Map.of("KUBECONFIG", f.toString())).kubeConfig();
    ((com.fasterxml.jackson.databind.node.ObjectNode) parsed.preferences()).put("colors", false);
    ((com.fasterxml.jackson.databind.node.ObjectNode) parsed.extensions().get(0).extension()).put("a", 2);
    KubeConfig.User user = parsed.users().get(0).user();
    ((com.fasterxml.jackson.databind.node.ObjectNode) user.authProvider()).put("name", "changed");
    assertThrows(UnsupportedOperationException.class, () -> user.impersonateGroups().add("g2"));
    assertThrows(UnsupportedOperationException.class, () -> user.impersonateUserExtra().put("k2", List.of()));
    assertThrows(UnsupportedOperationException.class, () -> user.impersonateUserExtra().get("k").add("w"));
    assertEquals("true", parsed.preferences().path("colors").asText());
    assertEquals(1, parsed.extensions().get(0).extension().path("a").asInt());
    assertEquals("oidc", user.authProvider().path("name").asText());
    String yaml = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().writeValueAsString(user);
    assertTrue(yaml.contains("auth-provider:") && !yaml.contains("authProvider"), yaml);
  }
}
