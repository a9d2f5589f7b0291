package io.kubeloop.core.client;

import io.kubeloop.core.Context;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One API request as the {@link RequestStage} chain sees it: the Java counterpart of the fields of client-go's
 * {@code rest.Request} that survive until the round trip (verb, URL, headers, body, timeout, context).
 *
 * <p>Immutable, so a stage that adds a header returns a copy and a retry replays exactly the same request. The
 * body is always a byte array: client-go retries only requests whose body it can replay ({@code []byte}), and
 * every kubeloop request has such a body or none, so any request may be retried when the response allows it.
 *
 * @param path the path after the server's base URL, starting with {@code /}, e.g. {@code /api/v1/namespaces/a/pods}
 * @param query the encoded query string without {@code ?}, possibly empty
 * @param headers header name to value; one value per name is all the API needs
 * @param body the request body, or {@code null} for none
 * @param timeout the whole-request timeout, or {@code null} for none (always null for watches)
 * @param watch whether the response is a stream of events to read incrementally
 * @param resource {@code plural.group} of the resource for error messages ({@code "leases.coordination.k8s.io"}),
 *     or {@code ""}
 * @param name the object's name for error messages, or {@code ""}
 */
record KubeRequest(
    String method,
    URI server,
    String path,
    String query,
    Map<String, String> headers,
    byte[] body,
    Duration timeout,
    Context context,
    boolean watch,
    String resource,
    String name) {

  KubeRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(path, "path");
    query = query == null ? "" : query;
    headers = Map.copyOf(headers);
    context = context == null ? Context.background() : context;
    resource = resource == null ? "" : resource;
    name = name == null ? "" : name;
  }

  static KubeRequest of(String method, URI server, String path, String query) {
    return new KubeRequest(method, server, path, query, Map.of(), null, null, null, false, null, null);
  }

  /** A copy with {@code name: value} set, replacing any earlier value of that header. */
  KubeRequest withHeader(String headerName, String value) {
    Map<String, String> copy = new LinkedHashMap<>();
    headers.forEach((k, v) -> {
      if (!k.equalsIgnoreCase(headerName)) {
        copy.put(k, v);
      }
    });
    copy.put(headerName, value);
    return new KubeRequest(method, server, path, query, copy, body, timeout, context, watch, resource, name);
  }

  /** The value of a header, ignoring case, or {@code null}. */
  String header(String headerName) {
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(headerName)) {
        return e.getValue();
      }
    }
    return null;
  }

  KubeRequest withBody(String contentType, byte[] value) {
    return new KubeRequest(method, server, path, query, headers, value, timeout, context, watch, resource, name)
        .withHeader("Content-Type", contentType);
  }

  KubeRequest withTimeout(Duration value) {
    return new KubeRequest(method, server, path, query, headers, body, value, context, watch, resource, name);
  }

  KubeRequest withContext(Context value) {
    return new KubeRequest(method, server, path, query, headers, body, timeout, value, watch, resource, name);
  }

  KubeRequest asWatch() {
    return new KubeRequest(method, server, path, query, headers, body, null, context, true, resource, name);
  }

  KubeRequest describing(String resourceName, String objectName) {
    return new KubeRequest(method, server, path, query, headers, body, timeout, context, watch, resourceName, objectName);
  }

  /** The full URL: the server's base (which may carry a path prefix) + path + query. */
  URI uri() {
    String base = server.toString();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return URI.create(base + path + (query.isEmpty() ? "" : "?" + query));
  }

  /** {@code GET /api/v1/namespaces/a/pods}: how logs and error messages name the request (no query, no headers). */
  String describe() {
    return method + " " + path;
  }

  /** Never shows headers: the Authorization header holds a credential. */
  @Override
  public String toString() {
    return "KubeRequest[" + describe() + (query.isEmpty() ? "" : "?" + query) + (watch ? ", watch" : "") + "]";
  }

  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }
}
