package io.kubeloop.examples.vm;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.kubeloop.core.api.Unknown;
import java.util.Map;

/**
 * {@code spec.resource} of a {@link VirtualMachine}: what the server should have, as Kubernetes quantities.
 *
 * @param cpu cores, e.g. {@code 2} or {@code 500m}
 * @param memory bytes, e.g. {@code 4Gi}
 * @param rootDisk bytes, e.g. {@code 40Gi}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VmResources(
    Quantity cpu,
    Quantity memory,
    Quantity rootDisk,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> unknown) {

  @JsonCreator
  public VmResources {
    unknown = Unknown.freeze(unknown);
  }

  public static VmResources of(String cpu, String memory, String rootDisk) {
    return new VmResources(q(cpu), q(memory), q(rootDisk), null);
  }

  private static Quantity q(String text) {
    return text == null ? null : Quantity.parse(text);
  }
}
