package io.kubeloop.testing.apiserver;

import com.sun.net.httpserver.HttpExchange;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One decoded HTTP request: method, path, query (first value of each parameter, URL-decoded), body and the
 * caller's identity. Java counterpart of the {@code RequestInfo} the kube-apiserver resolves for every request
 * (k8s.io/apiserver pkg/endpoints/request/requestinfo.go), minus authorization attributes.
 */
final class ApiRequest {
  final HttpExchange exchange;
  final String method;
  final String path;
  final String rawQuery;
  final Map<String, String> query;
  final byte[] body;
  final String identity;

  ApiRequest(HttpExchange exchange, byte[] body, String identity) {
    this.exchange = exchange;
    this.method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    this.path = exchange.getRequestURI().getRawPath();
    this.rawQuery = exchange.getRequestURI().getRawQuery();
    this.query = parseQuery(rawQuery);
    this.body = body;
    this.identity = identity;
  }

  static Map<String, String> parseQuery(String raw) {
    Map<String, String> q = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = decode(eq < 0 ? pair : pair.substring(0, eq));
      String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
      q.putIfAbsent(k, v);
    }
    return q;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("malformed query parameter " + s + ": " + e.getMessage());
    }
  }

  String param(String name) {
    return query.getOrDefault(name, "");
  }

  boolean flag(String name) {
    String v = param(name);
    return v.equals("true") || v.equals("1");
  }

  String header(String name) {
    String v = exchange.getRequestHeaders().getFirst(name);
    return v == null ? "" : v;
  }

  /** Media type of the body without parameters, lower case; {@code ""} when absent. */
  String contentType() {
    String ct = header("Content-Type");
    int semi = ct.indexOf(';');
    return (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  /** Accept entries split at commas, each trimmed. */
  List<String> accept() {
    String a = exchange.getRequestHeaders().getOrDefault("Accept", List.of()).stream()
        .reduce((x, y) -> x + "," + y).orElse("");
    return List.of(a.split(",")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** Whether some Accept entry is {@code application/json} with all the given parameters (any order). */
  boolean accepts(Map<String, String> params) {
    for (String entry : accept()) {
      String[] parts = entry.split(";");
      if (!parts[0].trim().equalsIgnoreCase("application/json")) {
        continue;
      }
      Map<String, String> p = new LinkedHashMap<>();
      for (int i = 1; i < parts.length; i++) {
        int eq = parts[i].indexOf('=');
        if (eq > 0) {
          p.put(parts[i].substring(0, eq).trim(), parts[i].substring(eq + 1).trim());
        }
      }
      if (p.entrySet().containsAll(params.entrySet())) {
        return true;
      }
    }
    return false;
  }

  /** The Table apiVersion asked for ({@code meta.k8s.io/v1} or {@code …/v1beta1}), or {@code null}. */
  String tableVersion() {
    if (accepts(Map.of("as", "Table", "g", "meta.k8s.io", "v", "v1"))) {
      return "meta.k8s.io/v1";
    }
    if (accepts(Map.of("as", "Table", "g", "meta.k8s.io", "v", "v1beta1"))) {
      return "meta.k8s.io/v1beta1";
    }
    return null;
  }

  @Override
  public String toString() {
    return method + " " + path + (rawQuery == null ? "" : "?" + rawQuery);
  }
}
