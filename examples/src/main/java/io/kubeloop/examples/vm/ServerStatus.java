package io.kubeloop.examples.vm;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.kubeloop.core.api.Unknown;
import java.util.Map;

/**
 * {@code status.server}: the backend server behind a VM.
 *
 * @param id the backend's id for the server
 * @param state the backend's state, e.g. {@code Creating}, {@code Running}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServerStatus(String id, String state, ServerUsage usage,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> unknown) {
  @JsonCreator
  public ServerStatus {
    unknown = Unknown.freeze(unknown);
  }

  public static ServerStatus of(String id, String state, ServerUsage usage) {
    return new ServerStatus(id, state, usage, null);
  }
}
