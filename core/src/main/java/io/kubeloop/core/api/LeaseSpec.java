package io.kubeloop.core.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;
import java.util.Map;

/**
 * Java counterpart of {@code coordination.k8s.io/v1} {@code LeaseSpec}. Times are {@link MicroTime} on the wire
 * (exactly six fraction digits). Fields left {@code null} are omitted, which is how client-go writes a record
 * whose optional {@code strategy} and {@code preferredHolder} are unset.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LeaseSpec(
    String holderIdentity,
    Integer leaseDurationSeconds,
    @JsonSerialize(using = MicroTime.Serializer.class) @JsonDeserialize(using = MicroTime.Deserializer.class)
    Instant acquireTime,
    @JsonSerialize(using = MicroTime.Serializer.class) @JsonDeserialize(using = MicroTime.Deserializer.class)
    Instant renewTime,
    Integer leaseTransitions,
    String strategy,
    String preferredHolder,
    @JsonAnySetter @JsonAnyGetter @JsonInclude(content = JsonInclude.Include.ALWAYS) Map<String, Object> unknown) {

  @JsonCreator
  public LeaseSpec {
    unknown = Unknown.freeze(unknown);
  }
}
