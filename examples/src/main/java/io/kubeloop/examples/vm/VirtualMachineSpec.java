package io.kubeloop.examples.vm;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.kubeloop.core.api.Unknown;
import java.util.Map;

/**
 * {@code spec} of a {@link VirtualMachine}: what the user wants.
 *
 * @param resource the size of the server
 * @param action a request such as {@code Start} or {@code Stop}; kept and shown, the in-memory backend ignores it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VirtualMachineSpec(
    VmResources resource,
    String action,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> unknown) {

  @JsonCreator
  public VirtualMachineSpec {
    unknown = Unknown.freeze(unknown);
  }

  public static VirtualMachineSpec of(VmResources resource) {
    return new VirtualMachineSpec(resource, null, null);
  }
}
