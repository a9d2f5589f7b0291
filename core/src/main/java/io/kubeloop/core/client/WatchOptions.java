package io.kubeloop.core.client;

/**
 * Java counterpart of {@code metav1.ListOptions} with {@code watch=true}: what a watch request asks for.
 *
 * @param resourceVersion start after this version; {@code ""}/null or {@code "0"} start with synthetic ADDED
 *     events for the current state
 * @param resourceVersionMatch {@code NotOlderThan} with {@code sendInitialEvents}; null otherwise
 * @param allowWatchBookmarks ask the server for BOOKMARK events (a reflector always does)
 * @param timeoutSeconds the server closes the stream after this long; null for the server's default
 * @param sendInitialEvents a streaming list: ADDED for every object, then a bookmark annotated
 *     {@code k8s.io/initial-events-end}
 */
public record WatchOptions(
    String labelSelector,
    String fieldSelector,
    String resourceVersion,
    String resourceVersionMatch,
    boolean allowWatchBookmarks,
    Long timeoutSeconds,
    Boolean sendInitialEvents) {

  private static final WatchOptions DEFAULTS = new WatchOptions(null, null, null, null, false, null, null);

  public WatchOptions {
    if (timeoutSeconds != null && timeoutSeconds < 0) {
      throw new IllegalArgumentException("expected timeoutSeconds >= 0 but was " + timeoutSeconds);
    }
  }

  public static WatchOptions defaults() {
    return DEFAULTS;
  }

  public WatchOptions withLabelSelector(String value) {
    return new WatchOptions(value, fieldSelector, resourceVersion, resourceVersionMatch, allowWatchBookmarks, timeoutSeconds, sendInitialEvents);
  }

  public WatchOptions withFieldSelector(String value) {
    return new WatchOptions(labelSelector, value, resourceVersion, resourceVersionMatch, allowWatchBookmarks, timeoutSeconds, sendInitialEvents);
  }

  public WatchOptions withResourceVersion(String value) {
    return new WatchOptions(labelSelector, fieldSelector, value, resourceVersionMatch, allowWatchBookmarks, timeoutSeconds, sendInitialEvents);
  }

  public WatchOptions withResourceVersionMatch(String value) {
    return new WatchOptions(labelSelector, fieldSelector, resourceVersion, value, allowWatchBookmarks, timeoutSeconds, sendInitialEvents);
  }

  public WatchOptions withAllowWatchBookmarks(boolean value) {
    return new WatchOptions(labelSelector, fieldSelector, resourceVersion, resourceVersionMatch, value, timeoutSeconds, sendInitialEvents);
  }

  public WatchOptions withTimeoutSeconds(long value) {
    return new WatchOptions(labelSelector, fieldSelector, resourceVersion, resourceVersionMatch, allowWatchBookmarks, value, sendInitialEvents);
  }

  public WatchOptions withSendInitialEvents(boolean value) {
    return new WatchOptions(labelSelector, fieldSelector, resourceVersion, resourceVersionMatch, allowWatchBookmarks, timeoutSeconds, value);
  }
}
