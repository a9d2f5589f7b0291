package io.kubeloop.core.record;

import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.client.KubeClient;
import java.io.IOException;

/**
 * Where recorded events go: the Java counterpart of client-go's {@code record.EventSink} (its
 * {@code v1.EventInterface} adapter is {@link #of(KubeClient)}). Narrow on purpose, so tests record into a list.
 */
public interface EventSink {
  /** Creates a new Event object. */
  Event create(Event event) throws IOException, ApiException;

  /**
   * Applies a JSON merge patch to an existing Event ({@code count}, {@code lastTimestamp}, {@code message} of a
   * repeat). A 404 means the event is gone (expired); the broadcaster then creates a new one.
   */
  Event patch(Event existing, String mergePatch) throws IOException, ApiException;

  /** Events written through {@code client}, in the involved object's namespace. */
  static EventSink of(KubeClient client) {
    return new ApiEventSink(client);
  }
}
