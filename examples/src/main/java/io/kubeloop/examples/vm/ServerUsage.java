package io.kubeloop.examples.vm;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.kubeloop.core.api.Unknown;
import java.util.Map;

/** {@code status.server.usage}: what the server uses right now, refreshed on resync. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServerUsage(Quantity cpu, Quantity memory, @JsonAnySetter @JsonAnyGetter Map<String, Object> unknown) {
  @JsonCreator
  public ServerUsage {
    unknown = Unknown.freeze(unknown);
  }

  public static ServerUsage of(Quantity cpu, Quantity memory) {
    return new ServerUsage(cpu, memory, null);
  }
}
