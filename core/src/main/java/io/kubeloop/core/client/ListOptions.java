package io.kubeloop.core.client;

/**
 * Java counterpart of {@code metav1.ListOptions} for a list request. Start from {@link #defaults()} and change
 * what you need: {@code ListOptions.defaults().withLabelSelector("app=web").withLimit(500)}.
 *
 * @param labelSelector e.g. {@code app=web,tier!=db}; null for everything
 * @param fieldSelector e.g. {@code metadata.name=x}; null for everything
 * @param limit the page size; null for no limit (the server may still paginate with {@code continue})
 * @param continueToken the {@code continue} token of the previous page
 * @param resourceVersion {@code ""}/null: most recent (a quorum read); {@code "0"}: any (served from cache);
 *     other values: not older than, or exactly that, per {@code resourceVersionMatch}
 * @param resourceVersionMatch {@code NotOlderThan} or {@code Exact}; null for the legacy meaning
 * @param timeoutSeconds a server-side limit on the call; null for none
 */
public record ListOptions(
    String labelSelector,
    String fieldSelector,
    Long limit,
    String continueToken,
    String resourceVersion,
    String resourceVersionMatch,
    Long timeoutSeconds) {

  private static final ListOptions DEFAULTS = new ListOptions(null, null, null, null, null, null, null);

  public ListOptions {
    if (limit != null && limit < 0) {
      throw new IllegalArgumentException("expected limit >= 0 but was " + limit);
    }
  }

  /** Everything, most recent, unpaginated. */
  public static ListOptions defaults() {
    return DEFAULTS;
  }

  public ListOptions withLabelSelector(String value) {
    return new ListOptions(value, fieldSelector, limit, continueToken, resourceVersion, resourceVersionMatch, timeoutSeconds);
  }

  public ListOptions withFieldSelector(String value) {
    return new ListOptions(labelSelector, value, limit, continueToken, resourceVersion, resourceVersionMatch, timeoutSeconds);
  }

  public ListOptions withLimit(long value) {
    return new ListOptions(labelSelector, fieldSelector, value, continueToken, resourceVersion, resourceVersionMatch, timeoutSeconds);
  }

  public ListOptions withContinue(String value) {
    return new ListOptions(labelSelector, fieldSelector, limit, value, resourceVersion, resourceVersionMatch, timeoutSeconds);
  }

  public ListOptions withResourceVersion(String value) {
    return new ListOptions(labelSelector, fieldSelector, limit, continueToken, value, resourceVersionMatch, timeoutSeconds);
  }

  public ListOptions withResourceVersionMatch(String value) {
    return new ListOptions(labelSelector, fieldSelector, limit, continueToken, resourceVersion, value, timeoutSeconds);
  }

  public ListOptions withTimeoutSeconds(long value) {
    return new ListOptions(labelSelector, fieldSelector, limit, continueToken, resourceVersion, resourceVersionMatch, value);
  }
}
