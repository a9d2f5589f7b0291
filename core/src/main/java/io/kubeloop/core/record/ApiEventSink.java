package io.kubeloop.core.record;

import io.kubeloop.core.api.ApiException;
import io.kubeloop.core.client.KubeClient;
import io.kubeloop.core.client.PatchType;
import io.kubeloop.core.client.ResourceClient;
import java.io.IOException;
import java.util.Objects;

/** {@link EventSink} over the API: POST and merge-PATCH on {@code /api/v1/namespaces/<ns>/events}. */
final class ApiEventSink implements EventSink {
  private final ResourceClient<Event> events;

  ApiEventSink(KubeClient client) {
    this.events = Objects.requireNonNull(client, "client").resource(Event.TYPE);
  }

  @Override
  public Event create(Event event) throws IOException, ApiException {
    return events.inNamespace(event.metadata().namespace()).create(event);
  }

  @Override
  public Event patch(Event existing, String mergePatch) throws IOException, ApiException {
    return events.inNamespace(existing.metadata().namespace())
        .patch(existing.metadata().name(), PatchType.MERGE_PATCH, mergePatch);
  }

  @Override
  public String toString() {
    return "EventSink[api]";
  }
}
