package io.kubeloop.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Go's {@code http.ProxyFromEnvironment} rules (httpproxy's own test cases, restated), as the client's choice. */
class ProxyFromEnvironmentTest {
  static final String PROXY = "http://proxy.corp:3128";

  static HttpProxy choose(String server, String... env) {
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i < env.length; i += 2) {
      map.put(env[i], env[i + 1]);
    }
    return new ProxyFromEnvironment(map).forServer(URI.create(server));
  }

  static String where(HttpProxy p) {
    return p.uri().map(URI::toString).orElse(p.isDirect() ? "direct" : "jvm");
  }

  @Test
  void theVariableFollowsTheServersSchemeUppercaseFirstWithoutFallingBack() {
    assertEquals("jvm", where(choose("https://kube.corp")));
    assertEquals(PROXY, where(choose("https://kube.corp", "HTTPS_PROXY", PROXY)));
    assertEquals(PROXY, where(choose("https://kube.corp", "https_proxy", PROXY)));
    assertEquals(PROXY, where(choose("https://kube.corp", "HTTPS_PROXY", PROXY, "https_proxy", "http://other:1")));
    assertEquals("jvm", where(choose("https://kube.corp", "HTTP_PROXY", PROXY)), "HTTP_PROXY is for http servers");
    assertEquals(PROXY, where(choose("http://kube.corp", "HTTP_PROXY", PROXY)));
    assertEquals("jvm", where(choose("http://kube.corp", "HTTPS_PROXY", PROXY)));
  }

  @Test
  void aValueWithoutSchemeIsAnHttpProxyAndThePortDefaultsTo80() {
    assertEquals("http://proxy.corp:3128", where(choose("https://kube.corp", "HTTPS_PROXY", "proxy.corp:3128")));
    assertEquals("http://proxy.corp:80", where(choose("https://kube.corp", "HTTPS_PROXY", "http://proxy.corp")));
  }

  @Test
  void loopbackIsNeverProxied() {
    String[] env = {"HTTPS_PROXY", PROXY};
    for (String server : new String[] {"https://localhost:6443", "https://127.0.0.1:6443", "https://127.0.0.2",
        "https://[::1]:6443"}) {
      assertEquals("direct", where(choose(server, env)), server);
    }
    assertEquals(PROXY, where(choose("https://[::2]:6443", env)), "not a loopback address");
  }

  @Test
  void noProxyMatchesDomainsSubdomainsAddressesRangesAndPorts() {
    String noProxy = "foobar.com, .barbaz.net, *.qux.com, 192.168.1.1, 192.168.1.2:81, 192.168.1.3:443, 10.0.0.0/30, "
        + "2001:db8::52:0:1, [2001:db8::52:0:2]:443, [2001:db8::52:0:3]:80, 2002:db8:a::45/64, bar.baz.com:443, ,:80";
    Map<String, Boolean> proxied = new java.util.LinkedHashMap<>();
    proxied.put("https://foobar.com", false);         // the name itself
    proxied.put("https://www.foobar.com", false);     // and its subdomains
    proxied.put("https://foofoobar.com", true);       // not a suffix match on a label boundary
    proxied.put("https://barbaz.net", true);          // a leading dot: subdomains only
    proxied.put("https://www.barbaz.net", false);
    proxied.put("https://qux.com", true);             // *. is a leading dot
    proxied.put("https://www.qux.com", false);
    proxied.put("https://FOOBAR.com", false);         // case-insensitive
    proxied.put("https://192.168.1.1", false);
    proxied.put("https://192.168.1.2", true);         // only port 81
    proxied.put("https://192.168.1.2:81", false);
    proxied.put("https://192.168.1.3", false);        // 443 is the https default port
    proxied.put("https://10.0.0.3", false);           // inside 10.0.0.0/30
    proxied.put("https://10.0.0.4", true);
    proxied.put("https://[2001:db8::52:0:1]", false);
    proxied.put("https://[2001:db8::52:0:2]", false);
    proxied.put("https://[2001:db8::52:0:3]", true);  // only port 80
    proxied.put("https://[2002:db8:a::123]", false);  // inside the /64
    proxied.put("https://bar.baz.com", false);
    proxied.put("https://bar.baz.com:6443", true);
    proxied.put("https://baz.com", true);
    proxied.forEach((server, expected) -> assertEquals(expected ? PROXY : "direct",
        where(choose(server, "HTTPS_PROXY", PROXY, "NO_PROXY", noProxy)), server));
    assertEquals("direct", where(choose("https://anything.example", "HTTPS_PROXY", PROXY, "no_proxy", "*")));
  }

  @Test
  void aCgiProcessRefusesHttpProxyForHttpServersOnly() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> choose("http://kube.corp", "HTTP_PROXY", PROXY, "REQUEST_METHOD", "GET"));
    assertTrue(e.getMessage().contains("REQUEST_METHOD") && e.getMessage().contains("HTTP_PROXY"), e.getMessage());
    assertEquals(PROXY, where(choose("https://kube.corp", "HTTPS_PROXY", PROXY, "REQUEST_METHOD", "GET")));
  }

  @Test
  void aProxyTheJdkCannotUseIsAnErrorNamingTheVariableOnlyWhenTheServerWouldUseIt() {
    ConfigException socks = assertThrows(ConfigException.class,
        () -> choose("https://kube.corp", "HTTPS_PROXY", "socks5://u:s3cret@gw.corp:1080"));
    assertTrue(socks.getMessage().contains("HTTPS_PROXY") && socks.getMessage().contains("SOCKS")
        && socks.getMessage().contains("NO_PROXY"), socks.getMessage());
    assertFalse(socks.getMessage().contains("s3cret"), socks.getMessage());
    ConfigException tls = assertThrows(ConfigException.class,
        () -> choose("https://kube.corp", "https_proxy", "https://gw.corp:443"));
    assertTrue(tls.getMessage().contains("https_proxy") && tls.getMessage().contains("http://"), tls.getMessage());
    assertEquals("direct", where(choose("https://kube.corp", "HTTPS_PROXY", "socks5://gw.corp:1080",
        "NO_PROXY", ".corp")), "excluded: never parsed, never an error");
    assertEquals("direct", where(choose("https://127.0.0.1:6443", "HTTPS_PROXY", "socks5://gw.corp:1080")));
  }

  /*
   * A password with a character that must be percent-encoded in a URL ('#', '/', '?') but is not: the URL no longer
   * parses into user info, so redaction cannot rely on URI.getRawUserInfo().
   */
  @Test
  void aPasswordThatBreaksTheUrlNeverAppearsInTheError() {
    for (String value : new String[] {"http://bob:p#ss@proxy.corp:3128", "http://bob:12/x@proxy.corp:3128",
        "bob:p#ss@proxy.corp:3128", "socks5://bob:p#ss@gw.corp:1080"}) {
      String secret = value.substring(value.indexOf("bob:") + 4, value.lastIndexOf('@'));
      ConfigException e = assertThrows(ConfigException.class,
          () -> choose("https://kube.corp", "HTTPS_PROXY", value), value);
      assertFalse(e.getMessage().contains(secret), e.getMessage());
      assertTrue(e.getMessage().contains("HTTPS_PROXY"), e.getMessage());
    }
  }

  @Test
  void aProxyUrlWhosePasswordBreaksTheUrlIsNotShownEither() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HttpProxy.of(URI.create("http://bob:12/x@proxy.corp:3128")));
    assertFalse(e.getMessage().contains("12/x"), e.getMessage());
  }
}
