package io.kubeloop.core.api;

/** Java counterpart of apimachinery {@code watch.EventType}: the {@code type} of a watch event. */
public enum EventType {
  ADDED,
  MODIFIED,
  DELETED,
  /** Carries only a resourceVersion: the stream has seen everything up to it. Sent only if asked for. */
  BOOKMARK,
  /** Carries a {@link Status}, such as 410 Expired when the requested resourceVersion is too old. */
  ERROR
}
