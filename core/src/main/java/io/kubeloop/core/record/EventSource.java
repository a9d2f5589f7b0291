package io.kubeloop.core.record;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.kubeloop.core.api.Unknown;
import java.util.Map;

/**
 * Java counterpart of {@code v1.EventSource}: who reports an event, as {@code kubectl describe} shows it in the
 * {@code From} column.
 *
 * @param component e.g. {@code vm-controller}
 * @param host the reporting instance, e.g. the pod name; may be null
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record EventSource(String component, String host, @JsonAnySetter @JsonAnyGetter Map<String, Object> unknown) {
  @JsonCreator
  public EventSource {
    unknown = Unknown.freeze(unknown);
  }

  public static EventSource of(String component, String host) {
    if (component == null || component.isEmpty()) {
      throw new IllegalArgumentException("expected an event source component such as \"vm-controller\" but was empty");
    }
    return new EventSource(component, host, null);
  }
}
