package io.kubeloop.testing.apiserver;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request as the embedded API server received it, for tests to assert on (like okhttp's
 * {@code mockwebserver3.RecordedRequest}). Immutable.
 *
 * @param time when it arrived, on the server's clock
 * @param method upper case, e.g. {@code PATCH}
 * @param path the raw path, e.g. {@code /api/v1/namespaces/default/configmaps}
 * @param query the raw query string without {@code ?}, {@code ""} if none
 * @param headers header names in lower case; each with all its values ({@code authorization} values are
 *     redacted to their scheme, e.g. {@code Bearer <redacted>})
 * @param identity who sent it (see {@link ApiServer} for how identities are decided)
 * @param body the request body as UTF-8 text, {@code ""} if none
 */
public record RecordedRequest(Instant time, String method, String path, String query,
    Map<String, List<String>> headers, String identity, String body) {

  public RecordedRequest {
    headers = Map.copyOf(headers);
  }

  /** The first value of a header (any case), or {@code ""}. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? "" : values.get(0);
  }

  /** Whether this is a watch request ({@code watch=true} or {@code watch=1}). */
  public boolean isWatch() {
    String w = parseQuery(query).getOrDefault("watch", "");
    return w.equals("true") || w.equals("1");
  }

  /** The value of a query parameter, URL-decoded, or {@code ""}. */
  public String queryParameter(String name) {
    return parseQuery(query).getOrDefault(name, "");
  }

  private static Map<String, String> parseQuery(String raw) {
    Map<String, String> q = new java.util.LinkedHashMap<>();
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      try {
        String k = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
        q.putIfAbsent(k, v);
      } catch (IllegalArgumentException malformed) {
        // a malformed escape: leave the parameter out
      }
    }
    return q;
  }

  @Override
  public String toString() {
    return method + " " + path + (query.isEmpty() ? "" : "?" + query) + " (" + identity + ")";
  }
}
