package io.kubeloop.core.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Builds a URL query string with the API's parameter names, skipping absent values: the Java counterpart of the
 * query-parameter codec client-go generates for {@code metav1.ListOptions} and friends. Values are URL-encoded as
 * Go's {@code url.Values.Encode} does ({@code app=web,x!=y} becomes {@code app%3Dweb%2Cx%21%3Dy}).
 */
final class Query {
  private final StringBuilder query = new StringBuilder();

  /** Adds {@code name=value} unless {@code value} is null or an empty string. */
  Query add(String name, Object value) {
    if (value == null || (value instanceof String s && s.isEmpty())) {
      return this;
    }
    if (query.length() > 0) {
      query.append('&');
    }
    query.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
        .append(URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8));
    return this;
  }

  /** Adds {@code name=true} when {@code value} is true. */
  Query flag(String name, boolean value) {
    return value ? add(name, "true") : this;
  }

  /** {@code dryRun=All} when asked for: the only dry-run value the API defines. */
  Query dryRun(boolean value) {
    return value ? add("dryRun", "All") : this;
  }

  @Override
  public String toString() {
    return query.toString();
  }

  static Query of(ListOptions o) {
    return new Query()
        .add("labelSelector", o.labelSelector())
        .add("fieldSelector", o.fieldSelector())
        .add("limit", o.limit())
        .add("continue", o.continueToken())
        .add("resourceVersion", o.resourceVersion())
        .add("resourceVersionMatch", o.resourceVersionMatch())
        .add("timeoutSeconds", o.timeoutSeconds());
  }

  static Query of(WatchOptions o) {
    return new Query()
        .add("watch", "true")
        .add("labelSelector", o.labelSelector())
        .add("fieldSelector", o.fieldSelector())
        .add("resourceVersion", o.resourceVersion())
        .add("resourceVersionMatch", o.resourceVersionMatch())
        .flag("allowWatchBookmarks", o.allowWatchBookmarks())
        .add("timeoutSeconds", o.timeoutSeconds())
        .add("sendInitialEvents", o.sendInitialEvents());
  }

  static Query of(WriteOptions o) {
    return new Query()
        .dryRun(o.dryRun())
        .add("fieldManager", o.fieldManager())
        .add("fieldValidation", o.fieldValidation());
  }

  static Query of(PatchOptions o) {
    return new Query()
        .dryRun(o.dryRun())
        .add("fieldManager", o.fieldManager())
        .add("fieldValidation", o.fieldValidation())
        .add("force", o.force());
  }
}
