package io.kubeloop.core.record;

import io.kubeloop.core.api.KubernetesObject;

/**
 * Java counterpart of client-go's {@code record.EventRecorder}: records that something happened to an object, as
 * a Kubernetes Event that {@code kubectl describe} and {@code kubectl get events} show. Get one from
 * {@link EventBroadcaster#newRecorder}.
 *
 * <p>Never blocks and never throws on the API's account: events are queued and written by the broadcaster's
 * thread, and dropped (with a log line) when the queue is full. Thread-safe.
 */
public interface EventRecorder {
  /** {@code v1.EventTypeNormal}: something expected happened. */
  String NORMAL = "Normal";
  /** {@code v1.EventTypeWarning}: something went wrong or may need attention. */
  String WARNING = "Warning";

  /**
   * Records an event about {@code object}.
   *
   * @param type {@link #NORMAL} or {@link #WARNING}
   * @param reason UpperCamelCase, short and machine-friendly, e.g. {@code ServerCreated}
   * @param message human-readable detail
   * @throws IllegalArgumentException for another type or an empty reason (client-go logs and drops these)
   */
  void event(KubernetesObject object, String type, String reason, String message);

  /** {@link #event} with a {@link String#format} message ({@code Eventf}). */
  default void eventf(KubernetesObject object, String type, String reason, String format, Object... args) {
    event(object, type, reason, String.format(format, args));
  }

  /** A recorder that records nothing, for code that may run without events. */
  static EventRecorder noop() {
    return (object, type, reason, message) -> {};
  }
}
