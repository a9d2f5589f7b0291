package io.kubeloop.core.record;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.kubeloop.core.api.KubernetesObject;
import io.kubeloop.core.api.ObjectMeta;
import io.kubeloop.core.api.ResourceType;
import io.kubeloop.core.api.Unknown;
import java.time.Instant;
import java.util.Map;

/**
 * Java counterpart of core {@code v1.Event} ({@code kubectl get events}), the kind client-go's
 * {@code tools/record} writes. Repeats of the same event are one object whose {@code count} and
 * {@code lastTimestamp} grow.
 *
 * @param type {@link EventRecorder#NORMAL} or {@link EventRecorder#WARNING}
 * @param reason a short UpperCamelCase word such as {@code ServerCreated}
 * @param firstTimestamp when this event was first recorded
 * @param lastTimestamp when it was most recently recorded
 * @param count how many times it was recorded
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Event(
    String apiVersion,
    String kind,
    ObjectMeta metadata,
    ObjectReference involvedObject,
    String reason,
    String message,
    EventSource source,
    Instant firstTimestamp,
    Instant lastTimestamp,
    Integer count,
    String type,
    String reportingComponent,
    String reportingInstance,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> unknown) implements KubernetesObject {

  /** {@code events}, core group, namespaced. */
  public static final ResourceType<Event> TYPE = ResourceType.of("", "v1", "events", "Event", true, Event.class);

  @JsonCreator
  public Event {
    apiVersion = apiVersion == null ? TYPE.apiVersion() : apiVersion;
    kind = kind == null ? TYPE.kind() : kind;
    metadata = metadata == null ? ObjectMeta.of(null, null) : metadata;
    unknown = Unknown.freeze(unknown);
  }
}
