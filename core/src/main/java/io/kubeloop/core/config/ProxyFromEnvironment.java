package io.kubeloop.core.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The proxy the environment asks for: Go's {@code http.ProxyFromEnvironment} ({@code golang.org/x/net/http/httpproxy}),
 * which client-go uses whenever the kubeconfig names no {@code proxy-url}.
 *
 * <ol>
 *   <li>An {@code https} server uses {@code HTTPS_PROXY} (else {@code https_proxy}); an {@code http} server uses
 *       {@code HTTP_PROXY} (else {@code http_proxy}), refused when {@code REQUEST_METHOD} is set (a CGI process,
 *       whose {@code HTTP_PROXY} a client may have set). Neither falls back to the other.
 *   <li>A value without a scheme ({@code proxy:3128}) means {@code http://proxy:3128}.
 *   <li>Never proxied: {@code localhost} and loopback addresses, and whatever {@code NO_PROXY} (else
 *       {@code no_proxy}) lists: {@code *} for everything; IP addresses and CIDR ranges; domain names, where
 *       {@code example.com} matches it and its subdomains, {@code .example.com} and {@code *.example.com} only
 *       subdomains; each optionally with {@code :port}. Entries are comma-separated; malformed ones are skipped.
 * </ol>
 *
 * <p>With no variable for the server's scheme the JVM's own proxy settings apply ({@link HttpProxy#jvmDefault()}).
 * Difference from Go: a value that cannot be used (unparseable, or a proxy kind the JDK cannot speak) is an error
 * naming the variable when the server would go through it, where Go ignores the variable silently.
 */
final class ProxyFromEnvironment {
  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]*:[0-9a-f:.]*");

  private final Map<String, String> env;

  ProxyFromEnvironment(Map<String, String> env) {
    this.env = env;
  }

  /** The choice for every request to {@code server}. */
  HttpProxy forServer(URI server) {
    boolean https = "https".equalsIgnoreCase(server.getScheme());
    String name = https ? firstSet("HTTPS_PROXY", "https_proxy") : firstSet("HTTP_PROXY", "http_proxy");
    if (name == null) {
      return HttpProxy.jvmDefault();
    }
    if (!https && !blank(env.get("REQUEST_METHOD"))) {
      throw new ConfigException("refusing to use " + name + " in a CGI environment (REQUEST_METHOD is set), where a "
          + "client may have set it; see golang.org/s/cgihttpproxy. Unset " + name + " or set the proxy in the "
          + "kubeconfig's proxy-url");
    }
    String port = String.valueOf(server.getPort() >= 0 ? server.getPort() : https ? 443 : 80);
    if (!useProxy(unbracket(server.getHost()).toLowerCase(Locale.ROOT), port)) {
      return HttpProxy.direct();
    }
    String value = env.get(name).trim();
    URI url = parse(value);
    if (url == null) {
      throw new ConfigException("invalid proxy address in " + name + ": " + redact(value) + " is not a URL or "
          + "host:port; set it to e.g. http://proxy.example:3128, or unset it");
    }
    try {
      return HttpProxy.of(url);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("unusable proxy in " + name + " for " + server + ": " + e.getMessage()
          + "; or add the server's host to NO_PROXY", e);
    }
  }

  /* Go's parseProxy: a URL with scheme http, https or socks5 as it is, anything else tried again as http://value. */
  private static URI parse(String value) {
    URI url = tryParse(value);
    if (url != null && url.getScheme() != null && url.getHost() != null
        && List.of("http", "https", "socks5").contains(url.getScheme().toLowerCase(Locale.ROOT))) {
      return url;
    }
    URI prefixed = tryParse("http://" + value);
    return prefixed != null && prefixed.getHost() != null ? prefixed : null;
  }

  private static URI tryParse(String value) {
    try {
      return new URI(value);
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /* Go's useProxy: false for localhost, loopback and NO_PROXY matches. */
  private boolean useProxy(String host, String port) {
    if (host.isEmpty()) {
      return true;
    }
    if (host.equals("localhost")) {
      return false;
    }
    byte[] ip = ipLiteral(host);
    if (ip != null && isLoopback(ip)) {
      return false;
    }
    String noProxy = env.get(firstSetOr("NO_PROXY", "no_proxy"));
    if (blank(noProxy)) {
      return true;
    }
    for (String raw : noProxy.split(",")) {
      String p = raw.trim().toLowerCase(Locale.ROOT);
      if (p.isEmpty()) {
        continue;
      }
      if (p.equals("*")) {
        return false;
      }
      int slash = p.indexOf('/');
      if (slash > 0) {
        if (ip != null && inCidr(ip, p.substring(0, slash), p.substring(slash + 1))) {
          return false;
        }
        continue;
      }
      String[] hostPort = splitHostPort(p);
      String entryHost = hostPort[0];
      String entryPort = hostPort[1];
      if (entryHost.isEmpty()) {
        continue;
      }
      boolean portMatches = entryPort.isEmpty() || entryPort.equals(port);
      byte[] entryIp = ipLiteral(entryHost);
      if (entryIp != null) {
        if (ip != null && Arrays.equals(ip, entryIp) && portMatches) {
          return false;
        }
        continue;
      }
      if (entryHost.startsWith("*.")) {
        entryHost = entryHost.substring(1);
      }
      boolean matchHost = !entryHost.startsWith(".");
      String suffix = matchHost ? "." + entryHost : entryHost;
      if ((host.endsWith(suffix) || matchHost && host.equals(suffix.substring(1))) && portMatches) {
        return false;
      }
    }
    return true;
  }

  /** {@code host:port}, {@code [v6]:port}, or a bare host (an IPv6 literal without brackets has no port). */
  private static String[] splitHostPort(String p) {
    if (p.startsWith("[")) {
      int close = p.indexOf(']');
      if (close < 0) {
        return new String[] {p, ""};
      }
      String rest = p.substring(close + 1);
      return new String[] {p.substring(1, close), rest.startsWith(":") ? rest.substring(1) : ""};
    }
    int colon = p.indexOf(':');
    if (colon >= 0 && colon == p.lastIndexOf(':')) {
      return new String[] {p.substring(0, colon), p.substring(colon + 1)};
    }
    return new String[] {p, ""};
  }

  private static boolean inCidr(byte[] ip, String network, String bits) {
    byte[] net = ipLiteral(network);
    int prefix;
    try {
      prefix = Integer.parseInt(bits);
    } catch (NumberFormatException e) {
      return false;
    }
    if (net == null || net.length != ip.length || prefix < 0 || prefix > net.length * 8) {
      return false;
    }
    for (int i = 0; i < prefix; i++) {
      int mask = 0x80 >> (i % 8);
      if ((ip[i / 8] & mask) != (net[i / 8] & mask)) {
        return false;
      }
    }
    return true;
  }

  /** The address bytes of an IPv4 or IPv6 literal, or null for a name (never a DNS lookup). */
  static byte[] ipLiteral(String host) {
    String h = unbracket(host).toLowerCase(Locale.ROOT);
    Matcher v4 = IPV4.matcher(h);
    if (v4.matches()) {
      byte[] b = new byte[4];
      for (int i = 0; i < 4; i++) {
        int octet = Integer.parseInt(v4.group(i + 1));
        if (octet > 255) {
          return null;
        }
        b[i] = (byte) octet;
      }
      return b;
    }
    if (!IPV6.matcher(h).matches()) {
      return null;
    }
    try { // a literal with a colon: the JDK parses it and never asks DNS
      return InetAddress.getByName(h).getAddress();
    } catch (UnknownHostException | SecurityException e) {
      return null;
    }
  }

  private static boolean isLoopback(byte[] ip) {
    if (ip.length == 4) {
      return ip[0] == 127;
    }
    for (int i = 0; i < 15; i++) {
      if (ip[i] != 0) {
        return false;
      }
    }
    return ip[15] == 1;
  }

  private static String unbracket(String host) {
    return host != null && host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1)
        : host == null ? "" : host;
  }

  private String firstSet(String upper, String lower) {
    return !blank(env.get(upper)) ? upper : !blank(env.get(lower)) ? lower : null;
  }

  private String firstSetOr(String upper, String lower) {
    String name = firstSet(upper, lower);
    return name == null ? upper : name;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String redact(String value) {
    return "\"" + HttpProxy.redact(value) + "\"";
  }
}
